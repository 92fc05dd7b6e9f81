using Parquet;
using PolicyRules.Compilation;
using PolicyRules.Input;
using PolicyRules.Model;
using PolicyRules.Screening;
using static PolicyRules.Tests.TestSupport.ParquetTestFiles;

namespace PolicyRules.Tests.Input;

/// <summary>
/// Screening from and to Parquet: every input row ends in the output or the rejects file (with its
/// row, column and reason), only the columns the selected programmes read are read, and results span
/// as many row groups as they need.
/// </summary>
public sealed class ParquetScreeningJobTests : IDisposable
{
    private static readonly Lazy<PolicyEngine> Engine = new(() =>
    {
        var diagnostics = new List<PolicyRules.Rules.RuleDiagnostic>();
        var files = new[] { "SmeSize.json", "HighTechEnterprise.json" }.Select(f => Path.Combine(TestProfiles.RulesDirectory, f));
        Assert.True(PolicyEngine.TryLoad(files, diagnostics, out var engine), string.Join("\n", diagnostics));
        return engine;
    });

    private readonly string _dir = Directory.CreateTempSubdirectory("policyrules-parquet-screen-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string PathOf(string name) => Path.Combine(_dir, name);

    private static CompiledProgramme Programme(string name) => Engine.Value.GetProgramme(name, TestProfiles.AsOf);

    private static EnterpriseProfile[] Enterprises(int count) =>
        [.. Enumerable.Range(1, count).Select(i => TestProfiles.Baseline() with { Id = $"E{i}" })];

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Every_row_of_a_parquet_file_is_in_the_output_or_the_rejects_file_with_row_column_and_reason(bool parallel)
    {
        var input = PathOf("in.parquet");
        await WriteAsync(input, [2, 3], ContractColumns(Enterprises(5), (field, row, value) => (field.Name, row) switch
        {
            ("employees", 1) => null,
            ("revenueY1", 2) => -1m,
            ("industry", 3) => "Mining",
            _ => value,
        }));
        var output = PathOf("out.csv");

        var summary = ScreeningJob.Run(input, output, [Programme("SmeSize")], TestProfiles.AsOf, options: new ScreeningOptions { Parallel = parallel });

        Assert.Equal((5L, 2L, 3L), (summary.Read, summary.Written, summary.Rejected));
        Assert.Equal(["E1", "E5"], File.ReadAllLines(output).Skip(1).Select(l => l.Split(',')[0]));
        var rejects = File.ReadAllLines(ScreeningJob.RejectsPathFor(output));
        Assert.Equal("row,line,id,column,reason", rejects[0]);
        Assert.Equal(["2,0,E2,employees", "3,0,E3,revenueY1", "4,0,E4,industry"], rejects.Skip(1).Select(l => string.Join(',', l.Split(',').Take(4))));
        Assert.Contains("null: the value is needed", rejects[1], StringComparison.Ordinal);
        Assert.Contains("got '-1.000000'", rejects[2], StringComparison.Ordinal);
        Assert.Contains("got 'Mining'", rejects[3], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fail_fast_stops_at_the_first_unreadable_parquet_row_naming_row_and_column()
    {
        var input = PathOf("in.parquet");
        await WriteAsync(input, null, ContractColumns(Enterprises(3), (field, row, value) => field.Name == "employees" && row > 0 ? null : value));

        var error = Assert.Throws<ProfileInputException>(() => ScreeningJob.Run(input, PathOf("out.csv"), [Programme("SmeSize")], TestProfiles.AsOf, options: new ScreeningOptions { FailFast = true }));

        Assert.StartsWith($"{input}: row 2, column 'employees': null", Assert.Single(error.Errors).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Screening_reads_only_the_columns_the_selected_programmes_read_in_Parquet_and_CSV_alike()
    {
        var sme = Programme("SmeSize");
        var highTech = Programme("HighTechEnterprise");
        var unreadBySme = ProfileSchema.Fields.First(f => f.Kind == FieldKind.Money && highTech.FieldsRead(TestProfiles.AsOf).Contains(f) && !sme.FieldsRead(TestProfiles.AsOf).Contains(f));
        var input = PathOf("in.parquet");
        await WriteAsync(input, null, ContractColumns(Enterprises(2), (field, row, value) => field == unreadBySme && row == 1 ? -1m : value));

        // SmeSize never reads the field: its value is neither read nor checked, and the row is screened.
        var smeOnly = ScreeningJob.Run(input, PathOf("sme.csv"), [sme], TestProfiles.AsOf);
        Assert.Equal((2L, 2L, 0L), (smeOnly.Read, smeOnly.Written, smeOnly.Rejected));

        // HighTechEnterprise reads it: the row is rejected naming it.
        var withHighTech = ScreeningJob.Run(input, PathOf("ht.csv"), [sme, highTech], TestProfiles.AsOf);
        Assert.Equal((2L, 1L, 1L), (withHighTech.Read, withHighTech.Written, withHighTech.Rejected));
        Assert.StartsWith($"2,0,E2,{unreadBySme.Name},", File.ReadAllLines(ScreeningJob.RejectsPathFor(PathOf("ht.csv")))[1], StringComparison.Ordinal);

        // CSV screening parses the same cells as Parquet: the same value neither rejects the row for
        // SmeSize alone nor escapes HighTechEnterprise.
        var csv = PathOf("in.csv");
        ProfileCsvWriter.Write(csv, Enterprises(2));
        File.WriteAllLines(csv, [.. File.ReadAllLines(csv).Select((line, i) => i == 2 ? Negate(line, unreadBySme) : line)]);
        Assert.Equal(0L, ScreeningJob.Run(csv, PathOf("sme-from-csv.csv"), [sme], TestProfiles.AsOf).Rejected);
        var csvWithHighTech = ScreeningJob.Run(csv, PathOf("ht-from-csv.csv"), [sme, highTech], TestProfiles.AsOf);
        Assert.Equal((2L, 1L, 1L), (csvWithHighTech.Read, csvWithHighTech.Written, csvWithHighTech.Rejected));
        Assert.StartsWith($"2,3,E2,{unreadBySme.Name},", File.ReadAllLines(ScreeningJob.RejectsPathFor(PathOf("ht-from-csv.csv")))[1], StringComparison.Ordinal);

        // Reading a CSV file as such (not screening) still checks every contract column.
        using var reader = ProfileCsvReader.Open(csv, FieldSet.Empty);
        Assert.Single(reader.ReadAll(), r => r.Errors.Any(e => e.Column == unreadBySme.Name));
    }

    [Fact]
    public async Task Parquet_results_span_row_groups_in_input_order_with_every_value()
    {
        var path = PathOf("results.parquet");
        ResultColumns[] columns = [new("P", HasScore: true, HasClassification: true), new("Q", HasScore: false, HasClassification: false)];
        var names = "a;b" + "c";
        using (var sink = new ParquetResultSink(File.Create(path), columns, rowGroupSize: 3))
        {
            for (var i = 0; i < 7; i++)
            {
                ReadOnlySpan<ProgrammeOutcome> outcomes =
                [
                    new(i % 2 == 0, i == 3 ? null : i * 1.5m, i == 5 ? null : "class" + i, 0, i % 3 == 0 ? 3 : 0),
                    new(true, null, null, 3, i % 3 == 1 ? 1 : 0),
                ];
                sink.Write("id" + i, outcomes, names, []);
            }
        }

        await using var reader = await ParquetReader.CreateAsync(path);
        Assert.Equal(3, reader.RowGroupCount);
        var fields = reader.Schema.DataFields;
        Assert.Equal(["id", "P.eligible", "P.score", "P.classification", "P.failed", "Q.eligible", "Q.failed"], reader.Schema.Fields.Select(f => f.Name));
        var rows = new List<(string?, bool, decimal?, string?, string?, bool, string?)>();
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            var group = reader.OpenRowGroupReader(g);
            var n = (int)group.RowCount;
            var (ids, pEligible, pScore, pClass, qEligible) = (new string?[n], new bool[n], new decimal?[n], new string?[n], new bool[n]);
            await group.ReadAsync(fields[0], ids);
            await group.ReadAsync<bool>(fields[1], pEligible);
            await group.ReadAsync<decimal>(fields[2], pScore);
            await group.ReadAsync(fields[3], pClass);
            var pFailed = (await ParquetLists.ReadAsync(group, fields[4])).Select(l => string.Join(';', l)).ToArray();
            await group.ReadAsync<bool>(fields[5], qEligible);
            var qFailed = (await ParquetLists.ReadAsync(group, fields[6])).Select(l => string.Join(';', l)).ToArray();
            for (var i = 0; i < n; i++)
            {
                rows.Add((ids[i], pEligible[i], pScore[i], pClass[i], pFailed[i], qEligible[i], qFailed[i]));
            }
        }

        var expected = Enumerable.Range(0, 7).Select(i => ((string?)("id" + i), i % 2 == 0, i == 3 ? null : (decimal?)(i * 1.5m), i == 5 ? null : "class" + i, (string?)(i % 3 == 0 ? "a;b" : ""), true, (string?)(i % 3 == 1 ? "c" : "")));
        Assert.Equal(expected, rows);
    }

    /// <summary>The CSV line with <paramref name="field"/>'s cell made negative.</summary>
    private static string Negate(string line, ProfileField field)
    {
        var cells = line.Split(',');
        cells[field.Index] = "-1";
        return string.Join(',', cells);
    }
}

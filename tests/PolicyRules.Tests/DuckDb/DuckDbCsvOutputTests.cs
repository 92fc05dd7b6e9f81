using System.Globalization;
using System.Text;
using DuckDB.NET.Data;
using PolicyRules.Cli.Generation;
using PolicyRules.Compilation;
using PolicyRules.DuckDb;
using PolicyRules.Input;
using PolicyRules.Screening;
using PolicyRules.Sql;
using PolicyRules.Sql.Execution;
using PolicyRules.Tests.Sql;

namespace PolicyRules.Tests.DuckDb;

/// <summary>
/// <c>screen --engine duckdb</c> to a CSV file, no programme ranking: DuckDB writes the results itself
/// (<see cref="DuckDbCsvOutput"/>, lines from <see cref="CsvLineSql"/>). Its files and summary equal the
/// rows streamed through this process (<c>csvByDuckDb: false</c>) and the .NET engine's, byte for byte:
/// random ids holding every character the CSV writer quotes or a spreadsheet runs (in both text modes
/// and both column namings), rejects among them, every declared output's places and totals; a repeated
/// id takes the streamed writer; a million rows come out in their order.
/// </summary>
public sealed class DuckDbCsvOutputTests : IDisposable
{
    private static readonly PolicyEngine Engine = PolicyEngine.LoadDirectory(TestProfiles.RulesDirectory);
    private static readonly DateOnly AsOf = SyntheticProfiles.AsOf;

    private readonly string _directory = Directory.CreateTempSubdirectory("policyrules-duckcsv-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Out(string name) => Path.Combine(_directory, name);

    /// <summary>The bundled enterprise programmes that rank no population (their rows go through a file).</summary>
    private static List<CompiledProgramme> Unranked() =>
        [.. SqlParity.EnterpriseProgrammes(Engine).Select(n => Engine.GetProgramme(n, AsOf)).Where(p => !SqlParity.Ranks(Engine, p, AsOf))];

    private ScreeningSummary Run(string input, string output, IReadOnlyList<CompiledProgramme> programmes, ScreeningOptions options, bool byDuckDb, List<string>? statements = null, int? parts = null) =>
        DuckDbRun.Run(input, Out(output), null, ScreeningJob.RejectsPathFor(Out(output)), programmes, AsOf, null, options, statements is null ? null : statements.Add, csvByDuckDb: byDuckDb, csvParts: parts);

    /// <summary>Read, written, rejected and every programme's counts and output totals (not the rejects path).</summary>
    private static string Describe(ScreeningSummary s) =>
        string.Create(CultureInfo.InvariantCulture, $"{s.Read} {s.Written} {s.Rejected} {s.RuleSetId}\n") + string.Join("\n", s.Programmes.Select(p =>
            string.Create(CultureInfo.InvariantCulture, $"{p.Programme} {p.Version} {p.Eligible} [{string.Join(", ", p.FailuresByCriterion)}] [{string.Join(", ", p.OutputTotals)}]")));

    private static readonly string[] Starts = ["=", "+", "-", "@", "＝", "＋", "－", "＠", "I", "é", "中", "9137", "'"];
    private static readonly string[] Middles = [",", "\"", "\"\"", "\r\n", "\n", " ", "x", "中文", "\u0001", "=", ";", "\t", "\r\n\"", ",\""];

    /// <summary>An id that starts like a formula (or not) and holds what the CSV writer quotes; unique by its number.</summary>
    private static string OddId(Random random, int n)
    {
        var id = new StringBuilder(Starts[random.Next(Starts.Length)]);
        for (var k = random.Next(0, 4); k > 0; k--)
        {
            id.Append(Middles[random.Next(Middles.Length)]);
        }

        return id.Append('#').Append(n).ToString();
    }

    /// <summary>1,500 generated records with odd ids; every 37th a reject (money to the tenth of a fen).</summary>
    private string WriteOddRecords(int seed)
    {
        var random = new Random(seed);
        var profiles = SyntheticProfiles.Generate(1500, seed: seed).Select((p, i) => p with
        {
            Id = OddId(random, i),
            RevenueY1 = i % 37 == 5 ? 1500.235m : p.RevenueY1,
        }).ToList();
        var input = Out("in.csv");
        ProfileCsvWriter.Write(input, profiles);
        return input;
    }

    [Theory]
    [InlineData(false, ResultColumnNames.Dotted)]
    [InlineData(true, ResultColumnNames.Dotted)]
    [InlineData(false, ResultColumnNames.Underscore)]
    public void DuckDB_writes_the_streamed_writers_bytes_for_ids_of_every_shape_and_every_unranked_programme(bool rawText, ResultColumnNames names)
    {
        var seed = Random.Shared.Next();
        var input = WriteOddRecords(seed);
        var options = new ScreeningOptions { RawText = rawText, ColumnNames = names };
        var programmes = Unranked();
        var statements = new List<string>();
        var direct = Run(input, "direct.csv", programmes, options, byDuckDb: true, statements);
        var streamed = Run(input, "streamed.csv", programmes, options, byDuckDb: false);
        var dotnet = ScreeningJob.Run(input, Out("dotnet.csv"), programmes, AsOf, options: options);

        Assert.Contains(statements, s => s.StartsWith("COPY (SELECT coalesce(", StringComparison.Ordinal)); // the path under test was taken
        EngineOutputs.AssertSame(Out("streamed.csv"), Out("direct.csv"));
        EngineOutputs.AssertSame(ScreeningJob.RejectsPathFor(Out("streamed.csv")), ScreeningJob.RejectsPathFor(Out("direct.csv")));
        EngineOutputs.AssertSame(Out("dotnet.csv"), Out("direct.csv"));
        Assert.Equal(Describe(streamed), Describe(direct));
        Assert.Equal(Describe(dotnet), Describe(direct));
        Assert.Empty(Directory.GetFiles(_directory, "*.partial"));

        // The run reached what it is for (seed in the message): rejects, quoted ids, and (unless raw) neutralised ones.
        Assert.True(direct.Rejected >= 30 && direct.Written >= 1000, $"seed {seed}: {direct.Written} written, {direct.Rejected} rejected");
        var text = File.ReadAllText(Out("direct.csv"));
        Assert.Contains("\n\"", text, StringComparison.Ordinal);
        Assert.Contains(rawText ? "\n＝" : "\n'＝", text, StringComparison.Ordinal);
        Assert.Contains(rawText ? "\n-" : "\n'-", text, StringComparison.Ordinal);
        Assert.Contains(names == ResultColumnNames.Underscore ? "SmeSize_classification" : "SmeSize.classification", text, StringComparison.Ordinal);
    }

    /// <summary>
    /// The lines copied in parts, one statement each, beside the id check, the rejects and the counts:
    /// joined, the file is the one statement's, byte for byte, whatever the number of parts (more than the
    /// rows too: empty parts), rejects falling in any part.
    /// </summary>
    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(1600)]
    public void The_lines_written_in_parts_join_to_the_file_one_statement_writes(int parts)
    {
        var seed = Random.Shared.Next();
        var input = WriteOddRecords(seed);
        var programmes = Unranked();
        var statements = new List<string>();
        var whole = Run(input, "whole.csv", programmes, new ScreeningOptions(), byDuckDb: true, parts: 1);
        var joined = Run(input, "joined.csv", programmes, new ScreeningOptions(), byDuckDb: true, statements, parts);

        // The run that wrote the files: the last query (the typed one is dropped when a cell is not plain).
        var last = statements.FindLastIndex(s => s.Contains("read_csv(", StringComparison.Ordinal));
        Assert.Equal(parts, statements.Skip(last).Count(s => s.StartsWith("COPY (SELECT coalesce(", StringComparison.Ordinal)));
        Assert.True(File.ReadAllBytes(Out("whole.csv")).AsSpan().SequenceEqual(File.ReadAllBytes(Out("joined.csv"))), $"seed {seed}");
        EngineOutputs.AssertSame(ScreeningJob.RejectsPathFor(Out("whole.csv")), ScreeningJob.RejectsPathFor(Out("joined.csv")));
        Assert.Equal(Describe(whole), Describe(joined));
        Assert.Empty(Directory.GetFiles(_directory, "*.partial"));
    }

    [Fact]
    public void Every_declared_output_is_written_at_its_places_and_totalled_as_the_streamed_writer_does()
    {
        var rules = Path.Combine(_directory, "rules");
        Directory.CreateDirectory(rules);
        File.WriteAllText(Path.Combine(rules, "OutputSweep.json"), SqlOutputParityTests.RuleFile());
        var engine = PolicyEngine.LoadDirectory(rules);
        var input = SqlParity.WriteCsv(SqlOutputParityTests.Records(), _directory);
        List<CompiledProgramme> programmes = [engine.GetProgramme("OutputSweep", AsOf)];
        var statements = new List<string>();
        var direct = Run(input, "direct.csv", programmes, new ScreeningOptions(), byDuckDb: true, statements);
        var streamed = Run(input, "streamed.csv", programmes, new ScreeningOptions(), byDuckDb: false);
        var dotnet = ScreeningJob.Run(input, Out("dotnet.csv"), programmes, AsOf);

        Assert.Contains(statements, s => s.StartsWith("COPY (SELECT coalesce(", StringComparison.Ordinal));
        EngineOutputs.AssertSame(Out("streamed.csv"), Out("direct.csv"));
        EngineOutputs.AssertSame(Out("dotnet.csv"), Out("direct.csv"));
        Assert.Equal(Describe(streamed), Describe(direct));
        Assert.Equal(Describe(dotnet), Describe(direct));
        var totals = Assert.Single(direct.Programmes).OutputTotals;
        Assert.True(totals.Length > 40);
        Assert.All(totals, t => Assert.True(t.Count > 0, t.ToString()));
        var text = File.ReadAllText(Out("direct.csv"));
        Assert.Contains(",1000000.00,", text, StringComparison.Ordinal); // a cap at two places
        Assert.Contains(",-1000.00,", text, StringComparison.Ordinal); // a floor, negative
    }

    [Fact]
    public void A_repeated_id_takes_the_streamed_writer_and_gives_its_files()
    {
        var profiles = SyntheticProfiles.Generate(600, seed: 181).ToList();
        profiles[400] = profiles[400] with { Id = profiles[30].Id };
        var input = Out("in.csv");
        ProfileCsvWriter.Write(input, profiles);
        var programmes = Unranked();
        var statements = new List<string>();
        var direct = Run(input, "direct.csv", programmes, new ScreeningOptions(), byDuckDb: true, statements, parts: 3);
        var streamed = Run(input, "streamed.csv", programmes, new ScreeningOptions(), byDuckDb: false);

        // The lines' copies began beside the check; their files were dropped.
        var streaming = statements.FindIndex(s => s.StartsWith("SELECT * FROM read_parquet(", StringComparison.Ordinal));
        Assert.True(streaming > 0);
        Assert.DoesNotContain(statements.Skip(streaming), s => s.StartsWith("COPY (SELECT coalesce(", StringComparison.Ordinal));
        Assert.Empty(Directory.GetFiles(_directory, "*.partial"));
        Assert.Equal(1, direct.Rejected);
        EngineOutputs.AssertSame(Out("streamed.csv"), Out("direct.csv"));
        EngineOutputs.AssertSame(ScreeningJob.RejectsPathFor(Out("streamed.csv")), ScreeningJob.RejectsPathFor(Out("direct.csv")));
        Assert.Equal(Describe(streamed), Describe(direct));
        Assert.StartsWith("401,402,", File.ReadAllLines(ScreeningJob.RejectsPathFor(Out("direct.csv")))[1], StringComparison.Ordinal); // row 401, line 402
    }

    [Fact]
    public void With_fail_fast_the_first_reject_stops_the_run_and_nothing_appears()
    {
        var input = WriteOddRecords(seed: 7);
        var options = new ScreeningOptions { FailFast = true };
        var dotnet = Assert.Throws<ProfileInputException>(() => ScreeningJob.Run(input, Out("dotnet.csv"), Unranked(), AsOf, options: options));
        var duckdb = Assert.Throws<ProfileInputException>(() => Run(input, "direct.csv", Unranked(), options, byDuckDb: true, parts: 3));
        Assert.Equal(dotnet.Errors, duckdb.Errors);
        Assert.False(File.Exists(Out("direct.csv")));
        Assert.False(File.Exists(ScreeningJob.RejectsPathFor(Out("direct.csv"))));
        Assert.Empty(Directory.GetFiles(_directory, "*.partial"));
    }

    /// <summary>
    /// A million rows in a rows file over several row groups, read on every core: the lines come in the
    /// rows' order (without <c>PRESERVE_ORDER</c> this copy came out of order), each reject at its row,
    /// across the parts the lines are written in.
    /// </summary>
    [Fact]
    public void A_million_rows_come_out_in_their_order_with_each_reject_at_its_row()
    {
        List<CompiledProgramme> programmes = [Engine.GetProgramme("HighTechEnterprise", AsOf)];
        var query = SqlScreening.Compile(programmes, AsOf, SqlDialects.DuckDb, "unused", new ScreeningOptions(), repeatsLeftToReader: true);
        Assert.Equal(["id", "HighTechEnterprise.eligible", "HighTechEnterprise.failed"], query.Columns.ToArray());
        var rows = Out("rows.parquet");
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using (var make = connection.CreateCommand())
        {
            make.CommandText = $"""
                COPY (SELECT CAST(i AS VARCHAR) AS "id", i % 3 = 0 AS "HighTechEnterprise.eligible",
                  CASE WHEN i % 3 = 0 THEN '' ELSE 'RdIntensity' END AS "HighTechEnterprise.failed",
                  CASE WHEN i % 100000 = 99999 THEN 'revenueY1' END AS "{ScreeningSqlQuery.RejectedColumnsColumn}",
                  CASE WHEN i % 100000 = 99999 THEN 'not money' END AS "{ScreeningSqlQuery.RejectedReasonsColumn}"
                FROM range(1000000) t(i)) TO '{rows}' (FORMAT parquet, PRESERVE_ORDER true)
                """;
            make.ExecuteNonQuery();
        }

        var input = Out("in.csv");
        File.WriteAllText(input, "id\n");
        var output = Out("out.csv");
        var summary = DuckDbCsvOutput.Write(connection, query, rows, input, output, ScreeningJob.RejectsPathFor(output), new ReportedRejects(input), 1_000_000, null, new ScreeningOptions(), null, null, parts: 3);

        Assert.NotNull(summary);
        Assert.Equal((1_000_000L, 999_990L, 10L), (summary.Read, summary.Written, summary.Rejected));
        Assert.Equal(Enumerable.Range(0, 1_000_000).Count(i => i % 3 == 0 && i % 100000 != 99999), summary.Programmes[0].Eligible);
        var expected = 0;
        var compared = 0;
        using (var lines = File.ReadLines(output).GetEnumerator())
        {
            Assert.True(lines.MoveNext());
            Assert.Equal("id,HighTechEnterprise.eligible,HighTechEnterprise.failed", lines.Current);
            while (lines.MoveNext())
            {
                if (expected % 100000 == 99999)
                {
                    expected++;
                }

                var line = expected % 3 == 0 ? $"{expected},true," : $"{expected},false,RdIntensity";
                Assert.True(line == lines.Current, $"line for row {expected + 1}: {lines.Current}");
                expected++;
                compared++;
            }
        }

        Assert.Equal(999_990, compared);
        var rejected = File.ReadAllLines(ScreeningJob.RejectsPathFor(output)).Skip(1).Select(l => l.Split(',')[0]);
        Assert.Equal(Enumerable.Range(1, 10).Select(k => (k * 100000).ToString(CultureInfo.InvariantCulture)), rejected);
    }
}

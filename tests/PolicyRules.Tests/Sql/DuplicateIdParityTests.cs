using System.Text.RegularExpressions;
using DuckDB.NET.Data;
using PolicyRules.Cli.Generation;
using PolicyRules.DuckDb;
using PolicyRules.Input;
using PolicyRules.Model;
using PolicyRules.PostgreSql;
using PolicyRules.Screening;
using PolicyRules.Sql;
using PolicyRules.Sql.Execution;
using PolicyRules.Tests.TestSupport;

namespace PolicyRules.Tests.Sql;

/// <summary>
/// A later row with an accepted row's id is a reject naming that row in the SQL engines as in the .NET
/// engine — from a CSV file and a Parquet file (DuckDB) and from a table (PostgreSQL): the same results
/// (InnovationIndexTop50 ranks each enterprise once), the same rejects, read = written + rejected; and
/// the printed queries (<c>sql</c>) leave the repeats out of the results and list them with the rejects.
/// </summary>
public sealed class DuplicateIdParityTests(PostgresFixture fixture) : IClassFixture<PostgresFixture>, IDisposable
{
    private static readonly PolicyEngine Engine = PolicyEngine.LoadDirectory(TestProfiles.RulesDirectory);
    private static readonly DateOnly AsOf = SyntheticProfiles.AsOf;
    private readonly string _directory = Directory.CreateTempSubdirectory("policyrules-duplicate-id-sql-").FullName;

    /// <summary>Rows after which a copy goes, and the row whose id it takes (its values are another row's).</summary>
    private static readonly (int After, int IdOf)[] Copies = [(0, 0), (10, 3), (10, 3), (25, 7), (59, 0), (59, 58), (30, 30)];

    /// <summary>The row that is unreadable (a copy of its id later is the first accepted row with it).</summary>
    private const int Unreadable = 30;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Out(string name) => Path.Combine(_directory, name);

    private static List<PolicyRules.Compilation.CompiledProgramme> Programmes() =>
        [.. SqlParity.EnterpriseProgrammes(Engine).Select(n => Engine.GetProgramme(n, AsOf))];

    private static List<EnterpriseProfile> Profiles() => [.. SyntheticProfiles.Generate(60, seed: 5151).OrderBy(p => p.Id, StringComparer.Ordinal)];

    /// <summary>60 generated enterprises, ordered by id, with the copies put in.</summary>
    private static List<EnterpriseProfile> Rows()
    {
        var profiles = Profiles();
        var rows = new List<EnterpriseProfile>();
        for (var i = 0; i < profiles.Count; i++)
        {
            rows.Add(profiles[i]);
            rows.AddRange(Copies.Where(c => c.After == i).Select(c => profiles[(c.IdOf + 17) % profiles.Count] with { Id = profiles[c.IdOf].Id }));
        }

        return rows;
    }

    /// <summary>The rows as CSV, the unreadable row's employees not a number.</summary>
    private string WriteCsv(string name)
    {
        var path = Out(name);
        ProfileCsvWriter.Write(path, Rows());
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split(',');
        var line = 1 + Rows().FindIndex(r => r.Id == Profiles()[Unreadable].Id);
        var cells = lines[line].Split(',');
        cells[Array.IndexOf(header, "employees")] = "many";
        lines[line] = string.Join(',', cells);
        File.WriteAllLines(path, lines);
        return path;
    }

    [Fact]
    public void DuckDB_rejects_a_repeated_id_in_a_csv_file_as_the_NET_engine_does()
    {
        var input = WriteCsv("in.csv");
        AssertSameRuns(input, output => DuckDbScreening.Run(input, output, Programmes(), AsOf), withLines: true, unreadable: true);
    }

    [Fact]
    public async Task DuckDB_rejects_a_repeated_id_in_a_parquet_file_as_the_NET_engine_does()
    {
        var input = Out("in.parquet");
        await ParquetTestFiles.WriteAsync(input, null, ParquetTestFiles.ContractColumns(Rows()));
        AssertSameRuns(input, output => DuckDbScreening.Run(input, output, Programmes(), AsOf), withLines: true, unreadable: false);
    }

    /// <summary>Programmes none of which ranks a population: the DuckDB engine's rows query leaves repeats to its reader.</summary>
    private static List<PolicyRules.Compilation.CompiledProgramme> Unranked() =>
        [.. new[] { "HighTechEnterprise", "SmeSize", "TechLoanWhitelist" }.Select(n => Engine.GetProgramme(n, AsOf))];

    [Fact]
    public async Task DuckDB_without_a_ranking_leaves_repeats_to_its_reader_which_rejects_them_as_the_NET_engine_does()
    {
        var query = SqlScreening.Compile(Unranked(), AsOf, SqlDialects.DuckDb, "records", new ScreeningOptions(), repeatsLeftToReader: true);
        Assert.True(query.RepeatsLeftToReader);
        Assert.DoesNotContain("PARTITION BY", query.Rows, StringComparison.Ordinal); // no window: the reader takes the repeats out
        Assert.Contains("PARTITION BY", query.Results, StringComparison.Ordinal); // the printed queries always do
        Assert.False(SqlScreening.Compile(Programmes(), AsOf, SqlDialects.DuckDb, "records", new ScreeningOptions(), repeatsLeftToReader: true).RepeatsLeftToReader);

        var csv = WriteCsv("in.csv");
        AssertSameRuns(csv, output => DuckDbScreening.Run(csv, output, Unranked(), AsOf), withLines: true, unreadable: true, Unranked());
        var parquet = Out("in.parquet");
        await ParquetTestFiles.WriteAsync(parquet, null, ParquetTestFiles.ContractColumns(Rows()));
        AssertSameRuns(parquet, output => DuckDbScreening.Run(parquet, output, Unranked(), AsOf), withLines: true, unreadable: false, Unranked());
    }

    [Fact]
    public void PostgreSQL_rejects_a_repeated_id_in_a_table_as_the_NET_engine_does()
    {
        if (fixture.Server is null)
        {
            Assert.False(PostgresServer.Required, "POLICYRULES_REQUIRE_POSTGRES=1 but no server could start: " + fixture.WhyNot);
            return;
        }

        var input = WriteCsv("in.csv");
        using (var connection = fixture.Server.Connect())
        {
            PostgresParityTests.LoadText(connection, input, "repeated_ids", typed: false);
        }

        AssertSameRuns(input, output => PostgresScreening.Run(fixture.Server.ConnectionString, "repeated_ids", output, Programmes(), AsOf), withLines: false, unreadable: true);
    }

    [Fact]
    public void The_printed_queries_leave_a_repeated_id_out_of_the_results_and_list_it_with_the_rejects()
    {
        var input = WriteCsv("in.csv");
        var expected = ScreeningJob.Run(input, Out("dotnet.csv"), Programmes(), AsOf);
        var query = ScreeningSql.Compile(Programmes(), AsOf, SqlDialects.DuckDb, new ScreeningSqlOptions { From = $"read_csv('{input}', all_varchar = true, header = true)" });
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        var results = Query(connection, query.Results!);
        var rejects = Query(connection, query.Rejects!);

        // The results query's rows are the .NET engine's, ranks included (its columns, in its order).
        var written = File.ReadAllLines(Out("dotnet.csv")).Skip(1).Select(l => l.Split(',')[0]).ToList();
        Assert.Equal(written, results.Select(r => r[0]));
        Assert.Equal(expected.Written, results.Count);
        var rejected = File.ReadAllLines(Out("dotnet.csv.rejects.csv")).Skip(1).Select(l => l.Split(',', 3)).ToList();
        Assert.Equal(rejected.Select(r => (r[0], r[2].Split(',')[0])), rejects.Select(r => (r[0], r[1])));
        Assert.Equal(Copies.Length - 1 + 1, rejects.Count); // every copy but the one after the unreadable row, and the unreadable row
    }

    private static List<string[]> Query(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<string[]>();
        while (reader.Read())
        {
            rows.Add([.. Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)!)]);
        }

        return rows;
    }

    /// <param name="unreadable">The input has the unreadable row (so the copy after it is the first accepted row with its id).</param>
    private void AssertSameRuns(string input, Func<string, ScreeningSummary> sql, bool withLines, bool unreadable, List<PolicyRules.Compilation.CompiledProgramme>? programmes = null)
    {
        var expected = ScreeningJob.Run(input, Out("dotnet.csv"), programmes ?? Programmes(), AsOf);
        var actual = sql(Out("sql.csv"));
        var copies = unreadable ? Copies.Length - 1 : Copies.Length;
        Assert.Equal((Rows().Count, 60L, Copies.Length + 0L), (expected.Read, expected.Written, expected.Rejected)); // with the unreadable row: it out, its copy in
        Assert.Equal((expected.Read, expected.Written, expected.Rejected), (actual.Read, actual.Written, actual.Rejected));
        var dotnet = File.ReadAllLines(Out("dotnet.csv.rejects.csv")).Skip(1).ToList();
        var rejects = File.ReadAllLines(Out("sql.csv.rejects.csv")).Skip(1).ToList();
        Assert.Equal(copies, dotnet.Count(r => r.Contains(",id,\"duplicate id: row ", StringComparison.Ordinal)));
        if (withLines)
        {
            Assert.Equal(dotnet, rejects);
        }
        else
        {
            // A table has no lines, and no order: PostgreSQL numbers its rows in id order (PostgresRun), so
            // the rejects are compared by id, column and reason, the row numbers aside.
            static IEnumerable<string> ById(IEnumerable<string> lines) =>
                lines.Select(l => Regex.Replace(string.Join(',', l.Split(',').Skip(2)), "row [0-9]+ |第 [0-9]+ 行", "row N ")).Order(StringComparer.Ordinal);
            Assert.Equal(ById(dotnet), ById(rejects));
        }
        EngineOutputs.AssertSame(Out("dotnet.csv"), Out("sql.csv"));
    }
}

using Npgsql;
using PolicyRules.Cli.Generation;
using PolicyRules.DuckDb;
using PolicyRules.Input;
using PolicyRules.Model;
using PolicyRules.PostgreSql;
using PolicyRules.Screening;
using PolicyRules.Sql;
using PolicyRules.Tests.TestSupport;

namespace PolicyRules.Tests.Sql;

/// <summary>
/// A row whose id is empty or only spaces is a reject naming the id column in the SQL engines as in the
/// .NET engine: the same results, the same rejects file (row, id, column, reason) and read = written +
/// rejected, from a Parquet file and a CSV file (DuckDB) and from a table (PostgreSQL).
/// </summary>
public sealed class BlankIdParityTests(PostgresFixture fixture) : IClassFixture<PostgresFixture>, IDisposable
{
    private static readonly PolicyEngine Engine = PolicyEngine.LoadDirectory(TestProfiles.RulesDirectory);
    private static readonly DateOnly AsOf = SyntheticProfiles.AsOf;
    private readonly string _directory = Directory.CreateTempSubdirectory("policyrules-blank-id-sql-").FullName;

    /// <summary>Row index → the id written there: empty, spaces, and a null (Parquet, and an empty CSV cell).</summary>
    private static readonly Dictionary<int, string?> Blank = new() { [3] = "", [17] = " ", [40] = "   ", [41] = null };

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Out(string name) => Path.Combine(_directory, name);

    private static List<PolicyRules.Compilation.CompiledProgramme> Programmes() =>
        [.. SqlParity.EnterpriseProgrammes(Engine).Select(n => Engine.GetProgramme(n, AsOf))];

    private static List<EnterpriseProfile> Profiles() => [.. SyntheticProfiles.Generate(60, seed: 4242).OrderBy(p => p.Id, StringComparer.Ordinal)];

    [Fact]
    public async Task DuckDB_rejects_a_parquet_row_with_a_blank_id_as_the_NET_engine_does()
    {
        var input = Out("in.parquet");
        await ParquetTestFiles.WriteAsync(input, null, ParquetTestFiles.ContractColumns(Profiles(), (field, row, value) =>
            field.Name == "id" && Blank.TryGetValue(row, out var id) ? id : value));

        AssertSameRuns(input, (output) => DuckDbScreening.Run(input, output, Programmes(), AsOf));
    }

    /// <summary>An empty id cell; spaces outside quotes DuckDB refuses for the whole file (<see cref="CsvPreflight"/>), so they are not here.</summary>
    [Fact]
    public void DuckDB_rejects_a_csv_row_with_an_empty_id_as_the_NET_engine_does()
    {
        var input = Out("in.csv");
        ProfileCsvWriter.Write(input, Profiles());
        var lines = File.ReadAllLines(input);
        foreach (var row in Blank.Keys)
        {
            lines[row + 1] = lines[row + 1][lines[row + 1].IndexOf(',', StringComparison.Ordinal)..];
        }

        File.WriteAllLines(input, lines);
        AssertSameRuns(input, (output) => DuckDbScreening.Run(input, output, Programmes(), AsOf));
    }

    [Fact]
    public void PostgreSQL_rejects_a_table_row_with_a_blank_id_as_the_NET_engine_does()
    {
        if (fixture.Server is null)
        {
            Assert.False(PostgresServer.Required, "POLICYRULES_REQUIRE_POSTGRES=1 but no server could start: " + fixture.WhyNot);
            return;
        }

        // Quoted, so the spaces reach the table as text (COPY reads an unquoted empty cell as NULL).
        var input = Out("in.csv");
        ProfileCsvWriter.Write(input, Profiles());
        var lines = File.ReadAllLines(input);
        foreach (var (row, id) in Blank)
        {
            lines[row + 1] = (id is null ? "" : $"\"{id}\"") + lines[row + 1][lines[row + 1].IndexOf(',', StringComparison.Ordinal)..];
        }

        File.WriteAllLines(input, lines);
        using (var connection = fixture.Server.Connect())
        {
            PostgresParityTests.LoadText(connection, input, "blank_ids", typed: false);
        }

        AssertSameRuns(input, (output) => PostgresScreening.Run(fixture.Server.ConnectionString, "blank_ids", output, Programmes(), AsOf));
    }

    private void AssertSameRuns(string input, Func<string, ScreeningSummary> sql)
    {
        var expected = ScreeningJob.Run(input, Out("dotnet.csv"), Programmes(), AsOf);
        var actual = sql(Out("sql.csv"));
        Assert.Equal(Blank.Count, expected.Rejected);
        Assert.Equal((expected.Read, expected.Written, expected.Rejected), (actual.Read, actual.Written, actual.Rejected));
        EngineOutputs.AssertSame(Out("dotnet.csv"), Out("sql.csv"));
        var rejects = File.ReadAllLines(Out("sql.csv.rejects.csv")).Skip(1).ToList();
        Assert.Equal(Blank.Count, rejects.Count);
        Assert.All(rejects, r => Assert.Contains(",id,", r, StringComparison.Ordinal));
        Assert.All(rejects, r => Assert.Contains(RecordSchema.BlankIdReason, r, StringComparison.Ordinal));
        Assert.Equal(File.ReadAllLines(Out("dotnet.csv.rejects.csv")).Skip(1).Select(l => string.Join(',', l.Split(',').Skip(2))), rejects.Select(l => string.Join(',', l.Split(',').Skip(2))));
    }
}

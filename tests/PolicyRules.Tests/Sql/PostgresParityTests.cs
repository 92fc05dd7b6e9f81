using Npgsql;
using PolicyRules.Cli.Generation;
using PolicyRules.Sql;

namespace PolicyRules.Tests.Sql;

/// <summary>Starts one PostgreSQL server for the class (or records why none could start).</summary>
public sealed class PostgresFixture : IDisposable
{
    public PostgresFixture()
    {
        Server = PostgresServer.TryStart(out var whyNot);
        WhyNot = whyNot;
    }

    public PostgresServer? Server { get; }

    public string WhyNot { get; }

    public void Dispose() => Server?.Dispose();
}

/// <summary>
/// The PostgreSQL dialect on a real server (Debian's packages, started by the tests on loopback): the
/// compiled query gives the .NET engine's answer on every row, for every version, over a table of text
/// columns and over the same table typed (NUMERIC, BOOLEAN, DATE). Without a server the tests return
/// early, unless POLICYRULES_REQUIRE_POSTGRES=1 (CI), where they fail.
/// </summary>
public sealed class PostgresParityTests(PostgresFixture fixture) : IClassFixture<PostgresFixture>, IDisposable
{
    private static readonly PolicyEngine Engine = PolicyEngine.LoadDirectory(TestProfiles.RulesDirectory);
    private readonly string _directory = Directory.CreateTempSubdirectory("policyrules-pgcsv-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    public static TheoryData<string> AsOfDates() => new(DuckDbParityTests.VersionDates());

    private bool Available()
    {
        if (fixture.Server is not null)
        {
            return true;
        }

        Assert.False(PostgresServer.Required, "POLICYRULES_REQUIRE_POSTGRES=1 but no server could start: " + fixture.WhyNot);
        return false;
    }

    [Theory]
    [MemberData(nameof(AsOfDates))]
    public void PostgreSQL_agrees_with_the_NET_engine_on_every_row_for_every_version(string asOfText)
    {
        if (!Available())
        {
            return;
        }

        var asOf = DateOnly.Parse(asOfText, System.Globalization.CultureInfo.InvariantCulture);
        var rows = asOf == SyntheticProfiles.AsOf ? DuckDbParityTests.Rows / 2 : DuckDbParityTests.Rows / 20;
        var profiles = SyntheticProfiles.Generate(rows, seed: asOf.DayNumber + 1).ToList();
        var table = "records_" + asOf.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);
        using var connection = fixture.Server!.Connect();
        LoadText(connection, SqlParity.WriteCsv(profiles, _directory), table);
        var programmes = SqlParity.EnterpriseProgrammes(Engine).Select(n => Engine.GetProgramme(n, asOf)).ToList();
        var expected = SqlParity.Expected(programmes, profiles, asOf);
        foreach (var source in new[] { table, table + "_typed" })
        {
            var query = ScreeningSql.Compile(programmes, asOf, SqlDialects.PostgreSql, new ScreeningSqlOptions { From = SqlDialects.PostgreSql.QuoteIdentifier(source) });
            var actual = SqlParity.Actual(query, connection);
            Assert.Empty(SqlParity.Differences(programmes, expected, actual));
            Assert.All(actual, a => Assert.Equal(profiles.Count, a.Count));
        }
    }

    [Theory]
    [MemberData(nameof(AsOfDates))]
    public void PostgreSQL_agrees_with_the_NET_engine_on_every_person_for_every_person_programme_version(string asOfText)
    {
        if (!Available())
        {
            return;
        }

        var asOf = DateOnly.Parse(asOfText, System.Globalization.CultureInfo.InvariantCulture);
        var persons = SyntheticPersons.Generate(asOf == SyntheticProfiles.AsOf ? DuckDbParityTests.Rows / 10 : DuckDbParityTests.Rows / 100, seed: asOf.DayNumber + 2).Cast<object>().ToList();
        var table = "persons_" + asOf.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);
        using var connection = fixture.Server!.Connect();
        LoadText(connection, SqlParity.WriteCsv(persons, Model.RecordSchema.Person, _directory), table, Model.RecordSchema.Person);
        var programmes = SqlParity.PersonProgrammes(Engine).Select(n => Engine.GetProgramme(n, asOf)).ToList();
        var expected = SqlParity.Expected(programmes, persons, p => ((Model.PersonProfile)p).Id, asOf);
        foreach (var source in new[] { table, table + "_typed" })
        {
            var query = ScreeningSql.Compile(programmes, asOf, SqlDialects.PostgreSql, new ScreeningSqlOptions { From = SqlDialects.PostgreSql.QuoteIdentifier(source) });
            var actual = SqlParity.Actual(query, connection);
            Assert.Empty(SqlParity.Differences(programmes, expected, actual));
            Assert.All(actual, a => Assert.Equal(persons.Count, a.Count));
        }
    }

    /// <summary>Copies the CSV into a table of text columns, and (when <paramref name="typed"/>) makes a typed copy of it, <c>table_typed</c>.</summary>
    internal static void LoadText(NpgsqlConnection connection, string csv, string table, Model.RecordSchema? schema = null, bool typed = true)
    {
        schema ??= Model.RecordSchema.Enterprise;
        var header = File.ReadLines(csv).First().Split(',');
        var q = SqlDialects.PostgreSql;
        Execute(connection, $"DROP TABLE IF EXISTS {q.QuoteIdentifier(table)}; CREATE TABLE {q.QuoteIdentifier(table)} ({string.Join(", ", header.Select(h => q.QuoteIdentifier(h) + " TEXT"))})");
        using (var writer = connection.BeginTextImport($"COPY {q.QuoteIdentifier(table)} FROM STDIN (FORMAT csv, HEADER true)"))
        {
            writer.Write(File.ReadAllText(csv));
        }

        if (!typed)
        {
            return;
        }

        var columns = header.Select(h => schema.TryGetField(h, out var f) ? $"CAST({q.QuoteIdentifier(h)} AS {PgType(f.Kind)}) AS {q.QuoteIdentifier(h)}" : q.QuoteIdentifier(h));
        Execute(connection, $"DROP TABLE IF EXISTS {q.QuoteIdentifier(table + "_typed")}; CREATE TABLE {q.QuoteIdentifier(table + "_typed")} AS SELECT {string.Join(", ", columns)} FROM {q.QuoteIdentifier(table)}");
    }

    private static string PgType(Model.FieldKind kind) => kind switch
    {
        Model.FieldKind.Boolean => "BOOLEAN",
        Model.FieldKind.Date => "DATE",
        Model.FieldKind.Count => "INTEGER",
        Model.FieldKind.Money or Model.FieldKind.SignedMoney => "NUMERIC(20,2)",
        Model.FieldKind.Score or Model.FieldKind.Percent or Model.FieldKind.Number => "NUMERIC",
        _ => "TEXT",
    };

    internal static void Execute(NpgsqlConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}

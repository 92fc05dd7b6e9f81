using DuckDB.NET.Data;
using PolicyRules.Cli.Generation;
using PolicyRules.Compilation;
using PolicyRules.Model;
using PolicyRules.Sql;

namespace PolicyRules.Tests.Sql;

/// <summary>
/// The contract of the SQL back end: on DuckDB, the compiled query gives the .NET engine's answer on
/// every row — eligible, score, class, failed list, rank and selected — for every bundled programme and
/// every version (one as-of date inside each version's period).
/// </summary>
public sealed class DuckDbParityTests : IDisposable
{
    private static readonly PolicyEngine Engine = PolicyEngine.LoadDirectory(TestProfiles.RulesDirectory);
    private readonly string _directory = Directory.CreateTempSubdirectory("policyrules-sql-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>
    /// Rows at the default evaluation date (a tenth at each other date). 10,000 by default, so the suite
    /// stays within minutes on CI's two shared cores; POLICYRULES_SQL_PARITY_ROWS=100000 is the 100k run
    /// of docs/sql.md.
    /// </summary>
    internal static int Rows => int.TryParse(Environment.GetEnvironmentVariable("POLICYRULES_SQL_PARITY_ROWS"), out var n) ? n : 10_000;

    public static TheoryData<string> AsOfDates() => new(VersionDates());

    /// <summary>One date inside each version of each programme, and one after every version's start (the default evaluation date).</summary>
    internal static IEnumerable<string> VersionDates() =>
        Engine.Programmes.SelectMany(p => Engine.GetVersions(p))
            .Select(v => v.Definition.EffectiveTo is { } end ? end : v.Definition.EffectiveFrom.AddDays(30))
            .Append(SyntheticProfiles.AsOf)
            .Distinct()
            .Order()
            .Select(d => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));

    [Theory]
    [MemberData(nameof(AsOfDates))]
    public void DuckDB_agrees_with_the_NET_engine_on_every_row_for_every_version(string asOfText)
    {
        var asOf = DateOnly.Parse(asOfText, System.Globalization.CultureInfo.InvariantCulture);
        var rows = asOf == SyntheticProfiles.AsOf ? Rows : Rows / 10;
        var profiles = SyntheticProfiles.Generate(rows, seed: asOf.DayNumber).ToList();
        AssertParity(profiles, asOf);
    }

    [Theory]
    [MemberData(nameof(AsOfDates))]
    public void DuckDB_agrees_with_the_NET_engine_on_every_person_for_every_person_programme_version(string asOfText)
    {
        var asOf = DateOnly.Parse(asOfText, System.Globalization.CultureInfo.InvariantCulture);
        var persons = SyntheticPersons.Generate(asOf == SyntheticProfiles.AsOf ? Rows / 5 : Rows / 50, seed: asOf.DayNumber).Cast<object>().ToList();
        var csv = SqlParity.WriteCsv(persons, RecordSchema.Person, _directory);
        var programmes = SqlParity.PersonProgrammes(Engine).Select(n => Engine.GetProgramme(n, asOf)).ToList();
        Assert.NotEmpty(programmes);
        var query = ScreeningSql.Compile(programmes, asOf, SqlDialects.DuckDb, new ScreeningSqlOptions { From = $"read_csv('{csv}', all_varchar = true, header = true)" });
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        var actual = SqlParity.Actual(query, connection);
        Assert.Empty(SqlParity.Differences(programmes, SqlParity.Expected(programmes, persons, p => ((PersonProfile)p).Id, asOf), actual));
        Assert.All(actual, a => Assert.Equal(persons.Count, a.Count));
    }

    private void AssertParity(List<EnterpriseProfile> profiles, DateOnly asOf)
    {
        var csv = SqlParity.WriteCsv(profiles, _directory);
        var names = SqlParity.EnterpriseProgrammes(Engine);
        var programmes = names.Select(n => Engine.GetProgramme(n, asOf)).ToList();
        var query = ScreeningSql.Compile(programmes, asOf, SqlDialects.DuckDb, new ScreeningSqlOptions { From = $"read_csv('{csv}', all_varchar = true, header = true)" });
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        var actual = SqlParity.Actual(query, connection);
        var expected = SqlParity.Expected(programmes, profiles, asOf);
        Assert.Empty(SqlParity.Differences(programmes, expected, actual));
        Assert.All(actual, a => Assert.Equal(profiles.Count, a.Count));
    }
}

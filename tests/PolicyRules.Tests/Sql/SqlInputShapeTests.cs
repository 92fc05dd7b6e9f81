using System.Globalization;
using DuckDB.NET.Data;
using PolicyRules.Cli.Generation;
using PolicyRules.Input;
using PolicyRules.Model;
using PolicyRules.Sql;

namespace PolicyRules.Tests.Sql;

/// <summary>
/// The input stage as DuckDB runs it: each value cast once by a cast that yields NULL (TRY_CAST,
/// which takes more than the .NET readers do: exponents, underscores, hexadecimal, rounding of extra
/// decimals, tabs) and checked by its text's shape and its range. Over texts built from exactly the
/// characters those casts treat specially, the query rejects the same rows as the .NET reader, with
/// the same columns and reasons, and screens the rest alike; and the results come in input order
/// without numbering or sorting, on several threads.
/// </summary>
public sealed class SqlInputShapeTests : IDisposable
{
    private static readonly PolicyEngine Engine = PolicyEngine.LoadDirectory(TestProfiles.RulesDirectory);
    private static readonly DateOnly AsOf = SyntheticProfiles.AsOf;
    private readonly string _directory = Directory.CreateTempSubdirectory("policyrules-sqlshape-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>Texts the engine's casts read differently from the .NET readers, and boundaries of the length shortcut of the range test.</summary>
    internal static readonly (string Column, string Value)[] Edges =
    [
        ("revenueY1", "1e3"), ("revenueY1", "1E3"), ("revenueY1", "1_000"), ("revenueY1", "0x10"), ("revenueY1", "1.005"), ("revenueY1", "1.00000000001"),
        ("revenueY1", "1.000000000000000000000"), ("revenueY1", "\t5"), ("revenueY1", "5\t"), ("revenueY1", "  5  "), ("revenueY1", "+5"), ("revenueY1", "-0"),
        ("revenueY1", "-0.00"), ("revenueY1", "-1"), ("revenueY1", "5."), ("revenueY1", ".5"), ("revenueY1", "."), ("revenueY1", "0.1e1"),
        ("revenueY1", "9999999999999999"), ("revenueY1", "99999999999999999"), ("revenueY1", "999999999999999999"), ("revenueY1", "1000000000000000000"),
        ("revenueY1", "1000000000000000000.00"), ("revenueY1", "1000000000000000000.01"), ("revenueY1", "0001000000000000000000"), ("revenueY1", "9999999999999999999"),
        ("revenueY1", "99999999999999999999"), ("revenueY1", "123456789012345.67"), ("revenueY1", "-000000000000000000000"),
        ("employees", "1.0"), ("employees", "1.5"), ("employees", "1e3"), ("employees", "0x10"), ("employees", "0b11"), ("employees", "1_000"),
        ("employees", "+7"), ("employees", "-0"), ("employees", "-1"), ("employees", "007"), ("employees", "2147483647"), ("employees", "2147483648"),
        ("employees", "999999999"), ("employees", "999999999999"), ("employees", "9999999999999"), ("employees", "000000000000002"), ("employees", " 12 "),
        ("registrationDate", "2024-2-01"), ("registrationDate", "2024/02/01"), ("registrationDate", "20240201"), ("registrationDate", "2024-02-01 00:00:00"),
        ("registrationDate", "2024-02-01T00:00"), ("registrationDate", "0000-01-01"), ("registrationDate", "0001-01-01"), ("registrationDate", "-2024-02-01"),
        ("registrationDate", "12024-02-01"), ("registrationDate", "2024-02-30"), ("registrationDate", "2023-02-29"), ("registrationDate", "2024-02-29"),
        ("registrationDate", "epoch"), ("registrationDate", "infinity"), ("registrationDate", " 2024-02-01 "), ("registrationDate", "2024-02-01\t"),
        ("innovationCapabilityScore", "1e1"), ("innovationCapabilityScore", "70.000000000001"), ("innovationCapabilityScore", "70.0000000000000"), ("innovationCapabilityScore", "100"), ("innovationCapabilityScore", "100.0"),
        ("innovationCapabilityScore", "100.000000000001"), ("innovationCapabilityScore", "99.9"), ("innovationCapabilityScore", "-0"), ("innovationCapabilityScore", "-0.1"),
        ("innovationCapabilityScore", "1000"), ("innovationCapabilityScore", "0100"), ("innovationCapabilityScore", "  71 "),
        ("residentInMainland", "True"), ("residentInMainland", "tRuE"), ("residentInMainland", " false "), ("residentInMainland", "1"), ("residentInMainland", "t"),
        ("residentInMainland", "   "), ("revenueY1", "   "), ("registrationDate", "   "),
    ];

    [Fact]
    public void Texts_the_engines_casts_take_more_loosely_are_rejected_or_accepted_exactly_as_the_NET_reader_does()
    {
        var random = new Random(16);
        const string numberish = "0123456789.+-eE_x ";
        var cells = new List<(string Column, string Value)>(Edges);
        foreach (var column in new[] { "revenueY1", "employees", "innovationCapabilityScore" })
        {
            for (var i = 0; i < 150; i++)
            {
                cells.Add((column, new string([.. Enumerable.Range(0, random.Next(1, 9)).Select(_ => numberish[random.Next(numberish.Length)])]).Trim('x') is { Length: > 0 } text ? text : "x"));
            }
        }

        for (var i = 0; i < 150; i++)
        {
            var date = "2024-02-29".ToCharArray();
            date[random.Next(date.Length)] = "0123456789-/ T"[random.Next(14)];
            cells.Add(("registrationDate", new string(date)));
        }

        var csv = SqlParity.WriteCells(cells, seed: 5, _directory);
        var programme = Engine.GetProgramme("HighTechEnterprise", AsOf);
        var schema = programme.Schema;
        var (expected, accepted) = SqlParity.ReaderVerdicts(csv, programme);

        Assert.InRange(expected.Count, 200, cells.Count - 100);
        var query = ScreeningSql.Compile([programme], AsOf, SqlDialects.DuckDb, new ScreeningSqlOptions { From = $"read_csv('{csv}', all_varchar = true, header = true)" });
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        var actual = new Dictionary<string, (string Columns, string Reasons)>(StringComparer.Ordinal);
        var rows = new List<long>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = query.Rejects;
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                rows.Add(Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture));
                actual[reader.GetString(1)] = (reader.GetString(2), reader.GetString(3));
            }
        }

        Assert.Equal(expected.OrderBy(e => e.Key, StringComparer.Ordinal), actual.OrderBy(e => e.Key, StringComparer.Ordinal));
        Assert.Equal(actual.Keys.Select(id => long.Parse(id[1..], CultureInfo.InvariantCulture) + 1), rows);
        var written = SqlParity.Actual(query, connection);
        Assert.Equal(cells.Count, written[0].Count + actual.Count);
        Assert.Empty(SqlParity.Differences([programme], SqlParity.Expected([programme], accepted, schema.IdOf, AsOf), written));
    }

    [Fact]
    public void DuckDB_returns_the_results_in_input_order_on_several_threads()
    {
        var profiles = SyntheticProfiles.Generate(60_000, seed: 12).ToList();
        var csv = SqlParity.WriteCsv(profiles, _directory);
        var query = ScreeningSql.Compile(Engine, ["HighTechEnterprise", "SmeSize"], AsOf, SqlDialects.DuckDb, new ScreeningSqlOptions { From = $"read_csv('{csv}', all_varchar = true, header = true)" });
        Assert.True(query.Success);
        Assert.Contains("ORDER BY \"_row\"", query.Results, StringComparison.Ordinal); // a window over the ids (a repeated id) does not keep the order
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using (var threads = connection.CreateCommand())
        {
            threads.CommandText = "SET threads = 4";
            threads.ExecuteNonQuery();
        }

        using var command = connection.CreateCommand();
        command.CommandText = query.Results;
        command.UseStreamingMode = true;
        using var reader = command.ExecuteReader();
        var ids = new List<string>(profiles.Count);
        while (reader.Read())
        {
            ids.Add(reader.GetString(0));
        }

        Assert.Equal(profiles.Select(p => p.Id), ids);
    }
}

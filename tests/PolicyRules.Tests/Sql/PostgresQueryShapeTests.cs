using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Npgsql;
using PolicyRules.Cli.Generation;
using PolicyRules.Input;
using PolicyRules.Model;
using PolicyRules.Sql;

namespace PolicyRules.Tests.Sql;

/// <summary>
/// The PostgreSQL queries as the server plans them. PostgreSQL folds a CTE read once into its reader
/// and then copies each of its expressions into every place that names the column: a guarded cast,
/// its regular expression and every derived value were computed once per reference (over a hundred
/// regular expressions a row for one programme, thousands for all). Each computing CTE is therefore
/// fenced; here the plans show each CTE as a node of its own, each pattern evaluated as often as the
/// SQL writes it, and no CTE passing on columns nothing later reads. And the guard PostgreSQL uses (no non-failing cast before version 16) reads
/// the texts the .NET reader reads, no more and no fewer.
/// </summary>
public sealed class PostgresQueryShapeTests(PostgresFixture fixture) : IClassFixture<PostgresFixture>, IDisposable
{
    private static readonly PolicyEngine Engine = PolicyEngine.LoadDirectory(TestProfiles.RulesDirectory);
    private static readonly DateOnly AsOf = SyntheticProfiles.AsOf;
    private readonly string _directory = Directory.CreateTempSubdirectory("policyrules-pgshape-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private bool Available()
    {
        if (fixture.Server is not null)
        {
            return true;
        }

        Assert.False(PostgresServer.Required, "POLICYRULES_REQUIRE_POSTGRES=1 but no server could start: " + fixture.WhyNot);
        return false;
    }

    public static TheoryData<string> Sets() => new("enterprise", "person");

    [Theory]
    [MemberData(nameof(Sets))]
    public void Every_computing_CTE_is_a_plan_node_of_its_own_and_no_pattern_is_evaluated_more_often_than_written(string set)
    {
        if (!Available())
        {
            return;
        }

        var person = set == "person";
        var schema = person ? RecordSchema.Person : RecordSchema.Enterprise;
        var table = "shape_" + set;
        using var connection = fixture.Server!.Connect();
        var records = person ? SyntheticPersons.Generate(20, seed: 3).Cast<object>() : SyntheticProfiles.Generate(20, seed: 3).Cast<object>();
        PostgresParityTests.LoadText(connection, SqlParity.WriteCsv(records, schema, _directory), table, schema, typed: false);
        var names = person ? SqlParity.PersonProgrammes(Engine) : SqlParity.EnterpriseProgrammes(Engine);
        var query = ScreeningSql.Compile(Engine, names, AsOf, SqlDialects.PostgreSql, new ScreeningSqlOptions { From = SqlDialects.PostgreSql.QuoteIdentifier(table) });
        Assert.True(query.Success, string.Join("\n", query.Diagnostics));
        foreach (var sql in new[] { query.Results, query.Rows })
        {
            var plan = Plan(connection, sql);
            var computing = Regex.Matches(sql, @"(?m)^(typed|checked|s\d+(p\d+|r|v|o)?) AS \(").Select(m => m.Groups[1].Value).ToList();
            Assert.Contains("typed", computing);
            Assert.Contains("s0", computing);
            // A CTE that adds no column (SELECT * FROM x) leaves no scan of x: the planner merges the two projections.
            var passedOn = Regex.Matches(sql, @"(?m)^\w+ AS \(SELECT \*\s+FROM (\w+) OFFSET 0\)").Select(m => m.Groups[1].Value);
            Assert.Empty(computing.Except(plan.Scanned).Except(passedOn));

            // Every guarded value is matched once per row: as often in the plan as in the SQL.
            var written = Regex.Count(sql, " ~ '");
            Assert.True(written > 0, "no pattern in the SQL");
            Assert.Equal(written, plan.Patterns);

            // A column passed through a CTE that nothing later reads shows as a NULL the planner put in its
            // place; passing every column on (SELECT *) left thousands, each copied for every row.
            Assert.True(plan.Placeholders < computing.Count, $"{plan.Placeholders} columns passed on unread through {computing.Count} CTEs");
        }
    }

    /// <summary>Texts at the edges of the guard: whole digits around the limits (with signs and leading zeros), and what a bare cast would take or refuse with an error.</summary>
    private static readonly (string Column, string Value)[] GuardEdges =
    [
        ("revenueY1", "1234567890123456789"), ("revenueY1", "12345678901234567890"), ("revenueY1", "+123456789012345678"), ("revenueY1", "-00000000000000000000001.10"),
        ("revenueY1", "00000000000000000000000000000000000005.5000000"), ("revenueY1", "+1.2300"), ("revenueY1", "1.234"), ("revenueY1", "+.5"), ("revenueY1", "-."), ("revenueY1", "+"),
        ("revenueY1", "NaN"), ("revenueY1", "Infinity"), ("revenueY1", "1 000"), ("revenueY1", "1.5.5"), ("revenueY1", "١٢٣"),
        ("employees", "99999999999999999999999"), ("employees", "-99999999999999999999999"), ("employees", "00000000000000000000000000012"), ("employees", "-0000000000001"),
        ("employees", "999999999999999999999999999999999999999999999999"), ("employees", "+"), ("employees", "12.0"), ("employees", "1234567890123"), ("employees", "123456789012"),
        ("innovationCapabilityScore", "0000099.5"), ("innovationCapabilityScore", "100.000000000000"), ("innovationCapabilityScore", "99.999999999999"), ("innovationCapabilityScore", "99.9999999999990"),
        ("innovationCapabilityScore", "-000"), ("innovationCapabilityScore", "1000.0"), ("innovationCapabilityScore", ".5"), ("innovationCapabilityScore", "5."),
        ("registrationDate", "2000-02-29"), ("registrationDate", "1900-02-29"), ("registrationDate", "2024-04-31"), ("registrationDate", "2024-13-01"), ("registrationDate", "2024-00-10"),
        ("registrationDate", "2024-01-00"), ("registrationDate", "9999-12-31"),
    ];

    [Fact]
    public void The_guard_reads_exactly_the_texts_the_NET_reader_reads_and_no_text_fails_the_query()
    {
        if (!Available())
        {
            return;
        }

        var random = new Random(17);
        const string numberish = "0123456789.+-0000 ";
        var cells = new List<(string Column, string Value)>(SqlInputShapeTests.Edges);
        cells.AddRange(GuardEdges);
        foreach (var column in new[] { "revenueY1", "employees", "innovationCapabilityScore" })
        {
            for (var i = 0; i < 200; i++)
            {
                // Scores to 13 characters: more than 12 decimals the SQL engines refuse by design (docs/sql.md).
                var text = new string([.. Enumerable.Range(0, random.Next(1, column == "innovationCapabilityScore" ? 14 : 26)).Select(_ => numberish[random.Next(numberish.Length)])]).Trim();
                cells.Add((column, text.Length > 0 ? text : "x"));
            }

            // Well-formed numbers around the limits: a sign, leading zeros, whole digits, decimals and trailing zeros.
            string Digits(int count) => new([.. Enumerable.Range(0, count).Select(_ => (char)('0' + random.Next(10)))]);
            for (var i = 0; i < 200; i++)
            {
                var whole = Digits(random.Next(0, 3) == 0 ? random.Next(0, 4) : random.Next(0, 22));
                // At most 28 significant digits: beyond, both refuse the text but word the reason differently (see the report of issue 16).
                var point = random.Next(3) == 0 ? "." + Digits(random.Next(0, Math.Min(13, 29 - whole.Length))) + new string('0', random.Next(0, 4)) : "";
                var text = new[] { "", "+", "-" }[random.Next(3)] + new string('0', random.Next(0, 3) == 0 ? random.Next(0, 25) : 0) + whole + point;
                cells.Add((column, text.Length > 0 ? text : "0"));
            }
        }

        // Dates of every shape the pattern takes, most not in the calendar: year 0000, month 00 to 13, day 00 to 32, 29 February.
        for (var i = 0; i < 300; i++)
        {
            var year = random.Next(3) == 0 ? new[] { 0, 1900, 2000, 2023, 2024, 2100, 9999 }[random.Next(7)] : random.Next(10000);
            var month = i % 4 == 0 ? 2 : random.Next(14);
            var day = i % 4 == 0 ? 28 + random.Next(3) : random.Next(33);
            cells.Add(("registrationDate", string.Create(CultureInfo.InvariantCulture, $"{year:D4}-{month:D2}-{day:D2}")));
        }

        var csv = SqlParity.WriteCells(cells, seed: 6, _directory);
        var programme = Engine.GetProgramme("HighTechEnterprise", AsOf);
        var schema = programme.Schema;
        var (expected, accepted) = SqlParity.ReaderVerdicts(csv, programme);

        Assert.InRange(expected.Count, 400, cells.Count - 400);
        using var connection = fixture.Server!.Connect();
        PostgresParityTests.LoadText(connection, csv, "guard_edges", typed: false);
        var query = ScreeningSql.Compile([programme], AsOf, SqlDialects.PostgreSql, new ScreeningSqlOptions { From = "guard_edges" });
        var actual = new Dictionary<string, (string Columns, string Reasons)>(StringComparer.Ordinal);
        using (var command = connection.CreateCommand())
        {
            command.CommandText = query.Rejects;
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                actual[reader.GetString(1)] = (reader.GetString(2), reader.GetString(3));
            }
        }

        Assert.Equal(expected.OrderBy(e => e.Key, StringComparer.Ordinal), actual.OrderBy(e => e.Key, StringComparer.Ordinal));
        var written = SqlParity.Actual(query, connection);
        Assert.Equal(cells.Count, written[0].Count + actual.Count);
        Assert.Empty(SqlParity.Differences([programme], SqlParity.Expected([programme], accepted, schema.IdOf, AsOf), written));
    }

    /// <summary>The CTEs the plan scans as subqueries of their own, and how many regular-expression matches its expressions hold.</summary>
    private static (HashSet<string> Scanned, int Patterns, int Placeholders) Plan(NpgsqlConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN (VERBOSE, FORMAT JSON) " + sql;
        using var document = JsonDocument.Parse((string)command.ExecuteScalar()!, new JsonDocumentOptions { MaxDepth = 4096 });
        var scanned = new HashSet<string>(StringComparer.Ordinal);
        var patterns = 0;
        var placeholders = 0;
        void Walk(JsonElement node)
        {
            if (node.GetProperty("Node Type").GetString() == "Subquery Scan" && node.GetProperty("Alias").GetString() is { } alias)
            {
                scanned.Add(alias);
                if (alias != "raw")
                {
                    // raw holds each value's text, which only the rows query's reasons read
                    placeholders += node.GetProperty("Output").EnumerateArray().Count(e => e.GetString()!.StartsWith("NULL::", StringComparison.Ordinal));
                }
            }

            foreach (var property in node.EnumerateObject())
            {
                if (property.Value.ValueKind == JsonValueKind.String && property.Name.EndsWith("Filter", StringComparison.Ordinal))
                {
                    patterns += Regex.Count(property.Value.GetString()!, " ~ '");
                }
                else if (property.Name is "Output" or "Sort Key")
                {
                    patterns += property.Value.EnumerateArray().Sum(e => Regex.Count(e.GetString()!, " ~ '"));
                }
            }

            if (node.TryGetProperty("Plans", out var children))
            {
                foreach (var child in children.EnumerateArray())
                {
                    Walk(child);
                }
            }
        }

        Walk(document.RootElement[0].GetProperty("Plan"));
        return (scanned, patterns, placeholders);
    }
}

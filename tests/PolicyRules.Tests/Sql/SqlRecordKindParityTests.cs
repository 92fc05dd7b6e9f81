using System.Globalization;
using DuckDB.NET.Data;
using PolicyRules.Cli.Generation;
using PolicyRules.Compilation;
using PolicyRules.Input;
using PolicyRules.Model;
using PolicyRules.Sql;

namespace PolicyRules.Tests.Sql;

/// <summary>
/// Declared record kinds in SQL: samples/district-policy (RdExpenseSubsidy over Enterprise extended
/// with registeredInDistrict, KeyRdProjectSupport over the Project kind, both with award outputs) equals
/// the .NET engine on generated records plus every threshold, cap and date boundary, one step either
/// side, on DuckDB and PostgreSQL; and a kind with a field of every kind (declared ranges, choice
/// values) rejects the same rows as the .NET reader, with the same column and reason.
/// </summary>
public sealed class SqlRecordKindParityTests(PostgresFixture fixture) : IClassFixture<PostgresFixture>, IDisposable
{
    private static readonly DateOnly AsOf = new(2026, 6, 30);
    private static readonly string DistrictRules = Path.Combine(TestProfiles.RulesDirectory, "..", "samples", "district-policy", "rules");
    private static readonly Lazy<PolicyEngine> District = new(() => PolicyEngine.LoadDirectory(DistrictRules));
    private readonly string _directory = Directory.CreateTempSubdirectory("policyrules-sqlkind-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>A copy of <paramref name="record"/> with fields set from text, as a reader would set them.</summary>
    private static object With(RecordSchema schema, object record, string id, params (string Field, string Text)[] values)
    {
        var copy = RecordSchema.Copy(record);
        foreach (var (field, text) in values.Prepend(("id", id)))
        {
            Assert.True(schema.TryGetField(field, out var f), field);
            Assert.Null(schema.TryAssign(copy, f, text));
        }

        return copy;
    }

    /// <summary>Generated extended enterprises, and each on the subsidy's thresholds and cap, a fen either side.</summary>
    private static List<object> DistrictEnterprises(RecordSchema schema, int count)
    {
        var records = SyntheticRecords.Extend(schema, SyntheticProfiles.Generate(count, seed: 1616), 1616).ToList();
        var edges = new List<object>();
        var n = 0;
        foreach (var record in records.Take(40))
        {
            string Id() => "EDGE" + (n++).ToString(CultureInfo.InvariantCulture);
            foreach (var step in new[] { -0.01m, 0m, 0.01m })
            {
                string M(decimal v) => (v + step).ToString(CultureInfo.InvariantCulture);
                edges.Add(With(schema, record, Id(), ("registeredInDistrict", "true"), ("rdExpenseY1", M(5_000_000m)), ("rdExpenseY2", "1000000")));
                edges.Add(With(schema, record, Id(), ("registeredInDistrict", "true"), ("rdExpenseY1", M(6_600_000m)), ("rdExpenseY2", "6000000")));
                edges.Add(With(schema, record, Id(), ("registeredInDistrict", "true"), ("rdExpenseY1", M(15_000_000m)), ("rdExpenseY2", "5000000")));
                edges.Add(With(schema, record, Id(), ("registeredInDistrict", "true"), ("rdExpenseY1", M(15_000_009.99m)), ("rdExpenseY2", "5000000")));
                edges.Add(With(schema, record, Id(), ("registeredInDistrict", "false"), ("rdExpenseY1", M(9_000_000m)), ("rdExpenseY2", "1")));
            }
        }

        return [.. records, .. edges];
    }

    /// <summary>Generated projects, and projects on the budget, share, cap and one-year window, one step either side.</summary>
    private static List<object> Projects(RecordSchema schema, int count)
    {
        var records = SyntheticRecords.Generate(schema, count, seed: 1617).ToList();
        var edges = new List<object>();
        var n = 0;
        foreach (var record in records.Take(40))
        {
            string Id() => "PEDGE" + (n++).ToString(CultureInfo.InvariantCulture);
            foreach (var step in new[] { -0.01m, 0m, 0.01m })
            {
                string M(decimal v) => (v + step).ToString(CultureInfo.InvariantCulture);
                edges.Add(With(schema, record, Id(), ("budget", M(2_000_000m)), ("selfFundedPercent", "60"), ("startDate", "2026-01-01")));
                edges.Add(With(schema, record, Id(), ("budget", "3000000"), ("selfFundedPercent", M(50m)), ("startDate", "2026-01-01")));
                edges.Add(With(schema, record, Id(), ("budget", M(15_000_000m)), ("selfFundedPercent", "50"), ("startDate", "2026-01-01")));
                edges.Add(With(schema, record, Id(), ("budget", M(15_000_004.99m)), ("selfFundedPercent", "50"), ("startDate", "2026-01-01")));
            }

            foreach (var start in new[] { "2025-06-29", "2025-06-30", "2025-07-01", "2024-02-29", "2025-02-28" })
            {
                edges.Add(With(schema, record, Id(), ("budget", "5000000"), ("selfFundedPercent", "55"), ("startDate", start)));
            }
        }

        return [.. records, .. edges];
    }

    public static TheoryData<string, string> Cases() => new()
    {
        { "RdExpenseSubsidy", "duckdb" },
        { "RdExpenseSubsidy", "postgres" },
        { "KeyRdProjectSupport", "duckdb" },
        { "KeyRdProjectSupport", "postgres" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_district_policy_programmes_agree_with_the_NET_engine_on_every_row_and_boundary(string name, string dialectName)
    {
        var programme = District.Value.GetProgramme(name, AsOf);
        var schema = programme.Schema;
        var rows = Math.Max(1_000, DuckDbParityTests.Rows / 5);
        var records = schema.Name == "Project" ? Projects(schema, rows) : DistrictEnterprises(schema, rows);
        var csv = SqlParity.WriteCsv(records, schema, _directory);
        var expected = SqlParity.Expected([programme], records, schema.IdOf, AsOf);
        var actual = Run([programme], csv, schema, dialectName, name.ToLowerInvariant());
        if (actual is null)
        {
            return;
        }

        Assert.Empty(SqlParity.Differences([programme], expected, actual));
        Assert.Equal(records.Count, actual[0].Count);
        var outcomes = expected[0].Values.ToList();
        Assert.Contains(outcomes, o => o.Eligible && o.Outputs == "3000000" || o.Outputs == "1000000");
        Assert.Contains(outcomes, o => !o.Eligible && o.Outputs == "-");
    }

    private Dictionary<string, Outcome>[]? Run(IReadOnlyList<CompiledProgramme> programmes, string csv, RecordSchema schema, string dialectName, string table)
    {
        if (dialectName == "duckdb")
        {
            var query = ScreeningSql.Compile(programmes, AsOf, SqlDialects.DuckDb, new ScreeningSqlOptions { From = $"read_csv('{csv}', all_varchar = true, header = true)" });
            using var duck = new DuckDBConnection("DataSource=:memory:");
            duck.Open();
            return SqlParity.Actual(query, duck);
        }

        if (fixture.Server is null)
        {
            Assert.False(PostgresServer.Required, "POLICYRULES_REQUIRE_POSTGRES=1 but no server could start: " + fixture.WhyNot);
            return null;
        }

        using var connection = fixture.Server.Connect();
        PostgresParityTests.LoadText(connection, csv, table, schema);
        var pgQuery = ScreeningSql.Compile(programmes, AsOf, SqlDialects.PostgreSql, new ScreeningSqlOptions { From = SqlDialects.PostgreSql.QuoteIdentifier(table) });
        var text = SqlParity.Actual(pgQuery, connection);
        var typedQuery = ScreeningSql.Compile(programmes, AsOf, SqlDialects.PostgreSql, new ScreeningSqlOptions { From = SqlDialects.PostgreSql.QuoteIdentifier(table + "_typed") });
        Assert.Empty(SqlParity.Differences(programmes, text, SqlParity.Actual(typedQuery, connection)));
        return text;
    }

    private const string ThingRecord = """
        {
          "Record": "Thing", "Variable": "thing", "TitleZh": "测试记录", "TitleEn": "Test record",
          "Fields": [
            { "Name": "id", "Kind": "text", "TitleZh": "编号", "TitleEn": "Identifier" },
            { "Name": "label", "Kind": "text", "TitleZh": "名称", "TitleEn": "Label" },
            { "Name": "active", "Kind": "bool", "TitleZh": "有效", "TitleEn": "Active" },
            { "Name": "since", "Kind": "date", "TitleZh": "起始日", "TitleEn": "Since" },
            { "Name": "staff", "Kind": "count", "Min": 1, "Max": 500, "TitleZh": "人数", "TitleEn": "Staff" },
            { "Name": "budget", "Kind": "money", "Max": 100000000, "TitleZh": "预算", "TitleEn": "Budget" },
            { "Name": "balance", "Kind": "signedMoney", "Min": -1000000, "Max": 1000000, "TitleZh": "结余", "TitleEn": "Balance" },
            { "Name": "share", "Kind": "percent", "Min": 10, "Max": 90, "TitleZh": "占比", "TitleEn": "Share" },
            { "Name": "rate", "Kind": "decimal", "Min": -1, "Max": 1, "TitleZh": "比率", "TitleEn": "Rate" },
            { "Name": "rating", "Kind": "score", "TitleZh": "评分", "TitleEn": "Rating" },
            { "Name": "tier", "Kind": "choice", "Values": ["Gold", "Silver", "铜"], "TitleZh": "等级", "TitleEn": "Tier" }
          ]
        }
        """;

    private const string ThingProgramme = """
        {
          "WorkflowName": "ThingCheck",
          "PolicyRules": { "Version": "test", "TitleZh": "测试", "TitleEn": "Test", "Status": "provisional", "EffectiveFrom": "2020-01-01", "Input": "Thing" },
          "Rules": [
            { "RuleName": "Active", "Expression": "thing.Active && thing.Label != \"\"", "Properties": { "TitleZh": "有效", "TitleEn": "Active" } },
            { "RuleName": "Old", "Expression": "Dates.FullYearsBetween(thing.Since, asOf) >= 2", "Properties": { "TitleZh": "满两年", "TitleEn": "Two years" } },
            { "RuleName": "Sizes", "Expression": "thing.Staff >= 10 && thing.Budget * thing.Share >= 100000 && thing.Balance + thing.Rate * 1000 >= 0", "Properties": { "TitleZh": "规模", "TitleEn": "Sizes" } },
            { "RuleName": "Tier", "Expression": "thing.Tier == \"Gold\" || thing.Tier == \"铜\" || thing.Rating > 60.5m", "Properties": { "TitleZh": "等级", "TitleEn": "Tier" } }
          ]
        }
        """;

    /// <summary>Bad and edge values of every kind: (column, value). Some are accepted (declared spellings in any case, trailing zeros).</summary>
    private static readonly (string Column, string Value)[] Garbles =
    [
        ("active", "yes"), ("active", "TRUE"), ("active", ""),
        ("since", "2023-02-29"), ("since", "2024-02-29"), ("since", "2024-2-01"), ("since", "20240201"),
        ("staff", "0"), ("staff", "1"), ("staff", "500"), ("staff", "501"), ("staff", "1.0"), ("staff", "+7"), ("staff", "-0"), ("staff", "ten"),
        ("budget", "100000000"), ("budget", "100000000.01"), ("budget", "1.005"), ("budget", "1.000"), ("budget", "-1"), ("budget", "1e5"), ("budget", " 5"),
        ("balance", "-1000000"), ("balance", "-1000000.01"), ("balance", "1000000.01"), ("balance", "-0.5"),
        ("share", "10"), ("share", "9.99"), ("share", "90.000"), ("share", "90.01"), ("share", "50.123456789012"), ("share", "50.1234567890123"),
        ("rate", "-1"), ("rate", "-1.0000001"), ("rate", "1"), ("rate", "0.333333333333"), ("rate", ".5"), ("rate", "5."),
        ("rating", "100"), ("rating", "100.01"), ("rating", "abc"),
        ("tier", "gold"), ("tier", "SILVER"), ("tier", "铜"), ("tier", "Bronze"), ("tier", ""),
        ("label", ""), ("label", "a value longer than forty characters and cut in reasons"),
    ];

    [Fact]
    public void A_declared_kind_rejects_the_same_rows_as_the_NET_reader_with_the_same_column_and_reason()
    {
        var rules = Path.Combine(_directory, "rules");
        Directory.CreateDirectory(rules);
        File.WriteAllText(Path.Combine(rules, "Thing.record.json"), ThingRecord);
        File.WriteAllText(Path.Combine(rules, "ThingCheck.json"), ThingProgramme);
        var engine = PolicyEngine.LoadDirectory(rules);
        var programme = engine.GetProgramme("ThingCheck", AsOf);
        var schema = programme.Schema;
        var good = SyntheticRecords.Generate(schema, 20, seed: 7).ToList();
        var csv = SqlParity.WriteCsv(good, schema, _directory);
        var lines = File.ReadAllLines(csv).ToList();
        var header = lines[0].Split(',');
        var baseCells = lines[1].Split(',');
        for (var i = 0; i < Garbles.Length; i++)
        {
            var cells = (string[])baseCells.Clone();
            cells[0] = "G" + i.ToString(CultureInfo.InvariantCulture);
            cells[Array.IndexOf(header, Garbles[i].Column)] = Garbles[i].Value;
            lines.Add(string.Join(',', cells));
        }

        // Two bad cells in one row: both columns and both reasons, in column order.
        var twice = (string[])baseCells.Clone();
        twice[0] = "TWICE";
        twice[Array.IndexOf(header, "staff")] = "0";
        twice[Array.IndexOf(header, "tier")] = "Bronze";
        lines.Add(string.Join(',', twice));
        File.WriteAllLines(csv, lines);

        // The .NET reader's rejects, as screen writes them (columns ';'-joined, reasons ' | '-joined).
        var required = programme.RequiredFields.Union(FieldSet.EmptyOf(schema.Fields).With(schema.IdField));
        var expected = new Dictionary<string, (string Columns, string Reasons)>(StringComparer.Ordinal);
        var accepted = new List<string>();
        using (var reader = ProfileCsvReader.Open(csv, schema, required))
        {
            foreach (var record in reader.ReadAll())
            {
                if (record.Errors.IsEmpty)
                {
                    accepted.Add(record.Id);
                }
                else
                {
                    expected[record.Id] = (string.Join(";", record.Errors.Select(e => e.Column)), string.Join(" | ", record.Errors.Select(e => e.Reason)));
                }
            }
        }

        Assert.True(expected.Count > 25, "the garbles reject rows");
        Assert.Contains("G30", accepted); // share 50.123456789012: 12 decimals are kept
        foreach (var (dialect, connection) in Connections(csv, schema))
        {
            using (connection)
            {
                var from = dialect == SqlDialects.DuckDb ? $"read_csv('{csv}', all_varchar = true, header = true)" : dialect.QuoteIdentifier("things");
                var query = ScreeningSql.Compile([programme], AsOf, dialect, new ScreeningSqlOptions { From = from });
                var actual = new Dictionary<string, (string Columns, string Reasons)>(StringComparer.Ordinal);
                using (var command = connection.CreateCommand())
                {
                    command.CommandText = query.Rejects;
                    using var rows = command.ExecuteReader();
                    while (rows.Read())
                    {
                        actual[rows.GetString(1)] = (rows.GetString(2), rows.GetString(3));
                    }
                }

                // The one documented difference: a share with more than 12 decimals, kept by .NET, refused by SQL.
                Assert.True(actual.Remove("G31", out var longer), dialect.Name);
                Assert.Contains("12", longer.Reasons, StringComparison.Ordinal);
                Assert.Equal(expected.OrderBy(e => e.Key, StringComparer.Ordinal), actual.OrderBy(e => e.Key, StringComparer.Ordinal));
                var written = SqlParity.Actual(query, connection)[0];
                Assert.Equal(lines.Count - 1, written.Count + actual.Count + 1);
                var screened = SqlParity.Expected([programme], ReadAccepted(csv, schema, required), schema.IdOf, AsOf);
                screened[0].Remove("G31");
                Assert.Empty(SqlParity.Differences([programme], screened, [written]));
            }
        }
    }

    private static List<object> ReadAccepted(string csv, RecordSchema schema, FieldSet required)
    {
        using var reader = ProfileCsvReader.Open(csv, schema, required);
        return [.. reader.ReadAll().Where(r => r.Errors.IsEmpty).Select(r => r.Record!)];
    }

    private IEnumerable<(ISqlDialect Dialect, System.Data.Common.DbConnection Connection)> Connections(string csv, RecordSchema schema)
    {
        var duck = new DuckDBConnection("DataSource=:memory:");
        duck.Open();
        yield return (SqlDialects.DuckDb, duck);
        if (fixture.Server is null)
        {
            Assert.False(PostgresServer.Required, "POLICYRULES_REQUIRE_POSTGRES=1 but no server could start: " + fixture.WhyNot);
            yield break;
        }

        var pg = fixture.Server.Connect();
        PostgresParityTests.LoadText(pg, csv, "things", schema, typed: false);
        yield return (SqlDialects.PostgreSql, pg);
    }
}

using System.Globalization;
using System.Text;
using DuckDB.NET.Data;
using PolicyRules.Model;
using PolicyRules.Sql;

namespace PolicyRules.Tests.Sql;

/// <summary>
/// Arithmetic on quotients, generated: rule files whose outputs and criteria are random expressions
/// over ratios of money and counts — weights, sums and differences, caps (Num.Min/Max), coalescing,
/// ratios of ratios, roundings, negation — screened on DuckDB and PostgreSQL over records with small
/// amounts (so sums land on halves and thresholds); every value and verdict equals the .NET engine's.
/// </summary>
public sealed class SqlDecimalFuzzTests(PostgresFixture fixture) : IClassFixture<PostgresFixture>, IDisposable
{
    private static readonly DateOnly AsOf = PolicyRules.Cli.Generation.SyntheticProfiles.AsOf;
    private static readonly string[] Money = ["enterprise.RevenueY1", "enterprise.RevenueY2", "enterprise.RdExpenseY1", "enterprise.MainBusinessRevenueY1", "enterprise.MainBusinessRevenueY3"];
    private static readonly string[] Counts = ["enterprise.Employees", "enterprise.TechStaff", "enterprise.IpClassI", "enterprise.IpClassII"];
    private static readonly string[] Weights = ["25m", "0.5m", "3m", "0.10m", "1.5m", "20m", "0.3m", "7m"];
    private readonly string _directory = Directory.CreateTempSubdirectory("policyrules-sqlfuzz-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    public static TheoryData<int> Seeds() => new(1, 2, 3);

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Random_arithmetic_on_quotients_gives_the_NET_answer_on_DuckDB_and_PostgreSQL(int seed)
    {
        var rules = Path.Combine(_directory, "rules" + seed.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(rules);
        File.WriteAllText(Path.Combine(rules, "DecimalFuzz.json"), RuleFile(new Random(seed)));
        var engine = PolicyEngine.LoadDirectory(rules);
        var programmes = new[] { engine.GetProgramme("DecimalFuzz", AsOf) };
        var records = SqlDecimalRoundingParityTests.Profiles().Take(1500).ToList();
        var csv = SqlParity.WriteCsv(records, _directory);
        var expected = SqlParity.Expected(programmes, records, AsOf);

        var duck = ScreeningSql.Compile(programmes, AsOf, SqlDialects.DuckDb, new ScreeningSqlOptions { From = $"read_csv('{csv}', all_varchar = true, header = true)" });
        Assert.Empty(duck.Diagnostics);
        using (var connection = new DuckDBConnection("DataSource=:memory:"))
        {
            connection.Open();
            Assert.Empty(SqlParity.Differences(programmes, expected, SqlParity.Actual(duck, connection)));
        }

        // The criteria are neither all passed nor all failed: the comparisons are tested both ways.
        Assert.Contains(expected[0].Values, v => v.Eligible);
        Assert.Contains(expected[0].Values, v => !v.Eligible);

        if (fixture.Server is null)
        {
            Assert.False(PostgresServer.Required, "POLICYRULES_REQUIRE_POSTGRES=1 but no server could start: " + fixture.WhyNot);
            return;
        }

        using var pg = fixture.Server.Connect();
        var table = "fuzz_" + seed.ToString(CultureInfo.InvariantCulture);
        PostgresParityTests.LoadText(pg, csv, table, typed: false);
        var query = ScreeningSql.Compile(programmes, AsOf, SqlDialects.PostgreSql, new ScreeningSqlOptions { From = SqlDialects.PostgreSql.QuoteIdentifier(table) });
        Assert.Empty(SqlParity.Differences(programmes, expected, SqlParity.Actual(query, pg)));
    }

    /// <summary>A programme with 30 outputs (unrounded values computed from quotients) and 3 criteria, all generated.</summary>
    private static string RuleFile(Random random)
    {
        var outputs = new StringBuilder();
        for (var i = 0; i < 30; i++)
        {
            var expression = i % 3 == 0 ? $"Num.Round({Value(random, 3)}, {random.Next(0, 6)})" : $"{Pick(random, Weights)} * ({Value(random, 3)})";
            outputs.Append(i == 0 ? "" : ",\n").Append(CultureInfo.InvariantCulture,
                $$"""      { "Name": "v{{i}}", "Expression": "{{expression}}", "TitleZh": "值 {{i}}", "TitleEn": "Value {{i}}", "Unit": "none", "Rounding": "none" }""");
        }

        var rules = new StringBuilder();
        for (var i = 0; i < 3; i++)
        {
            var threshold = (random.Next(0, 400) / 100m).ToString(CultureInfo.InvariantCulture);
            rules.Append(i == 0 ? "" : ",\n").Append(CultureInfo.InvariantCulture,
                $$"""    { "RuleName": "C{{i}}", "Expression": "{{Value(random, 2)}} {{(random.Next(2) == 0 ? ">=" : "<")}} {{threshold}}m", "Properties": { "TitleZh": "条件 {{i}}", "TitleEn": "Criterion {{i}}" } }""");
        }

        return OutputRuleFile.Text("DecimalFuzz", "商值算术测试", "Arithmetic on quotients", outputs.ToString(), rules.ToString());
    }

    /// <summary>A decimal expression built from quotients, <paramref name="depth"/> levels at most.</summary>
    private static string Value(Random random, int depth)
    {
        if (depth == 0)
        {
            return Quotient(random);
        }

        return random.Next(9) switch
        {
            0 => Quotient(random),
            1 => $"{Pick(random, Weights)} * {Value(random, depth - 1)}",
            2 => $"({Value(random, depth - 1)} + {Value(random, depth - 1)})",
            3 => $"({Value(random, depth - 1)} - {Value(random, depth - 1)})",
            4 => $"Num.Min({Value(random, depth - 1)}, {Pick(random, Weights)})",
            5 => $"Num.Max({Value(random, depth - 1)}, {Pick(random, Weights)})",
            6 => $"(Ratio.Of({Value(random, depth - 1)}, {Pick(random, Weights)}) ?? 0m)",
            7 => $"Num.Round({Value(random, depth - 1)}, {random.Next(0, 6)})",
            _ => $"-{Value(random, depth - 1)}",
        };
    }

    private static string Quotient(Random random)
    {
        string Operand() => random.Next(2) == 0 ? Pick(random, Money) : Pick(random, Counts);
        return random.Next(4) == 0
            ? $"(Ratio.Growth({Pick(random, Money)}, {Pick(random, Money)}) ?? 0m)"
            : $"(Ratio.Of({Operand()}, {Operand()}) ?? 0m)";
    }

    private static string Pick(Random random, string[] items) => items[random.Next(items.Length)];
}

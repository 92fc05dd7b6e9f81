using System.Globalization;
using System.Text;
using DuckDB.NET.Data;
using PolicyRules.Cli.Generation;
using PolicyRules.Model;
using PolicyRules.Sql;

namespace PolicyRules.Tests.Sql;

/// <summary>
/// Declared outputs in SQL: every rounding mode at every target of every unit, floors and caps, over
/// money, signed money, quotients and whole-number counts, on records set exactly on each rounding half
/// and each cap, one step below and above; the values (and empty ones for rows not eligible) equal the
/// .NET engine's, on DuckDB and on PostgreSQL.
/// </summary>
public sealed class SqlOutputParityTests(PostgresFixture fixture) : IClassFixture<PostgresFixture>, IDisposable
{
    private static readonly DateOnly AsOf = SyntheticProfiles.AsOf;
    private readonly string _directory = Directory.CreateTempSubdirectory("policyrules-sqlout-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static readonly string[] Modes = ["down", "up", "half-up", "half-even"];

    /// <summary>The outputs: (name, expression, unit, target, floor, cap).</summary>
    private static IEnumerable<(string Name, string Expression, string Unit, string Target, string? Floor, string? Cap)> Outputs()
    {
        var yuan = new (string Expression, string? Floor, string? Cap)[]
        {
            ("enterprise.RdExpenseY1 * 0.5m", null, "1000000"),
            ("enterprise.NetProfitY1 * 0.05m", "-1000", "50000"),
            ("(enterprise.RdExpenseY1 - enterprise.RdExpenseY2) * 0.10m", "0", "1000000"),
        };
        foreach (var mode in Modes)
        {
            var m = mode.Replace("-", "", StringComparison.Ordinal);
            foreach (var target in new[] { "fen", "jiao", "yuan" })
            {
                for (var e = 0; e < yuan.Length; e++)
                {
                    yield return ($"{m}{target}{e}", yuan[e].Expression, "yuan", target, yuan[e].Floor, yuan[e].Cap);
                }
            }

            foreach (var target in new[] { "yuan", "wan" })
            {
                yield return ($"{m}wan{target}", "enterprise.RdExpenseY1 * 0.00005m", "wan", target, "0", "100");
            }

            foreach (var target in new[] { "percent", "tenth-percent" })
            {
                yield return ($"{m}ratio{target.Replace("-", "", StringComparison.Ordinal)}", "Ratio.Of(enterprise.RdExpenseY1, enterprise.RevenueY1)", "percent", target, null, "1");
            }

            yield return ($"{m}thirdwhole", "enterprise.Employees / 3m", "people", "whole", null, null);
            if (mode.StartsWith("half", StringComparison.Ordinal))
            {
                yield return ($"{m}halftenth", "enterprise.Employees * 0.05m", "people", "tenth", null, null);
            }

            yield return ($"{m}sixthhundredth", "Ratio.Of(enterprise.RdExpenseY1 - enterprise.RdExpenseY2, 6m)", "none", "hundredth", null, null);
        }

        yield return ("exact", "enterprise.RdExpenseY1 * 0.125m", "yuan", "", "0", null);

        // Unrounded, computed from a quotient: .NET's decimal value itself (28 decimals below 7.9, fewer above).
        yield return ("weightedshare", "25m * (Ratio.Of(enterprise.TechStaff, enterprise.Employees) ?? 0m)", "none", "", null, null);
    }

    internal static string RuleFile()
    {
        var outputs = new StringBuilder();
        foreach (var (name, expression, unit, target, floor, cap) in Outputs())
        {
            outputs.Append(outputs.Length == 0 ? "" : ",\n").Append(CultureInfo.InvariantCulture, $$"""
                      { "Name": "{{name}}", "Expression": "{{expression}}", "TitleZh": "输出 {{name}}", "TitleEn": "Output {{name}}", "Unit": "{{unit}}", "Rounding": "{{(target.Length == 0 ? "none" : mode(name) + "-to-" + target)}}"{{(floor is null ? "" : ", \"Floor\": " + floor)}}{{(cap is null ? "" : ", \"Cap\": " + cap)}} }
                """);
        }

        return OutputRuleFile.Text("OutputSweep", "输出取整测试", "Output rounding sweep", outputs.ToString(),
            """    { "RuleName": "AtLeastFivePeople", "Expression": "enterprise.Employees >= 5", "Properties": { "TitleZh": "至少5人", "TitleEn": "At least five people" } }""");

        static string mode(string name) => Modes.First(m => name.StartsWith(m.Replace("-", "", StringComparison.Ordinal) + "", StringComparison.Ordinal));
    }

    /// <summary>Records whose outputs fall on each rounding half and each cap, a fen below and above, and some not eligible.</summary>
    internal static List<EnterpriseProfile> Records()
    {
        var records = new List<EnterpriseProfile>();
        var n = 0;
        var random = new Random(1632);
        foreach (var baseProfile in SyntheticProfiles.Generate(40, seed: 1632))
        {
            // RdExpenseY1 * 0.5 is a half fen, jiao or yuan at these; 2,000,000 is the cap of the first output.
            var whole = Math.Round(baseProfile.RdExpenseY1, 0);
            decimal[] rd = [whole + 1.00m, whole + 0.10m, whole + 0.01m, whole + 0.99m, whole, 2_000_000m, 1_999_999.99m, 2_000_000.01m, 2_000_002m, 0m, whole + 20_000m];
            decimal[] profit = [-20_000m, -20_000.01m, -19_999.99m, -20_010m, 1_000_000m, 999_999.99m, 1_000_000.01m, 10.10m, 10.30m, -10.10m, -10.30m, 0m];
            foreach (var y1 in rd)
            {
                var p = profit[random.Next(profit.Length)];
                var y2 = random.Next(3) switch { 0 => 0m, 1 => y1 - 10_000_000m, _ => Math.Round(y1 * 0.5m, 2) + 0.01m };
                records.Add(baseProfile with
                {
                    Id = "O" + (n++).ToString(CultureInfo.InvariantCulture),
                    RdExpenseY1 = y1,
                    RdExpenseY2 = Math.Max(0m, y2),
                    NetProfitY1 = p,
                    RevenueY1 = random.Next(4) == 0 ? 0m : Math.Max(y1, 1m) * random.Next(1, 2001) / 1000m,
                    Employees = random.Next(0, 400),
                });
            }
        }

        return [.. records.Select(r => r with { RevenueY1 = Math.Round(r.RevenueY1, 2) })];
    }

    private (PolicyEngine Engine, List<EnterpriseProfile> Records, string Csv) Setup()
    {
        var rules = Path.Combine(_directory, "rules");
        Directory.CreateDirectory(rules);
        File.WriteAllText(Path.Combine(rules, "OutputSweep.json"), RuleFile());
        var records = Records();
        return (PolicyEngine.LoadDirectory(rules), records, SqlParity.WriteCsv(records, _directory));
    }

    [Fact]
    public void DuckDB_gives_every_output_of_every_mode_target_floor_and_cap_as_the_NET_engine()
    {
        var (engine, records, csv) = Setup();
        var programmes = new[] { engine.GetProgramme("OutputSweep", AsOf) };
        var query = ScreeningSql.Compile(programmes, AsOf, SqlDialects.DuckDb, new ScreeningSqlOptions { From = $"read_csv('{csv}', all_varchar = true, header = true)" });
        Assert.Contains("OutputSweep.halfevenfen0", query.Columns);
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        var expected = SqlParity.Expected(programmes, records, AsOf);
        var actual = SqlParity.Actual(query, connection);
        Assert.Empty(SqlParity.Differences(programmes, expected, actual));
        Assert.Equal(records.Count, actual[0].Count);

        // The sweep reaches what it is for: caps, floors, halves and empty outputs all occur.
        var values = expected[0].Values.ToList();
        Assert.Contains(values, v => v.Outputs.StartsWith("1000000;", StringComparison.Ordinal));
        Assert.Contains(values, v => v.Outputs.Split(';')[1] == "-1000");
        Assert.Contains(values, v => !v.Eligible && v.Outputs.Split(';').All(o => o == "-"));
        Assert.Contains(values, v => v.Eligible);
    }

    [Fact]
    public void PostgreSQL_gives_every_output_of_every_mode_target_floor_and_cap_as_the_NET_engine()
    {
        if (fixture.Server is null)
        {
            Assert.False(PostgresServer.Required, "POLICYRULES_REQUIRE_POSTGRES=1 but no server could start: " + fixture.WhyNot);
            return;
        }

        var (engine, records, csv) = Setup();
        var programmes = new[] { engine.GetProgramme("OutputSweep", AsOf) };
        using var connection = fixture.Server.Connect();
        PostgresParityTests.LoadText(connection, csv, "output_sweep");
        var expected = SqlParity.Expected(programmes, records, AsOf);
        foreach (var table in new[] { "output_sweep", "output_sweep_typed" })
        {
            var query = ScreeningSql.Compile(programmes, AsOf, SqlDialects.PostgreSql, new ScreeningSqlOptions { From = SqlDialects.PostgreSql.QuoteIdentifier(table) });
            Assert.Empty(SqlParity.Differences(programmes, expected, SqlParity.Actual(query, connection)));
        }
    }

    [Fact]
    public void An_unrounded_output_that_is_a_quotient_is_PR1032_at_its_expression()
    {
        var rules = Path.Combine(_directory, "rules");
        Directory.CreateDirectory(rules);
        var text = RuleFile().Replace("\"enterprise.RdExpenseY1 * 0.125m\"", "\"Ratio.Of(enterprise.RdExpenseY1, 7m)\"", StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(rules, "OutputSweep.json"), text);
        var engine = PolicyEngine.LoadDirectory(rules);
        var query = ScreeningSql.Compile(engine, ["OutputSweep"], AsOf, SqlDialects.DuckDb, null);
        Assert.False(query.Success);
        var diagnostic = Assert.Single(query.Diagnostics);
        Assert.Equal(SqlDiagnosticIds.NotTranslatableToSql, diagnostic.Id);
        var line = text.Split('\n').Select((l, i) => (l, i)).First(x => x.l.Contains("Ratio.Of(enterprise.RdExpenseY1, 7m)", StringComparison.Ordinal)).i + 1;
        Assert.Equal(line, diagnostic.Location.Line);
        Assert.Contains("Rounding", diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("无法精确翻译", diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal("", BilingualSpecifics.Mismatch(diagnostic.Message)); // each half its own words, not the reason whole in both
    }
}

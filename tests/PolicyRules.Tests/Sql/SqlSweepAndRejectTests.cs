using System.Globalization;
using DuckDB.NET.Data;
using PolicyRules.Cli.Generation;
using PolicyRules.Model;
using PolicyRules.Rules;
using PolicyRules.Sql;

namespace PolicyRules.Tests.Sql;

/// <summary>
/// The SQL back end at the thresholds, on bad values and on constructs it cannot translate: ratios
/// set exactly on each policy threshold, one fen (one person) below and above, agree with .NET; an
/// unreadable value is a reject naming its row and column, never a failed query; an untranslatable
/// expression is PR1032 at its line and column, with no SQL.
/// </summary>
public sealed class SqlSweepAndRejectTests : IDisposable
{
    private static readonly PolicyEngine Engine = PolicyEngine.LoadDirectory(TestProfiles.RulesDirectory);
    private static readonly DateOnly AsOf = SyntheticProfiles.AsOf;
    private readonly string _directory = Directory.CreateTempSubdirectory("policyrules-sqlsweep-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>The ratios the bundled rules compare with thresholds: numerator and denominator setters.</summary>
    private static readonly (Func<EnterpriseProfile, decimal> Den, Func<EnterpriseProfile, decimal, EnterpriseProfile> SetNum)[] Ratios =
    [
        (p => p.RevenueY1, (p, v) => p with { RdExpenseY1 = v }),
        (p => p.RevenueY2, (p, v) => p with { RdExpenseY2 = v }),
        (p => p.CostAndExpenseY1, (p, v) => p with { RdExpenseY1 = v }),
        (p => p.RdExpenseY1 + p.RdExpenseY2 + p.RdExpenseY3, (p, v) => p with { DomesticRdExpenseY1 = v - p.DomesticRdExpenseY2 - p.DomesticRdExpenseY3 }),
        (p => p.TotalIncomeY1 - p.NonTaxableIncomeY1, (p, v) => p with { HighTechIncomeY1 = v }),
        (p => p.RevenueY1, (p, v) => p with { MainBusinessRevenueY1 = v }),
        (p => p.TotalAssets, (p, v) => p with { TotalLiabilities = v }),
        (p => p.RevenueY3, (p, v) => p with { RevenueY1 = v }),
        (p => p.MainBusinessRevenueY2, (p, v) => p with { MainBusinessRevenueY1 = v }),
        (p => p.Employees, (p, v) => p with { TechStaff = (int)decimal.Round(v) }),
    ];

    private static readonly decimal[] Thresholds = [0.01m, 0.02m, 0.025m, 0.03m, 0.04m, 0.05m, 0.06m, 0.10m, 0.15m, 0.20m, 0.25m, 0.30m, 0.50m, 0.55m, 0.60m, 0.70m, 0.75m, 0.80m, 0.90m, 1.05m, 1.10m, 1.1025m, 1.15m, 1.21m];

    [Fact]
    public void DuckDB_agrees_with_the_NET_engine_on_every_ratio_set_on_a_threshold_and_one_step_either_side()
    {
        var profiles = new List<EnterpriseProfile>();
        var row = 0;
        foreach (var baseProfile in SyntheticProfiles.Generate(60, seed: 16))
        {
            foreach (var (den, setNum) in Ratios)
            {
                foreach (var k in Thresholds)
                {
                    foreach (var step in new[] { -0.01m, 0m, 0.01m })
                    {
                        var exact = decimal.Round(den(baseProfile) * k, 2) + step;
                        if (exact < 0)
                        {
                            continue;
                        }

                        var p = setNum(baseProfile, exact);
                        if (p.DomesticRdExpenseY1 < 0 || p.TechStaff < 0)
                        {
                            continue;
                        }

                        profiles.Add(p with { Id = "S" + (row++).ToString(CultureInfo.InvariantCulture) });
                    }
                }
            }
        }

        var csv = SqlParity.WriteCsv(profiles, _directory);
        var programmes = SqlParity.EnterpriseProgrammes(Engine).Select(n => Engine.GetProgramme(n, AsOf)).ToList();
        var query = ScreeningSql.Compile(programmes, AsOf, SqlDialects.DuckDb, new ScreeningSqlOptions { From = $"read_csv('{csv}', all_varchar = true, header = true)" });
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        var actual = SqlParity.Actual(query, connection);
        Assert.Empty(SqlParity.Differences(programmes, SqlParity.Expected(programmes, profiles, AsOf), actual));
        Assert.True(profiles.Count > 10_000);
    }

    [Fact]
    public void A_value_the_database_cannot_read_as_its_kind_is_a_reject_naming_row_and_column_and_the_rest_is_screened()
    {
        var good = SyntheticProfiles.Generate(5, seed: 3).ToList();
        var csv = SqlParity.WriteCsv(good, _directory);
        var lines = File.ReadAllLines(csv).ToList();
        var header = lines[0].Split(',');
        string Bad(int line, string column, string value)
        {
            var cells = lines[line].Split(',');
            cells[Array.IndexOf(header, column)] = value;
            return string.Join(',', cells);
        }

        lines.Add(Bad(1, "revenueY1", "1.005").Replace(good[0].Id, "BAD-FEN", StringComparison.Ordinal));
        lines.Add(Bad(2, "registrationDate", "2023-02-30").Replace(good[1].Id, "BAD-DATE", StringComparison.Ordinal));
        lines.Add(Bad(3, "residentInMainland", "yes").Replace(good[2].Id, "BAD-BOOL", StringComparison.Ordinal));
        lines.Add(Bad(4, "employees", "-1").Replace(good[3].Id, "BAD-COUNT", StringComparison.Ordinal));
        lines.Add(Bad(5, "revenueY2", "").Replace(good[4].Id, "MISSING", StringComparison.Ordinal));
        File.WriteAllLines(csv, lines);

        var query = ScreeningSql.Compile(Engine, ["HighTechEnterprise"], AsOf, SqlDialects.DuckDb, new ScreeningSqlOptions { From = $"read_csv('{csv}', all_varchar = true, header = true)" });
        Assert.True(query.Success);
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        var rejects = new Dictionary<string, (string Columns, string Reasons)>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = query.Rejects;
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                rejects[reader.GetString(1)] = (reader.GetString(2), reader.GetString(3));
            }
        }

        Assert.Equal(["BAD-BOOL", "BAD-COUNT", "BAD-DATE", "BAD-FEN", "MISSING"], rejects.Keys.Order());
        Assert.Equal("revenueY1", rejects["BAD-FEN"].Columns);
        Assert.Contains("1.005", rejects["BAD-FEN"].Reasons, StringComparison.Ordinal);
        Assert.Equal("registrationDate", rejects["BAD-DATE"].Columns);
        Assert.Equal("residentInMainland", rejects["BAD-BOOL"].Columns);
        Assert.Equal("employees", rejects["BAD-COUNT"].Columns);
        Assert.Equal("revenueY2", rejects["MISSING"].Columns);
        Assert.Contains("empty cell", rejects["MISSING"].Reasons, StringComparison.Ordinal);
        var written = SqlParity.Actual(query, connection)[0];
        Assert.Equal(good.Select(g => g.Id).Order(), written.Keys.Order());
        Assert.Equal(lines.Count - 1, written.Count + rejects.Count);
    }

    [Fact]
    public void An_expression_without_an_exact_translation_is_PR1032_at_its_line_and_column_and_no_SQL()
    {
        var rules = Path.Combine(_directory, "rules");
        Directory.CreateDirectory(rules);
        var text = File.ReadAllText(Path.Combine(TestProfiles.RulesDirectory, "HighTechEnterprise.json"))
            .Replace("\"Expression\": \"enterprise.CoreIpForMainProducts\"", "\"Expression\": \"enterprise.Name.StartsWith(\\\"A\\\")\"", StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(rules, "HighTechEnterprise.json"), text);
        var engine = PolicyEngine.LoadDirectory(rules);
        var query = ScreeningSql.Compile(engine, ["HighTechEnterprise"], AsOf, SqlDialects.PostgreSql, null);
        Assert.False(query.Success);
        Assert.Null(query.Results);
        var diagnostic = Assert.Single(query.Diagnostics);
        Assert.Equal(SqlDiagnosticIds.NotTranslatableToSql, diagnostic.Id);
        var line = text.Split('\n').Select((l, i) => (l, i)).First(x => x.l.Contains("StartsWith", StringComparison.Ordinal)).i + 1;
        Assert.Equal(line, diagnostic.Location.Line);
        Assert.Contains("CoreIntellectualProperty", diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal("", BilingualSpecifics.Mismatch(diagnostic.Message)); // each half its own words, not the reason whole in both
    }
}

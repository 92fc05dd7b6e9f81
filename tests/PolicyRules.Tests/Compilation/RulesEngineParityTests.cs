using System.Text.Json;
using CsCheck;
using PolicyRules.Bulk;
using PolicyRules.Compilation;
using PolicyRules.Evaluation;
using PolicyRules.Model;
using PolicyRules.Rules;
using RulesEngine.Models;

namespace PolicyRules.Tests.Compilation;

/// <summary>
/// Microsoft's RulesEngine is the reference: the same rule files, run through stock RulesEngine,
/// must give the same outcome for every rule (nested ones included) and the same score and class.
/// </summary>
public sealed class RulesEngineParityTests
{
    private static readonly PolicyEngine Engine = PolicyEngine.LoadDirectory(TestProfiles.RulesDirectory);
    private static readonly RulesEngine.RulesEngine Reference = CreateReference();

    [Fact]
    public async Task Every_bundled_rule_file_loads_in_stock_RulesEngine()
    {
        foreach (var file in PolicyEngine.RuleFiles(TestProfiles.RulesDirectory))
        {
            var workflows = StockWorkflows(file);
            var engine = new RulesEngine.RulesEngine(workflows, Settings());
            foreach (var workflow in workflows)
            {
                Assert.True(engine.ContainsWorkflow(workflow.WorkflowName), file);
                var compiled = Engine.Programmes.SelectMany(name => Engine.GetVersions(name)).Single(p => p.Definition.WorkflowName == workflow.WorkflowName);
                var asOf = compiled.IsInForce(TestProfiles.AsOf) ? TestProfiles.AsOf : compiled.Definition.EffectiveFrom;
                var parameters = compiled.Input == "Person"
                    ? [new RuleParameter(RuleParameters.Person, TestProfiles.Person()), new RuleParameter(RuleParameters.AsOf, asOf)]
                    : await ReferenceParameters(compiled, TestProfiles.Baseline(), asOf);
                var results = await (compiled.Uses.IsEmpty ? engine : Reference).ExecuteAllRulesAsync(workflow.WorkflowName, parameters);
                Assert.All(results, r => Assert.True(string.IsNullOrEmpty(r.ExceptionMessage), r.ExceptionMessage));
            }
        }
    }

    /// <summary>
    /// Rules no valid profile can fail, keyed "Programme/RulePath", with the reason; the coverage check
    /// requires them to be seen passing and never failing instead (so an entry cannot hide a rule that
    /// has become failable).
    /// </summary>
    private static readonly Dictionary<string, string> CannotFail = new(StringComparer.Ordinal)
    {
        ["SmeSize/IndustryHasSizeRow"] = "every Industry value has a row in the size table",
    };

    /// <summary>One cent below, at and above a yuan bound.</summary>
    private static readonly decimal[] Cents = [-0.01m, 0m, 0.01m];

    /// <summary>Every version of every enterprise programme, oldest first within a programme.</summary>
    private static IReadOnlyList<CompiledProgramme> EnterpriseVersions { get; } =
        [.. TestProfiles.EnterpriseProgrammes(Engine).SelectMany(name => Engine.GetVersions(name))];

    [Fact]
    public async Task Ten_thousand_generated_profiles_get_the_same_outcomes_as_RulesEngine()
    {
        // 10,000 profiles × every version (15 today) ≈ 150,000 comparisons: the same number as before the fields of
        // §4–§14 were generated, and about 15 % more CPU (richer profiles); no reason to sample fewer.
        var coverage = new RuleOutcomeCoverage();
        await ProfileGen.Profile.SampleAsync(async profile =>
        {
            foreach (var version in EnterpriseVersions)
            {
                // The version in force on the generator's date is evaluated on that date, every other version on its first day.
                var asOf = version.IsInForce(ProfileGen.AsOf) ? ProfileGen.AsOf : version.Definition.EffectiveFrom;
                coverage.Record(version, await AssertSameAsReference(version, profile, asOf));
            }
        }, iter: 10_000, threads: 1);

        // The comparison above only means something for rules the sample took to both sides of their thresholds.
        var missing = coverage.Missing(EnterpriseVersions, CannotFail, CoverageScope.EveryRuleAndEligibility);
        Assert.True(missing.Count == 0,
            $"The generated profiles (ProfileGen.Profile) never took these rules to one side; extend the generator:\n{string.Join("\n", missing)}");
    }

    [Fact]
    public async Task Every_boundary_value_gets_the_same_outcomes_as_RulesEngine()
    {
        // About 23,000 profiles (20,480 of them the §1–§3 size grid) × 18 version-dates ≈ 414,000 comparisons,
        // 1.7 times the sweep of §1–§3 alone (about 11 s more CPU on the development machine).
        var coverage = new RuleOutcomeCoverage();
        foreach (var profile in BoundarySweep())
        {
            foreach (var version in EnterpriseVersions)
            {
                foreach (var asOf in SweepDates(version))
                {
                    coverage.Record(version, await AssertSameAsReference(version, profile, asOf));
                }
            }
        }

        Assert.True(coverage.Recorded > 100_000, $"only {coverage.Recorded} boundary outcomes");

        // Every criterion is crossed by the sweep. (Not every nested rule nor every version's eligibility: the
        // sweep moves one threshold at a time away from a baseline; the generated profiles cover those.)
        var missing = coverage.Missing(EnterpriseVersions, CannotFail, CoverageScope.TopLevelRules);
        Assert.True(missing.Count == 0, $"The boundary sweep never took these criteria to one side; extend it:\n{string.Join("\n", missing)}");
    }

    /// <summary>
    /// The dates a version is checked on in the boundary sweep: <see cref="TestProfiles.AsOf"/> if it is in force then,
    /// and the first day of every version of a programme that has several (every version of one that has none in force on AsOf).
    /// </summary>
    private static IEnumerable<DateOnly> SweepDates(CompiledProgramme version)
    {
        var inForce = version.IsInForce(TestProfiles.AsOf);
        if (inForce)
        {
            yield return TestProfiles.AsOf;
        }

        if ((!inForce || Engine.GetVersions(version.Name).Length > 1) && version.Definition.EffectiveFrom != TestProfiles.AsOf)
        {
            yield return version.Definition.EffectiveFrom;
        }
    }

    /// <summary>
    /// Evaluates <paramref name="profile"/> with <paramref name="version"/> (which must be the version the engine picks on
    /// <paramref name="asOf"/>) in PolicyRules, its screening kernel and stock RulesEngine, and asserts the same outcome for every rule.
    /// </summary>
    private static async Task<ProgrammeResult> AssertSameAsReference(CompiledProgramme version, EnterpriseProfile profile, DateOnly asOf)
    {
        var compiled = Engine.GetProgramme(version.Name, asOf);
        Assert.Same(version, compiled);
        var ours = Engine.Evaluate(version.Name, profile, asOf);
        var reference = await Reference.ExecuteAllRulesAsync(compiled.Definition.WorkflowName, await ReferenceParameters(compiled, profile, asOf));
        Assert.Equal(reference.Count, ours.Criteria.Length);
        for (var i = 0; i < reference.Count; i++)
        {
            AssertSameTree(reference[i], ours.Criteria[i], profile);
        }

        if (compiled.Definition.ScoreParam is { } score)
        {
            Assert.Equal(Convert.ToDecimal(reference[0].Inputs[score], System.Globalization.CultureInfo.InvariantCulture), ours.Score);
        }

        if (compiled.Definition.ClassificationParam is { } classification)
        {
            Assert.Equal(reference[0].Inputs[classification]?.ToString(), ours.Classification);
        }

        // The fast screening kernel agrees with the explaining one.
        var screener = ProgrammeScreener.Create([compiled], asOf);
        screener.Screen(profile);
        Assert.Equal(ours.Eligible, screener.Eligible(0));
        Assert.Equal(ours.Score, screener.Buffer(0).Score);
        Assert.Equal(ours.Classification, screener.Buffer(0).Classification);
        Assert.Equal(reference.TrueForAll(r => r.IsSuccess), ours.Eligible);
        return ours;
    }

    private static void AssertSameTree(RuleResultTree reference, CriterionResult ours, EnterpriseProfile profile)
    {
        // RulesEngine reports a failing rule's ErrorMessage in ExceptionMessage; anything else is a real exception.
        Assert.True(string.IsNullOrEmpty(reference.ExceptionMessage) || reference.ExceptionMessage == reference.Rule.ErrorMessage,
            $"{reference.Rule.RuleName}: {reference.ExceptionMessage}");
        Assert.Equal(reference.Rule.RuleName, ours.Name);
        if (reference.IsSuccess != ours.Passed)
        {
            Assert.Fail($"{ours.Name} for {JsonSerializer.Serialize(profile)}: RulesEngine {reference.IsSuccess}, PolicyRules {ours.Passed}");
        }

        var children = reference.ChildResults?.ToList() ?? [];
        Assert.Equal(children.Count, ours.Children.Length);
        for (var i = 0; i < children.Count; i++)
        {
            AssertSameTree(children[i], ours.Children[i], profile);
        }
    }

    /// <summary>
    /// The parameters RulesEngine needs for <paramref name="compiled"/>: for a composite programme, the
    /// outcomes of the programmes it uses, computed by RulesEngine itself (not by us) from their workflows.
    /// </summary>
    private static async Task<RuleParameter[]> ReferenceParameters(CompiledProgramme compiled, EnterpriseProfile profile, DateOnly asOf)
    {
        if (compiled.Uses.IsEmpty)
        {
            return Parameters(profile, asOf);
        }

        var outcomes = new ProgrammeOutcomes(compiled.Uses);
        foreach (var name in compiled.Uses)
        {
            var used = Engine.GetProgramme(name, asOf);
            var results = await Reference.ExecuteAllRulesAsync(used.Definition.WorkflowName, await ReferenceParameters(used, profile, asOf));
            var score = used.Definition.ScoreParam is { } s ? Convert.ToDecimal(results[0].Inputs[s], System.Globalization.CultureInfo.InvariantCulture) : (decimal?)null;
            var classification = used.Definition.ClassificationParam is { } c ? results[0].Inputs[c]?.ToString() : null;
            outcomes.Set(name, results.TrueForAll(r => r.IsSuccess), score, classification);
        }

        return [.. Parameters(profile, asOf), new RuleParameter(RuleParameters.Programmes, outcomes)];
    }

    private static RuleParameter[] Parameters(EnterpriseProfile profile, DateOnly asOf) =>
        [new RuleParameter(RuleParameters.Enterprise, profile), new RuleParameter(RuleParameters.AsOf, asOf)];

    internal static ReSettings Settings() => new()
    {
        CustomTypes = [.. AllowList.HelperTypes, .. AllowList.ModelTypes],
        EnableExceptionAsErrorMessage = true,
    };

    /// <summary>
    /// A rule file read the way a RulesEngine user reads one: a bundled file is one workflow object
    /// (so that it can carry <c>$schema</c>), which deserializes as a <see cref="Workflow"/>; a file
    /// of several workflows is an array of them.
    /// </summary>
    private static Workflow[] StockWorkflows(string file)
    {
        var json = File.ReadAllText(file);
        return json.TrimStart().StartsWith('[')
            ? JsonSerializer.Deserialize<Workflow[]>(json)!
            : [JsonSerializer.Deserialize<Workflow>(json)!];
    }

    private static RulesEngine.RulesEngine CreateReference()
    {
        var workflows = PolicyEngine.RuleFiles(TestProfiles.RulesDirectory)
            .SelectMany(StockWorkflows)
            .ToArray();
        return new RulesEngine.RulesEngine(workflows, Settings());
    }

    /// <summary>
    /// Profiles built from every threshold of every programme and one cent or one unit either side: the
    /// size bands of §1–§3 on a grid, then every field of the contract alone at the thresholds of its kind
    /// (<see cref="SingleFieldSweep"/>), then the ratios, growth rates and sums the rules compute, each at
    /// its bound (<see cref="RatioSweep"/>).
    /// </summary>
    private static IEnumerable<EnterpriseProfile> BoundarySweep()
    {
        var baseline = TestProfiles.Baseline();
        var asOf = TestProfiles.AsOf;
        int[] people = [0, 1, 4, 5, 6, 9, 10, 11, 19, 20, 21, 49, 50, 51, 99, 100, 101, 199, 200, 201, 299, 300, 301, 499, 500, 501, 999, 1000, 1001, 1999, 2000, 2001];
        decimal[] wan = [0m, 50m, 100m, 200m, 300m, 500m, 1000m, 2000m, 3000m, 5000m, 6000m, 8000m, 10000m, 20000m, 30000m, 40000m, 80000m, 100000m, 120000m, 200000m];
        foreach (var industry in Enum.GetValues<Industry>())
        {
            foreach (var employees in people)
            {
                foreach (var w in wan)
                {
                    foreach (var delta in (decimal[])[-0.01m, 0m])
                    {
                        var money = Math.Max(0m, w * 10_000m + delta);
                        yield return baseline with { Industry = industry, Employees = employees, TechStaff = employees / 10, RevenueY1 = money, TotalAssets = money };
                    }
                }
            }
        }

        foreach (var days in (int[])[-1, 0, 1, 364, 365, 366])
        {
            yield return baseline with { RegistrationDate = asOf.AddDays(-days) };
        }

        foreach (var score in (decimal[])[69m, 69.99m, 70m, 70.01m, 71m])
        {
            yield return baseline with { InnovationCapabilityScore = score };
        }

        foreach (var techStaff in (int[])[0, 9, 10, 11, 14, 15, 19, 20, 24, 25, 29, 30, 31])
        {
            yield return baseline with { Employees = 100, TechStaff = techStaff };
        }

        foreach (var revenue in (decimal[])[0m, 50_000_000m, 50_000_000.01m, 200_000_000m, 200_000_000.01m])
        {
            foreach (var share in (decimal[])[0m, 0.02m, 0.0299m, 0.03m, 0.0399m, 0.04m, 0.0499m, 0.05m, 0.06m])
            {
                var rd = revenue * share;
                yield return baseline with
                {
                    RevenueY1 = revenue, RevenueY2 = revenue, RevenueY3 = revenue, CostAndExpenseY1 = revenue,
                    RdExpenseY1 = rd, RdExpenseY2 = rd, RdExpenseY3 = rd,
                    DomesticRdExpenseY1 = rd * 0.6m, DomesticRdExpenseY2 = rd * 0.6m, DomesticRdExpenseY3 = rd * 0.59m,
                    TotalIncomeY1 = revenue, HighTechIncomeY1 = revenue * 0.6m,
                };
            }
        }

        foreach (var ipI in (int[])[0, 1])
        {
            foreach (var ipII in (int[])[0, 1, 2, 3, 4, 5])
            {
                yield return baseline with { IpClassI = ipI, IpClassII = ipII, Employees = 100, TechStaff = 10 };
            }
        }

        // HighTechEnterprise's income share of 总收入 = 收入总额 − 不征税收入: 60% exactly and a fen either side; 总收入 0 and below.
        foreach (var nonTaxable in (decimal[])[0m, 1_000_000m, 10_000_000m, 10_000_000.01m])
        {
            foreach (var cent in Cents)
            {
                var highTechIncome = Math.Max(0m, ((10_000_000m - nonTaxable) * 0.6m) + cent);
                yield return baseline with { TotalIncomeY1 = 10_000_000m, NonTaxableIncomeY1 = nonTaxable, HighTechIncomeY1 = highTechIncome };
            }
        }

        // GreenFactory: every level, recognised before, at either end of, and after the plan period 2023–2025.
        foreach (var level in Enum.GetValues<GreenFactoryLevel>())
        {
            foreach (var year in (int[])[0, 2022, 2023, 2025, 2026])
            {
                yield return baseline with { GreenFactoryLevel = level, GreenFactoryYear = year };
            }
        }

        foreach (var profile in SingleFieldSweep(baseline).Concat(RatioSweep(baseline)))
        {
            yield return profile;
        }
    }

    /// <summary>
    /// The baseline with one field changed, for every field of the contract: money at every yuan threshold
    /// (<see cref="ProfileGen.YuanThresholds"/>) and a cent either side and at the contract's maximum, net profit of either sign, counts
    /// 0–11, scores at every pass mark ± 0.01 and ± 1, percents at their bounds ± 0.01, flags flipped,
    /// every value of a choice, registration dates either side of the date rules' boundaries.
    /// </summary>
    private static IEnumerable<EnterpriseProfile> SingleFieldSweep(EnterpriseProfile baseline)
    {
        var asOf = TestProfiles.AsOf;
        foreach (var field in ProfileSchema.Fields)
        {
            IEnumerable<object> values = field.Kind switch
            {
                FieldKind.Money => ProfileGen.YuanThresholds.SelectMany(t => Cents, (t, cent) => Math.Max(0m, t + cent)).Append(ProfileSchema.MaxMoney).Distinct().Select(v => (object)v),
                FieldKind.SignedMoney => ProfileGen.YuanThresholds.Take(8).SelectMany(t => Cents, (t, cent) => t + cent).Append(ProfileSchema.MaxMoney).SelectMany(v => (decimal[])[v, -v]).Distinct().Select(v => (object)v),
                FieldKind.Count => Enumerable.Range(0, 12).Select(i => (object)i),
                FieldKind.Score => ProfileGen.PassMarks.SelectMany(m => (decimal[])[-1m, -0.01m, 0m, 0.01m, 1m], (m, d) => (object)(m + d)).Append(0m).Append(100m),
                FieldKind.Percent => ProfileGen.PercentBounds.SelectMany(b => Cents, (b, cent) => (object)(b + cent)).Append(0m).Append(100m),
                FieldKind.Boolean => [!(bool)field.Property.GetValue(baseline)!],
                FieldKind.Choice or FieldKind.Industry => Enum.GetValues(field.Property.PropertyType).Cast<object>(),
                FieldKind.Date => RegistrationDates(asOf).Select(d => (object)d),
                _ => [],
            };
            foreach (var value in values)
            {
                var profile = baseline with { };
                field.Property.SetValue(profile, value);
                yield return profile;
            }
        }
    }

    /// <summary>
    /// Registration dates either side of every date boundary as of <paramref name="asOf"/>: the 365-day rule
    /// (high-tech), 31 December / 1 January / 2 January two to four years back (Gazelle counts full fiscal
    /// years, 3 needed), the as-of day 10 and 11 years back ± 1 day (Unicorn: at most 10 full years), 29 February.
    /// </summary>
    private static IEnumerable<DateOnly> RegistrationDates(DateOnly asOf)
    {
        foreach (var days in (int[])[-1, 0, 1, 364, 365, 366])
        {
            yield return asOf.AddDays(-days);
        }

        for (var years = 2; years <= 4; years++)
        {
            var newYear = new DateOnly(asOf.Year - years, 1, 1);
            yield return newYear.AddDays(-1);
            yield return newYear;
            yield return newYear.AddDays(1);
        }

        foreach (var years in (int[])[10, 11])
        {
            foreach (var day in (int[])[-1, 0, 1])
            {
                yield return asOf.AddYears(-years).AddDays(day);
            }
        }

        yield return new DateOnly(2016, 2, 29);
        yield return new DateOnly(2020, 2, 29);
    }

    /// <summary>
    /// The quantities the rules compute from two or more fields, each at its bound and a cent (or one person)
    /// either side: debt ratio, main-business share, champion-product share, R&amp;D intensity in every revenue
    /// band, main-business growth (one year and the two-year average), compound revenue and profit growth
    /// in every Gazelle tier and LittleGiant 2026's 5%, R&amp;D sums over two years, the three-year
    /// main-business average, R&amp;D staff share and R&amp;D growth.
    /// </summary>
    private static IEnumerable<EnterpriseProfile> RatioSweep(EnterpriseProfile baseline)
    {
        foreach (var cent in Cents)
        {
            // Debt ratio: InnovativeSme 55%/75% (exclusive), Gazelle 70% (exclusive), LittleGiant 70%/75%, SpecializedSme 2026 80%.
            foreach (var ratio in (decimal[])[0.55m, 0.70m, 0.75m, 0.80m])
            {
                yield return baseline with { TotalLiabilities = (baseline.TotalAssets * ratio) + cent };
            }

            // Main business as a share of revenue: InnovativeSme 50–70%, LittleGiant 70% (2022) / 90% (2026), SpecializedSme 2026 80%.
            foreach (var ratio in (decimal[])[0.50m, 0.55m, 0.60m, 0.70m, 0.80m, 0.90m])
            {
                var main = (baseline.RevenueY1 * ratio) + cent;
                yield return baseline with { MainBusinessRevenueY1 = main, MainBusinessRevenueY2 = main, MainBusinessRevenueY3 = main };
            }

            // ManufacturingChampion: average main-business revenue 4亿 over three years (the product share is no longer a criterion).
            yield return baseline with
            {
                RevenueY1 = 400_000_000m, MainBusinessRevenueY1 = 400_000_000m + cent, MainBusinessRevenueY2 = 400_000_000m, MainBusinessRevenueY3 = 400_000_000m,
                ChampionProductRevenueY1 = 280_000_000m, RdExpenseY1 = 12_000_000m, GlobalMarketRank = 1, ChampionProductYears = 10,
            };
            yield return baseline with { ChampionProductRevenueY1 = (baseline.MainBusinessRevenueY1 * 0.70m) + cent };

            // Main-business growth over one year: InnovativeSme 0/5/10/15%.
            foreach (var growth in (decimal[])[0m, 0.05m, 0.10m, 0.15m])
            {
                yield return baseline with { MainBusinessRevenueY2 = 20_000_000m, MainBusinessRevenueY1 = (20_000_000m * (1 + growth)) + cent };
            }

            // LittleGiant 2022: the two-year average of main-business growth, 5%.
            foreach (var (older, newer) in ((decimal, decimal)[])[(0.05m, 0.05m), (0m, 0.10m), (0.10m, 0m)])
            {
                var y2 = 20_000_000m * (1 + older);
                yield return baseline with { MainBusinessRevenueY3 = 20_000_000m, MainBusinessRevenueY2 = y2, MainBusinessRevenueY1 = (y2 * (1 + newer)) + cent };
            }

            // AboveScale: industrial firms from 2000万 of main-business revenue, and the 10% R&D growth target.
            foreach (var industry in (Industry[])[Industry.Industry, Industry.Wholesale])
            {
                yield return baseline with { Industry = industry, MainBusinessRevenueY1 = 20_000_000m + cent };
            }

            yield return baseline with { RdExpenseY2 = 1_000_000m, RdExpenseY1 = 1_100_000m + cent };

            // R&D over two years: LittleGiant 2026 1200万, SpecializedSme 2022 an average of 1000万, LittleGiant 2022 3000万 (small firms).
            foreach (var total in (decimal[])[12_000_000m, 20_000_000m, 30_000_000m])
            {
                yield return baseline with { RdExpenseY1 = total / 2, RdExpenseY2 = (total / 2) + cent };
            }

            // LittleGiant 2022's small-revenue band with all four of its conditions at their bounds.
            foreach (var rdStaff in (int[])[49, 50, 51])
            {
                yield return baseline with
                {
                    RevenueY1 = 49_999_999.99m, EquityFinancing2y = 80_000_000m + cent, RdExpenseY1 = 15_000_000m, RdExpenseY2 = 15_000_000m + cent,
                    Employees = 100, RdStaff = rdStaff, NationalSciAwardTop3Within3y = false,
                };
            }

            // LittleGiant 2026: compound revenue growth of 5% a year over two years.
            yield return baseline with { RevenueY3 = 50_000_000m, RevenueY1 = 55_125_000m + cent };

            // Gazelle: compound growth of revenue and of net profit at the rate of each revenue tier (25/25/20/15/10%).
            foreach (var (y3, rate) in ((decimal, decimal)[])[(4_000_000m, 0.25m), (8_000_000m, 0.25m), (25_000_000m, 0.20m), (100_000_000m, 0.15m), (400_000_000m, 0.10m)])
            {
                var y1 = y3 * (1 + rate) * (1 + rate);
                yield return baseline with { RevenueY3 = y3, RevenueY1 = y1 + cent };
                foreach (var profitY3 in (decimal[])[-1_000_000m, 0m, 1_000_000m])
                {
                    yield return baseline with { RevenueY3 = y3, RevenueY1 = y1, NetProfitY3 = profitY3 + cent, NetProfitY1 = (profitY3 * (1 + rate) * (1 + rate)) + cent };
                }
            }
        }

        // Gazelle's tier edges: revenue at 1000万/2000万/1亿/4亿 ± a cent, Y3 at the growth required by the tiers on both sides.
        foreach (var edge in (decimal[])[10_000_000m, 20_000_000m, 100_000_000m, 400_000_000m])
        {
            foreach (var factor in (decimal[])[1.21m, 1.3225m, 1.44m, 1.5625m])
            {
                foreach (var cent in Cents)
                {
                    yield return baseline with { RevenueY1 = edge + cent, RevenueY3 = Math.Round(edge / factor, 2), RdExpenseY1 = (edge + cent) * 0.05m };
                }
            }
        }

        // R&D intensity in every revenue band: Gazelle 2.5%/5%, SpecializedSme, LittleGiant and ManufacturingChampion 3%, LittleGiant 2022 6%, InnovativeSme 1/2/3/5%.
        foreach (var revenue in (decimal[])[10_000_000m, 15_000_000m, 20_000_000m, 50_000_000m, 100_000_000m, 400_000_000m])
        {
            foreach (var revenueCent in Cents)
            {
                foreach (var share in (decimal[])[0.01m, 0.02m, 0.025m, 0.03m, 0.05m, 0.06m])
                {
                    foreach (var cent in Cents)
                    {
                        var r = revenue + revenueCent;
                        var rd = Math.Round(r * share, 2) + cent;
                        yield return baseline with { RevenueY1 = r, RevenueY2 = r, RdExpenseY1 = rd, RdExpenseY2 = rd };
                    }
                }
            }
        }

        // ManufacturingChampion: 10 years in the field, 5 for a new product.
        foreach (var years in (int[])[4, 5, 6, 9, 10, 11])
        {
            foreach (var isNew in (bool[])[false, true])
            {
                yield return baseline with { ChampionProductYears = years, ChampionProductNew = isNew };
            }
        }

        // LittleGiant 2026's market position: 10% of the niche market, or ranked first to third at home.
        foreach (var share in (decimal[])[9.99m, 10m, 10.01m])
        {
            foreach (var rank in (int[])[0, 1, 3, 4])
            {
                yield return baseline with { NicheMarketSharePercent = share, DomesticMarketRank = rank };
            }
        }

        // LittleGiant 2022: R&D staff half of all staff; no staff at all.
        foreach (var (employees, rdStaff) in ((int, int)[])[(100, 49), (100, 50), (100, 51), (0, 0)])
        {
            yield return baseline with { Employees = employees, RdStaff = rdStaff };
        }
    }
}

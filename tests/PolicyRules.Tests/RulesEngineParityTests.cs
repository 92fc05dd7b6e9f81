using System.Text.Json;
using CsCheck;
using PolicyRules.Compilation;
using PolicyRules.Evaluation;
using PolicyRules.Model;
using PolicyRules.Rules;
using PolicyRules.Screening;
using RulesEngine.Models;

namespace PolicyRules.Tests;

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
            var workflows = JsonSerializer.Deserialize<Workflow[]>(File.ReadAllText(file));
            Assert.NotNull(workflows);
            var engine = new RulesEngine.RulesEngine(workflows, Settings());
            foreach (var workflow in workflows)
            {
                Assert.True(engine.ContainsWorkflow(workflow.WorkflowName), file);
                var compiled = Engine.Programmes.SelectMany(name => Engine.GetVersions(name)).Single(p => p.Definition.WorkflowName == workflow.WorkflowName);
                var asOf = compiled.IsInForce(TestProfiles.AsOf) ? TestProfiles.AsOf : compiled.Definition.EffectiveFrom;
                var parameters = compiled.Input == InputKind.Person
                    ? [new RuleParameter(RuleParameters.Person, TestProfiles.Person()), new RuleParameter(RuleParameters.AsOf, asOf)]
                    : await ReferenceParameters(compiled, TestProfiles.Baseline(), asOf);
                var results = await (compiled.Uses.IsEmpty ? engine : Reference).ExecuteAllRulesAsync(workflow.WorkflowName, parameters);
                Assert.All(results, r => Assert.True(string.IsNullOrEmpty(r.ExceptionMessage), r.ExceptionMessage));
            }
        }
    }

    [Fact]
    public async Task Ten_thousand_generated_profiles_get_the_same_outcomes_as_RulesEngine()
    {
        await ProfileGen.Profile.SampleAsync(async profile =>
        {
            foreach (var programme in TestProfiles.EnterpriseProgrammes(Engine))
            {
                await AssertSameAsReference(programme, profile, ProfileGen.AsOf);
                // Every other version of the programme too, on its first day.
                foreach (var version in Engine.GetVersions(programme))
                {
                    if (version != Engine.GetProgramme(programme, ProfileGen.AsOf))
                    {
                        await AssertSameAsReference(programme, profile, version.Definition.EffectiveFrom);
                    }
                }
            }
        }, iter: 10_000, threads: 1);
    }

    [Fact]
    public async Task Every_boundary_value_gets_the_same_outcomes_as_RulesEngine()
    {
        var cases = 0;
        foreach (var profile in BoundarySweep())
        {
            foreach (var programme in TestProfiles.EnterpriseProgrammes(Engine))
            {
                await AssertSameAsReference(programme, profile.Profile, profile.AsOf);
                cases++;
            }
        }

        Assert.True(cases > 1_000, $"only {cases} boundary cases");
    }

    private static async Task AssertSameAsReference(string programme, EnterpriseProfile profile, DateOnly asOf)
    {
        var ours = Engine.Evaluate(programme, profile, asOf);
        var compiled = Engine.GetProgramme(programme, asOf);
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

    private static ReSettings Settings() => new()
    {
        CustomTypes = [.. AllowList.HelperTypes, .. AllowList.ModelTypes],
        EnableExceptionAsErrorMessage = true,
    };

    private static RulesEngine.RulesEngine CreateReference()
    {
        var workflows = PolicyEngine.RuleFiles(TestProfiles.RulesDirectory)
            .SelectMany(f => JsonSerializer.Deserialize<Workflow[]>(File.ReadAllText(f))!)
            .ToArray();
        return new RulesEngine.RulesEngine(workflows, Settings());
    }

    /// <summary>Profiles built from every threshold of §1–3 and one cent or one unit either side.</summary>
    private static IEnumerable<(EnterpriseProfile Profile, DateOnly AsOf)> BoundarySweep()
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
                        yield return (baseline with { Industry = industry, Employees = employees, TechStaff = employees / 10, RevenueY1 = money, TotalAssets = money }, asOf);
                    }
                }
            }
        }

        foreach (var days in (int[])[-1, 0, 1, 364, 365, 366])
        {
            yield return (baseline with { RegistrationDate = asOf.AddDays(-days) }, asOf);
        }

        foreach (var score in (decimal[])[69m, 69.99m, 70m, 70.01m, 71m])
        {
            yield return (baseline with { InnovationCapabilityScore = score }, asOf);
        }

        foreach (var techStaff in (int[])[0, 9, 10, 11, 14, 15, 19, 20, 24, 25, 29, 30, 31])
        {
            yield return (baseline with { Employees = 100, TechStaff = techStaff }, asOf);
        }

        foreach (var revenue in (decimal[])[0m, 50_000_000m, 50_000_000.01m, 200_000_000m, 200_000_000.01m])
        {
            foreach (var share in (decimal[])[0m, 0.02m, 0.0299m, 0.03m, 0.0399m, 0.04m, 0.0499m, 0.05m, 0.06m])
            {
                var rd = revenue * share;
                yield return (baseline with
                {
                    RevenueY1 = revenue, RevenueY2 = revenue, RevenueY3 = revenue, CostAndExpenseY1 = revenue,
                    RdExpenseY1 = rd, RdExpenseY2 = rd, RdExpenseY3 = rd,
                    DomesticRdExpenseY1 = rd * 0.6m, DomesticRdExpenseY2 = rd * 0.6m, DomesticRdExpenseY3 = rd * 0.59m,
                    TotalIncomeY1 = revenue, HighTechIncomeY1 = revenue * 0.6m,
                }, asOf);
            }
        }

        foreach (var ipI in (int[])[0, 1])
        {
            foreach (var ipII in (int[])[0, 1, 2, 3, 4, 5])
            {
                yield return (baseline with { IpClassI = ipI, IpClassII = ipII, Employees = 100, TechStaff = 10 }, asOf);
            }
        }
    }
}

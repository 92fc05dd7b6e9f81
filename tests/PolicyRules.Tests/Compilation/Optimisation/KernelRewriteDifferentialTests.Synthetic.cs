using System.Text;
using PolicyRules.Compilation;
using PolicyRules.Model;
using PolicyRules.Rules;

namespace PolicyRules.Tests.Compilation.Optimisation;

/// <summary>
/// Rewrites of the fast kernel, each in a one-rule programme compiled with and without them, at every
/// boundary its expression states — the value at it, a fen either side — and past the money contract
/// (finer than the fen, past 10^13 yuan, near decimal's overflow): a quotient by a constant compared in
/// fen (<c>RevenueY1 / 10000 ≥ 20000</c>, the size table's 万元), compound growth factors as products, a
/// parameter no criterion reads computed only where it could fail, and membership in a constant list.
/// </summary>
public sealed partial class KernelRewriteDifferentialTests
{
    public static TheoryData<string, string, string, decimal[]> Rewrites => new()
    {
        { "enterprise.RevenueY1 / 10000 >= 20000", "", "RevenueY1", [200_000_000m] },
        { "enterprise.RevenueY1 / 10000 < 300 || enterprise.TotalAssets / 10000 > 80000", "", "TotalAssets", [800_000_000m, 3_000_000m] },
        { "enterprise.RevenueY1 / 8 < 1250000.125", "", "RevenueY1", [10_000_001m] },
        { "enterprise.RevenueY1 / 0.10 <= 1000000", "", "RevenueY1", [100_000m] },
        { "enterprise.RevenueY1 / 4 >= 2500000.0025", "", "RevenueY1", [10_000_000.01m] },
        { "enterprise.RevenueY1 >= enterprise.RevenueY3 * Ratio.CompoundFactor(rate, 2)", """{ "Name": "rate", "Expression": "Tiers.Lookup(enterprise.RevenueY1, \"<= 4亿: 25%; else: 10%\")" }""", "RevenueY1", [156_250_000m, 400_000_000m, 121_000_000m] },
        { "enterprise.NetProfitY1 >= enterprise.RevenueY3 * Ratio.CompoundFactor(0.15, 3)", "", "NetProfitY1", [152_087_500m] },
        { "enterprise.RevenueY1 >= 0", """{ "Name": "growth", "Expression": "Ratio.Growth(enterprise.RevenueY1, enterprise.RevenueY2)" }""", "RevenueY2", [1m, 0.01m] },
        { "enterprise.RevenueY1 >= 0", """{ "Name": "share", "Expression": "Ratio.Of(enterprise.RdExpenseY1 + enterprise.RdExpenseY2, enterprise.RevenueY2)" }""", "RevenueY2", [1m] },
    };

    /// <summary>The rewritten and the as-written kernel agree on every value at and around the boundaries, and the rewrite took the work out of the path within the contract.</summary>
    [Theory]
    [MemberData(nameof(Rewrites))]
    public void A_rewrite_agrees_with_the_rule_as_written_at_its_boundaries(string expression, string globalParams, string field, decimal[] pivots)
    {
        var (rewritten, plain) = OneRule(expression, globalParams);
        var values = pivots.SelectMany(p => new[] { p - 0.01m, p, p + 0.01m, -p }).Concat(PastTheContract).Concat([0m, 0.0000000000000000000000000001m]);
        foreach (var revenueY3 in new[] { 100_000_000m, 0m, -1m, ProfileSchema.MaxMoney })
        {
            foreach (var value in values)
            {
                var profile = TestProfiles.Baseline() with { RevenueY1 = 100_000_000m, RevenueY3 = revenueY3 };
                Set(profile, field, value);

                Assert.Equal(Screen(plain, profile, ProfileGen.AsOf), Screen(rewritten, profile, ProfileGen.AsOf));
            }
        }

        var shape = KernelShape.Of(ProgrammeCompiler.FastKernelTree(rewritten.Definition, rewritten.Schema, new List<RuleDiagnostic>())!);
        Assert.Equal(0, shape.DecimalDivisionsOutsideFallback);
        Assert.Equal(0, shape.OtherDivisions);
        Assert.DoesNotContain(shape.CallsOutsideFallback, c => c is "ExactDivision.Divide" or "Ratio.CompoundFactor" or "Ratio.Growth" or "Ratio.Of");
    }

    /// <summary>
    /// Gazelle's growth criteria — revenue (or profit) at least three years back × (1 + the tier's rate)² —
    /// are decided in 64-bit integers: the factor chosen among constants, both sides divided by the
    /// constants' common factor (10^4 and 12100 … 15625 share 25), no compound factor, product or
    /// division in decimal or 128 bits where the contract holds.
    /// </summary>
    [Fact]
    public void Gazelle_decides_its_growth_criteria_in_64_bit_integers()
    {
        var gazelle = Versions.Single(v => v.Rewritten.Name == "Gazelle" && v.Rewritten.IsInForce(ProfileGen.AsOf)).Rewritten;
        var shape = KernelShape.Of(ProgrammeCompiler.FastKernelTree(gazelle.Definition, gazelle.Schema, new List<RuleDiagnostic>())!);
        Assert.Equal(0, shape.WideNodesOutsideFallback);
        Assert.Equal(0, shape.DecimalDivisionsOutsideFallback);
        Assert.DoesNotContain(shape.CallsOutsideFallback, c => c.StartsWith("Ratio.", StringComparison.Ordinal) || c == "ExactDivision.Divide");
    }

    /// <summary>
    /// SmeSize's class is the first row of the size table whose industry matches, chosen by the tests alone:
    /// no row is computed as a parameter and coalesced (the rows, read by nothing else and unable to fail,
    /// are not computed at all), and each bound is compared in fen. The bundled differential tests hold the
    /// classes equal for every industry at every bound.
    /// </summary>
    [Fact]
    public void SmeSize_picks_its_row_by_the_industry_tests_alone()
    {
        var sizes = Versions.Single(v => v.Rewritten.Name == "SmeSize").Rewritten;
        var tree = ProgrammeCompiler.FastKernelTree(sizes.Definition, sizes.Schema, new List<RuleDiagnostic>())!;
        var shape = KernelShape.Of(tree);
        Assert.DoesNotContain(shape.Assigned, name => name.StartsWith("row", StringComparison.Ordinal));
        Assert.Equal(0, shape.DecimalDivisionsOutsideFallback);
        Assert.DoesNotContain("ExactDivision.Divide", shape.CallsOutsideFallback);
        Assert.Single(shape.CallsOutsideFallback, c => c == "EnumText`1.Of");
        Assert.Equal(16, shape.CallsOutsideFallback.Count(c => c == "SizeTable.Row"));
    }

    /// <summary>A parameter no criterion reads that can fail within the contract (a product past decimal's range) is still computed for every record, and fails it as written.</summary>
    [Fact]
    public void A_parameter_no_criterion_reads_is_still_computed_where_it_can_fail()
    {
        var (rewritten, plain) = OneRule("enterprise.RevenueY1 >= 0", """{ "Name": "huge", "Expression": "enterprise.RevenueY1 * enterprise.RevenueY2 * enterprise.RevenueY3 * enterprise.TotalAssets" }""");
        var profile = TestProfiles.Baseline() with { RevenueY1 = 10_000_000_000m, RevenueY2 = 10_000_000_000m, RevenueY3 = 10_000_000_000m, TotalAssets = 10_000_000_000m };
        var expected = Screen(plain, profile, ProfileGen.AsOf);
        Assert.Contains("failed: OverflowException", expected, StringComparison.Ordinal);
        Assert.Equal(expected, Screen(rewritten, profile, ProfileGen.AsOf));
    }

    /// <summary>Membership in a constant list of whole numbers, enum members and text (a used programme's class) as comparisons: the same answers for members, neighbours and outsiders.</summary>
    [Theory]
    [InlineData("enterprise.Employees in (10, 20, 30)")]
    [InlineData("enterprise.GreenFactoryLevel in (\"Provincial\", \"National\")")]
    [InlineData("enterprise.Name in (\"企业A\", \"a\", \"\")")]
    public void Membership_in_a_constant_list_agrees_with_the_rule_as_written(string expression)
    {
        var (rewritten, plain) = OneRule(expression, "");
        foreach (var employees in new[] { 9, 10, 11, 20, 30, 31, 0, -10, int.MaxValue })
        {
            foreach (var level in Enum.GetValues<GreenFactoryLevel>())
            {
                foreach (var name in new[] { "企业A", "企业a", "a", "A", "", " a" })
                {
                    var profile = TestProfiles.Baseline() with { Employees = employees, GreenFactoryLevel = level, Name = name };
                    Assert.Equal(Screen(plain, profile, ProfileGen.AsOf), Screen(rewritten, profile, ProfileGen.AsOf));
                }
            }
        }

        var shape = KernelShape.Of(ProgrammeCompiler.FastKernelTree(rewritten.Definition, rewritten.Schema, new List<RuleDiagnostic>())!);
        Assert.DoesNotContain("Enumerable.Contains", shape.CallsOutsideFallback);
    }

    /// <summary>A one-rule programme over the enterprise record, rewritten (as the engine compiles it) and as written.</summary>
    private static (CompiledProgramme Rewritten, CompiledProgramme Plain) OneRule(string expression, string globalParams)
    {
        var diagnostics = new List<RuleDiagnostic>();
        var json = System.Text.Json.JsonSerializer.Serialize(expression)[1..^1];
        var definitions = RuleFileReader.Read("Test.json", Encoding.UTF8.GetBytes(MarkedRuleFile.Workflow(json, globalParams)), diagnostics);
        Assert.True(PolicyEngine.TryCompile(definitions, diagnostics, out var engine), string.Join("\n", diagnostics));
        var rewritten = engine!.GetProgramme("Test", ProfileGen.AsOf);
        var plain = ProgrammeCompiler.Compile(rewritten.Definition, rewritten.Schema, diagnostics, rewrite: false)!;
        return (rewritten, plain);
    }
}

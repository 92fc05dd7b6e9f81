using System.Reflection;
using System.Text.Json;
using CsCheck;
using PolicyRules.Bulk;
using PolicyRules.Compilation;
using PolicyRules.Model;
using PolicyRules.Rules;

namespace PolicyRules.Tests.Compilation.Optimisation;

/// <summary>
/// Every bundled programme version compiled with the kernel rewrites (Compilation/Optimisation) and
/// without them gives the same answers — eligibility, failed criteria, score, class, outputs, and the
/// whole explanation — or fails the same records, on profiles that crowd every threshold (at it, one
/// fen or one unit either side), ratios set exactly at their thresholds, and money that breaks the
/// readers' contract (three decimals, past 10^18 yuan, near decimal's overflow), as a record built in
/// code may.
/// </summary>
public sealed partial class KernelRewriteDifferentialTests
{
    private static readonly PolicyEngine Engine = PolicyEngine.LoadDirectory(TestProfiles.RulesDirectory);

    /// <summary>Each enterprise version, and the same version compiled as written, linked to the others compiled as written.</summary>
    private static readonly IReadOnlyList<(CompiledProgramme Rewritten, CompiledProgramme Plain)> Versions = PlainVersions();

    private static readonly PropertyInfo[] MoneyFields =
        [.. RecordSchema.For(typeof(EnterpriseProfile))!.Fields.Where(f => f.Kind is FieldKind.Money or FieldKind.SignedMoney).Select(f => f.Property)];

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    private static IReadOnlyList<(CompiledProgramme, CompiledProgramme)> PlainVersions()
    {
        var all = Engine.Programmes.SelectMany(name => Engine.GetVersions(name)).ToList();
        var plain = new Dictionary<CompiledProgramme, CompiledProgramme>();
        foreach (var version in all)
        {
            var diagnostics = new List<RuleDiagnostic>();
            plain[version] = ProgrammeCompiler.Compile(version.Definition, version.Schema, diagnostics, rewrite: false)
                ?? throw new InvalidOperationException(string.Join("\n", diagnostics));
        }

        foreach (var version in all)
        {
            plain[version].Link((name, asOf) => plain[version.ResolveUsed(name, asOf)], new Lazy<string>(version.RuleSetId ?? "plain"));
        }

        return [.. all.Where(v => v.Input == "Enterprise").Select(v => (v, plain[v]))];
    }

    /// <summary>Thresholds the bundled ratio criteria and tier tables compare with.</summary>
    private static readonly decimal[] RatioThresholds =
        [0m, 0.01m, 0.02m, 0.025m, 0.03m, 0.04m, 0.05m, 0.06m, 0.10m, 0.15m, 0.20m, 0.25m, 0.30m, 0.50m, 0.55m, 0.60m, 0.70m, 0.75m, 0.80m, 0.90m];

    /// <summary>(numerator, denominator) fields of the bundled ratios.</summary>
    private static readonly (string Numerator, string Denominator)[] RatioPairs =
    [
        ("RdExpenseY1", "RevenueY1"), ("RdExpenseY2", "RevenueY2"), ("TotalLiabilities", "TotalAssets"), ("MainBusinessRevenueY1", "RevenueY1"),
        ("HighTechIncomeY1", "TotalIncomeY1"), ("RdExpenseY1", "CostAndExpenseY1"), ("DomesticRdExpenseY1", "RdExpenseY1"),
        ("MainBusinessRevenueY1", "MainBusinessRevenueY2"), ("RdExpenseY1", "RdExpenseY2"), ("RevenueY1", "RevenueY2"),
    ];

    /// <summary>Amounts at and past the edges of the contract and of decimal.</summary>
    private static readonly decimal[] Extremes =
    [
        0m, 0.01m, -0.01m, 0.001m, 1.000m, 1.005m, ProfileSchema.MaxMoney, ProfileSchema.MaxMoney - 0.01m, ProfileSchema.MaxMoney + 0.01m,
        -ProfileSchema.MaxMoney, 100_000_000_000_000_000_000m, decimal.MaxValue / 3, decimal.MaxValue, decimal.MinValue,
        0.2999999999999999999999999999m, 0.0000000000000000000000000001m, 12_345.678m,
    ];

    /// <summary>A ratio set at a threshold: the denominator a whole number of yuan, the numerator t × it, a fen either side, or far less than a fen.</summary>
    private static readonly Gen<Func<EnterpriseProfile, EnterpriseProfile>> AtRatioThreshold =
        from pair in Gen.OneOf(RatioPairs.Select(Gen.Const).ToArray())
        from t in Gen.OneOf(RatioThresholds.Select(Gen.Const).ToArray())
        from denominator in Gen.OneOf(Gen.Const(0m), Gen.Long[1, 10_000_000_000].Select(y => (decimal)y), Gen.OneOf(Gen.Const(50_000_000m), Gen.Const(200_000_000m), Gen.Const(100_000_000m)))
        from delta in Gen.OneOf(Gen.Const(0m), Gen.Const(0.01m), Gen.Const(-0.01m), Gen.Const(0.0000000000001m), Gen.Const(-0.0000000000001m))
        from growth in Gen.Bool
        select (Func<EnterpriseProfile, EnterpriseProfile>)(p =>
        {
            // Ratio.Growth(c, p) ≥ t is c ≥ (1 + t) × p: the same fields serve both.
            var numerator = (growth ? (1 + t) * denominator : t * denominator) + delta;
            var clone = p with { NonTaxableIncomeY1 = 0m, RdExpenseY2 = p.RdExpenseY2, RevenueY3 = p.RevenueY3 };
            Set(clone, pair.Denominator, denominator);
            Set(clone, pair.Numerator, numerator);
            return clone;
        });

    /// <summary>Staff ratios at their thresholds: tech staff t × employees, one either side.</summary>
    private static readonly Gen<Func<EnterpriseProfile, EnterpriseProfile>> AtStaffThreshold =
        from employees in Gen.OneOf(Gen.Const(0), Gen.Const(10), Gen.Const(100), Gen.Const(1000), Gen.Int[-5, 5000], Gen.Const(int.MaxValue), Gen.Const(int.MinValue))
        from t in Gen.OneOf(RatioThresholds.Select(Gen.Const).ToArray())
        from delta in Gen.Int[-1, 1]
        select (Func<EnterpriseProfile, EnterpriseProfile>)(p => p with { Employees = employees, TechStaff = (int)Math.Clamp(Math.Round(t * employees) + delta, int.MinValue, int.MaxValue), RdStaff = (int)Math.Clamp(Math.Round(t * employees) - delta, int.MinValue, int.MaxValue) });

    /// <summary>One to three money fields set to extremes.</summary>
    private static readonly Gen<Func<EnterpriseProfile, EnterpriseProfile>> Extreme =
        from picks in Gen.Select(Gen.Int[0, MoneyFields.Length - 1], Gen.OneOf(Extremes.Select(Gen.Const).ToArray())).Array[1, 3]
        select (Func<EnterpriseProfile, EnterpriseProfile>)(p =>
        {
            var clone = p with { };
            foreach (var (field, value) in picks)
            {
                MoneyFields[field].SetValue(clone, value);
            }

            return clone;
        });

    private static readonly Gen<EnterpriseProfile> Profiles =
        from p in ProfileGen.Profile
        from change in Gen.Frequency(
            (3, Gen.Const<Func<EnterpriseProfile, EnterpriseProfile>>(x => x)),
            (3, AtRatioThreshold),
            (1, AtStaffThreshold),
            (2, Extreme),
            (1, Gen.Select(AtRatioThreshold, Extreme, (a, b) => (Func<EnterpriseProfile, EnterpriseProfile>)(x => b(a(x))))))
        select change(p);

    private static void Set(EnterpriseProfile profile, string field, decimal value) =>
        typeof(EnterpriseProfile).GetProperty(field)!.SetValue(profile, value);

    [Fact]
    public void Rewritten_and_plain_kernels_agree_on_every_answer_and_explanation()
    {
        Profiles.Sample(profile =>
        {
            foreach (var (rewritten, plain) in Versions)
            {
                var asOf = rewritten.IsInForce(ProfileGen.AsOf) ? ProfileGen.AsOf : rewritten.Definition.EffectiveFrom;
                Assert.Equal(Screen(plain, profile, asOf), Screen(rewritten, profile, asOf));
                Assert.Equal(Explain(plain, profile, asOf), Explain(rewritten, profile, asOf));
            }
        }, iter: 3_000, threads: 1);
    }

    [Fact]
    public void The_fast_kernel_of_HighTechEnterprise_divides_only_for_money_outside_the_contract()
    {
        // What the differential test above proves equal is really rewritten: HighTechEnterprise's four ratio
        // criteria are decided by cross-multiplication, its parameters that only they read are not computed,
        // Ratio.Of is called only where the money contract fails, and its tier table is written out.
        var highTech = Versions.Single(v => v.Rewritten.Name == "HighTechEnterprise").Rewritten;
        var diagnostics = new List<RuleDiagnostic>();
        var tree = ProgrammeCompiler.FastKernelTree(highTech.Definition, highTech.Schema, diagnostics);
        Assert.NotNull(tree);
        var shape = KernelShape.Of(tree);
        Assert.Empty(shape.Assigned.Intersect(["techStaffRatio", "rdIntensity3y", "domesticRdShare", "highTechIncomeShare"]));
        Assert.Contains("rdTotal3y", shape.Assigned);
        Assert.Equal(3, shape.DivisionsUnderContractFallback);
        Assert.Equal(0, shape.OtherDivisions);
        Assert.Equal(0, shape.TableLookups);
    }

    [Theory]
    [InlineData("TechBasedSme", new[] { "techStaffRatio", "rdToRevenue", "rdToCost" })]
    [InlineData("InnovativeSme", new[] { "rdToRevenue", "mainBusinessGrowth", "debtRatio", "mainBusinessShare" })]
    public void Tier_tables_over_a_ratio_are_read_without_the_division_where_the_contract_holds(string name, string[] ratios)
    {
        // What the differential test above proves equal is really rewritten: the score points these programmes
        // look up in tier tables over ratios compare each row by cross-multiplication, the ratios themselves are
        // not computed, and Ratio.Of or Ratio.Growth is called only where the money contract fails.
        var programme = Versions.Single(v => v.Rewritten.Name == name && v.Rewritten.IsInForce(ProfileGen.AsOf)).Rewritten;
        var tree = ProgrammeCompiler.FastKernelTree(programme.Definition, programme.Schema, new List<RuleDiagnostic>());
        Assert.NotNull(tree);
        var shape = KernelShape.Of(tree);
        Assert.Empty(shape.Assigned.Intersect(ratios));
        Assert.Equal(0, shape.OtherDivisions);
        Assert.True(shape.DivisionsUnderContractFallback > 0);
        Assert.Equal(0, shape.TableLookups);
    }

    /// <summary>The fast kernel's answers, through the screener as bulk screening runs it; or the failure.</summary>
    private static string Screen(CompiledProgramme programme, EnterpriseProfile profile, DateOnly asOf)
    {
        try
        {
            var screener = ProgrammeScreener.Create([programme], asOf);
            screener.Screen(profile);
            var buffer = screener.Buffer(0);
            var failed = string.Join(",", Enumerable.Range(0, programme.TopLevelRuleNames.Length).Where(i => programme.Failed(buffer, i)));
            var outputs = string.Join(",", Enumerable.Range(0, programme.OutputNames.Length).Select(i => buffer.Output(i)?.ToString() ?? "-"));
            return $"{programme} eligible={screener.Eligible(0)} score={buffer.Score} class={buffer.Classification} failed=[{failed}] outputs=[{outputs}]";
        }
        catch (RuleEvaluationException ex)
        {
            return $"{programme} failed: {ex.InnerException?.GetType().Name}";
        }
    }

    /// <summary>The explaining kernel's whole result, as JSON; or the failure.</summary>
    private static string Explain(CompiledProgramme programme, EnterpriseProfile profile, DateOnly asOf)
    {
        try
        {
            return JsonSerializer.Serialize(programme.EvaluateRecord(profile, profile.Id, asOf), Json);
        }
        catch (RuleEvaluationException ex)
        {
            return $"{programme} failed: {ex.InnerException?.GetType().Name}";
        }
        catch (OverflowException ex)
        {
            // Not the kernels: the explanation's formatting of a percentage past decimal's range (a ratio of about
            // 10^27, which only money outside the readers' contract can give); both sides must still agree.
            return $"{programme} explanation failed: {ex.TargetSite?.DeclaringType?.Name}";
        }
    }

    /// <summary>What a kernel tree assigns, where it calls Ratio.Of, and whether it looks up tier tables.</summary>
    private sealed class KernelShape : System.Linq.Expressions.ExpressionVisitor
    {
        private int _underFallback;

        public HashSet<string> Assigned { get; } = new(StringComparer.Ordinal);

        public int DivisionsUnderContractFallback { get; private set; }

        public int OtherDivisions { get; private set; }

        public int TableLookups { get; private set; }

        /// <summary>Calls outside the as-written fallbacks, by "Type.Method": what the kernel does for a record within the contract.</summary>
        public List<string> CallsOutsideFallback { get; } = [];

        /// <summary>Decimal divisions (the operator) outside the as-written fallbacks.</summary>
        public int DecimalDivisionsOutsideFallback { get; private set; }

        /// <summary>Nodes computing in 128 bits (whose operators are calls) outside the as-written fallbacks.</summary>
        public int WideNodesOutsideFallback { get; private set; }

        public override System.Linq.Expressions.Expression? Visit(System.Linq.Expressions.Expression? node)
        {
            if (node?.Type == typeof(Int128) && _underFallback == 0)
            {
                WideNodesOutsideFallback++;
            }

            return base.Visit(node);
        }

        public static KernelShape Of(System.Linq.Expressions.Expression tree)
        {
            var shape = new KernelShape();
            shape.Visit(tree);
            return shape;
        }

        protected override System.Linq.Expressions.Expression VisitBinary(System.Linq.Expressions.BinaryExpression node)
        {
            if (node.NodeType == System.Linq.Expressions.ExpressionType.Assign && node.Left is System.Linq.Expressions.ParameterExpression { Name: { } name })
            {
                Assigned.Add(name);
            }

            if (node.NodeType == System.Linq.Expressions.ExpressionType.Divide && node.Type == typeof(decimal) && _underFallback == 0)
            {
                DecimalDivisionsOutsideFallback++;
            }

            return base.VisitBinary(node);
        }

        protected override System.Linq.Expressions.Expression VisitConditional(System.Linq.Expressions.ConditionalExpression node)
        {
            if (node.Test is System.Linq.Expressions.ParameterExpression { Name: "moneyContract" })
            {
                Visit(node.IfTrue);
                _underFallback++;
                Visit(node.IfFalse);
                _underFallback--;
                return node;
            }

            return base.VisitConditional(node);
        }

        protected override System.Linq.Expressions.Expression VisitMethodCall(System.Linq.Expressions.MethodCallExpression node)
        {
            if (node.Method.DeclaringType == typeof(PolicyRules.Expressions.Ratio))
            {
                if (_underFallback > 0)
                {
                    DivisionsUnderContractFallback++;
                }
                else
                {
                    OtherDivisions++;
                }
            }

            if (node.Method.DeclaringType == typeof(PolicyRules.Expressions.TierTable) || node.Method.DeclaringType == typeof(PolicyRules.Expressions.Tiers))
            {
                TableLookups++;
            }

            if (_underFallback == 0)
            {
                CallsOutsideFallback.Add($"{node.Method.DeclaringType?.Name}.{node.Method.Name}");
            }

            return base.VisitMethodCall(node);
        }
    }
}

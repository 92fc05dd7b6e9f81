using System.Linq.Expressions;
using CsCheck;
using PolicyRules.Bulk;
using PolicyRules.Compilation;
using PolicyRules.Compilation.Optimisation;
using PolicyRules.Model;
using PolicyRules.Rules;
using PolicyRules.Screening;

namespace PolicyRules.Tests.Compilation.Optimisation;

/// <summary>
/// The scaled-integer criteria (fen in long, ratios cross-multiplied, <see cref="ScaledIntegers"/>)
/// against the rule as written, record by record at every boundary: each yuan threshold and a fen
/// either side, in one field and as a three-year sum; each ratio threshold with the numerator at
/// t × d and a fen either side, for zero, tiny, huge and negative denominators; the largest amount
/// the fast path takes (<see cref="Fen.MaxFen"/>) and the readers admit, and a fen past each; amounts
/// finer than the fen or stored with trailing zeros.
/// </summary>
public sealed partial class KernelRewriteDifferentialTests
{
    /// <summary>The largest amount the fast path takes in fen (10^13 yuan); past it a record takes the rule as written.</summary>
    private static readonly decimal FastEdge = Fen.MaxFen / 100m;

    private static readonly decimal[] PastTheContract =
    [
        FastEdge, FastEdge - 0.01m, FastEdge + 0.01m, -FastEdge, -FastEdge - 0.01m, FastEdge / 3, FastEdge * 3,
        ProfileSchema.MaxMoney, ProfileSchema.MaxMoney - 0.01m, ProfileSchema.MaxMoney + 0.01m, -ProfileSchema.MaxMoney, -ProfileSchema.MaxMoney - 0.01m,
        -0.01m, 0.001m, 0.005m, 12.300m, 12.30m, 12.3m, 1.005m, 100_000_000_000_000_000_000m, decimal.MaxValue, decimal.MinValue, -0m,
    ];

    private static readonly string[][] ThreeYearFamilies =
    [
        ["RevenueY1", "RevenueY2", "RevenueY3"], ["RdExpenseY1", "RdExpenseY2", "RdExpenseY3"],
        ["DomesticRdExpenseY1", "DomesticRdExpenseY2", "DomesticRdExpenseY3"], ["MainBusinessRevenueY1", "MainBusinessRevenueY2", "MainBusinessRevenueY3"],
    ];

    private static readonly decimal[] Denominators =
        [0m, 0.01m, 1m, 99.99m, 3m, 50_000_000m, 200_000_000m, 200_000_000.01m, ProfileSchema.MaxMoney, ProfileSchema.MaxMoney - 0.01m, -100m, -ProfileSchema.MaxMoney,
        FastEdge, FastEdge - 0.01m, FastEdge + 0.01m, -FastEdge];

    [Fact]
    public void Integer_criteria_agree_with_the_rule_as_written_at_every_amount_boundary()
    {
        var values = ProfileGen.YuanThresholds.SelectMany(t => new[] { t - 0.01m, t, t + 0.01m }).Concat(PastTheContract).ToArray();
        var screens = new Screens();
        foreach (var field in MoneyFields)
        {
            foreach (var value in values)
            {
                var profile = TestProfiles.Baseline() with { };
                field.SetValue(profile, value);
                screens.AssertAgree(profile, $"{field.Name} = {value}");
            }
        }

        // A three-year sum at each threshold: the latest year holds it all, or a third of it each (a fen off).
        foreach (var family in ThreeYearFamilies)
        {
            foreach (var value in values)
            {
                var profile = TestProfiles.Baseline() with { };
                Set(profile, family[0], value);
                Set(profile, family[1], 0m);
                Set(profile, family[2], 0m);
                screens.AssertAgree(profile, $"{family[0]} = {value}, the other years 0");
                var third = decimal.Round(value / 3, 2);
                Set(profile, family[0], value - (2 * third));
                Set(profile, family[1], third);
                Set(profile, family[2], third);
                screens.AssertAgree(profile, $"{family[0]}..Y3 = {value} in thirds");
            }
        }
    }

    [Fact]
    public void Integer_ratio_criteria_agree_with_the_rule_as_written_at_every_ratio_boundary()
    {
        var screens = new Screens();
        foreach (var (numeratorField, denominatorField) in RatioPairs)
        {
            foreach (var t in RatioThresholds)
            {
                foreach (var d in Denominators)
                {
                    foreach (var growth in new[] { false, true })
                    {
                        foreach (var delta in new[] { -0.01m, 0m, 0.01m })
                        {
                            var at = decimal.Round((growth ? 1 + t : t) * d, 2);
                            var profile = TestProfiles.Baseline() with { NonTaxableIncomeY1 = 0m };
                            foreach (var family in ThreeYearFamilies)
                            {
                                Set(profile, family[1], 0m); // the three-year ratios equal the latest year's
                                Set(profile, family[2], 0m);
                            }

                            Set(profile, denominatorField, d);
                            Set(profile, numeratorField, at + delta);
                            screens.AssertAgree(profile, $"{numeratorField} = {at + delta}, {denominatorField} = {d} (t = {t}, growth {growth})");
                        }
                    }
                }
            }
        }

        foreach (var employees in new[] { 0, 1, 9, 10, 100, 1000, -10, int.MaxValue, int.MinValue })
        {
            foreach (var t in RatioThresholds)
            {
                foreach (var delta in new[] { -1, 0, 1 })
                {
                    var staff = (int)Math.Clamp(Math.Round(t * employees) + delta, int.MinValue, int.MaxValue);
                    var profile = TestProfiles.Baseline() with { Employees = employees, TechStaff = staff, RdStaff = staff };
                    screens.AssertAgree(profile, $"staff {staff} of {employees} (t = {t})");
                }
            }
        }
    }

    [Fact]
    public void The_fast_kernel_of_HighTechEnterprise_does_its_money_arithmetic_in_integers()
    {
        // Where the contract holds (the path every reader's records take) no decimal is added, multiplied or
        // divided: the three-year sums, totalIncomeNet and the four ratio criteria are fen in Int128.
        var highTech = Versions.Single(v => v.Rewritten.Name == "HighTechEnterprise").Rewritten;
        var tree = ProgrammeCompiler.FastKernelTree(highTech.Definition, highTech.Schema, new List<RuleDiagnostic>());
        Assert.NotNull(tree);
        var shape = ArithmeticShape.Of(tree);
        Assert.Equal(0, shape.DecimalArithmetic);
        Assert.True(shape.IntegerComparisons >= 4, $"{shape.IntegerComparisons} integer comparisons");
        Assert.Equal(
            ["fenDomesticRdExpenseY1", "fenDomesticRdExpenseY2", "fenDomesticRdExpenseY3", "fenHighTechIncomeY1", "fenNonTaxableIncomeY1", "fenRdExpenseY1",
             "fenRdExpenseY2", "fenRdExpenseY3", "fenRevenueY1", "fenRevenueY2", "fenRevenueY3", "fenTotalIncomeY1"],
            shape.Fen.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("0", "0", true)]
    [InlineData("-0", "0", true)]
    [InlineData("7", "700", true)]
    [InlineData("7.5", "750", true)]
    [InlineData("7.55", "755", true)]
    [InlineData("-7.55", "-755", true)]
    [InlineData("7.550", "755", true)]
    [InlineData("7.5500000000000000000000", "755", true)]
    [InlineData("7.555", "0", false)]
    [InlineData("0.001", "0", false)]
    [InlineData("10000000000000", "1000000000000000", true)]
    [InlineData("-10000000000000", "-1000000000000000", true)]
    [InlineData("10000000000000.00", "1000000000000000", true)]
    [InlineData("9999999999999.99", "999999999999999", true)]
    [InlineData("10000000000000.01", "0", false)]
    [InlineData("-10000000000000.01", "0", false)]
    [InlineData("10000000000001", "0", false)]
    [InlineData("184467440737095516.15", "0", false)]
    [InlineData("184467440737095516.16", "0", false)]
    [InlineData("1000000000000000000", "0", false)]
    [InlineData("79228162514264337593543950335", "0", false)]
    [InlineData("-79228162514264337593543950335", "0", false)]
    public void Fen_reads_whole_fen_within_the_contract_and_flags_anything_else(string yuan, string fen, bool holds)
    {
        var value = decimal.Parse(yuan, System.Globalization.CultureInfo.InvariantCulture);
        var flag = true;
        Assert.Equal(long.Parse(fen, System.Globalization.CultureInfo.InvariantCulture), Fen.Of(value, ref flag));
        Assert.Equal(holds, flag);
        var untouched = true;
        if (holds)
        {
            Fen.Of(value, ref untouched);
            Assert.True(untouched); // a holding value never sets the flag back to true, nor clears it
        }
    }

    [Fact]
    public void Fen_of_any_decimal_is_its_exact_value_in_fen_or_flagged()
    {
        // Every mantissa width, scale and sign against the exact value in BigInteger: fen when whole and within 10^15, else flagged.
        var maxFen = System.Numerics.BigInteger.Pow(10, 15);
        Gen.Select(Gen.Frequency((4, Gen.UInt[0, 100_000]), (2, Gen.UInt), (1, Gen.Const(0u))), Gen.Frequency((4, Gen.Const(0u)), (2, Gen.UInt)),
                Gen.Frequency((4, Gen.Const(0u)), (1, Gen.UInt[0, 10]), (1, Gen.UInt)), Gen.Bool, Gen.Frequency((3, Gen.Byte[0, 3]), (1, Gen.Byte[0, 28])))
            .Sample((lo, mid, hi, negative, scale) =>
            {
                var value = new decimal((int)lo, (int)mid, (int)hi, negative, scale);
                var mantissa = new System.Numerics.BigInteger(lo) | (new System.Numerics.BigInteger(mid) << 32) | (new System.Numerics.BigInteger(hi) << 64);
                var hundredfold = mantissa * 100;
                var power = System.Numerics.BigInteger.Pow(10, scale);
                var whole = hundredfold % power == 0 && hundredfold / power <= maxFen;
                var expected = whole ? (negative ? -(hundredfold / power) : hundredfold / power) : System.Numerics.BigInteger.Zero;
                var holds = true;
                var fen = Fen.Of(value, ref holds);
                Assert.Equal(whole, holds);
                Assert.Equal(expected, (System.Numerics.BigInteger)fen);
            }, iter: 100_000);
    }

    /// <summary>Every enterprise version's fast kernel (rewritten) against the same version compiled as written, one screener each.</summary>
    private sealed class Screens
    {
        private readonly Dictionary<CompiledProgramme, ProgrammeScreener> _screeners = [];

        public void AssertAgree(EnterpriseProfile profile, string what)
        {
            foreach (var (rewritten, plain) in Versions)
            {
                var asOf = rewritten.IsInForce(ProfileGen.AsOf) ? ProfileGen.AsOf : rewritten.Definition.EffectiveFrom;
                var expected = Answer(plain, profile, asOf);
                var actual = Answer(rewritten, profile, asOf);
                if (expected != actual)
                {
                    Assert.Fail($"{what}: as written {expected}; with integers {actual}");
                }
            }
        }

        private string Answer(CompiledProgramme programme, EnterpriseProfile profile, DateOnly asOf)
        {
            if (!_screeners.TryGetValue(programme, out var screener))
            {
                _screeners[programme] = screener = ProgrammeScreener.Create([programme], asOf);
            }

            try
            {
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
    }

    /// <summary>Decimal arithmetic and integer comparisons outside the as-written fallbacks; the fen read.</summary>
    private sealed class ArithmeticShape : ExpressionVisitor
    {
        public int DecimalArithmetic { get; private set; }

        public int IntegerComparisons { get; private set; }

        public HashSet<string> Fen { get; } = new(StringComparer.Ordinal);

        public static ArithmeticShape Of(Expression tree)
        {
            var shape = new ArithmeticShape();
            shape.Visit(tree);
            return shape;
        }

        protected override Expression VisitConditional(ConditionalExpression node)
        {
            if (node.Test is ParameterExpression { Name: "moneyContract" })
            {
                Visit(node.IfTrue); // the fallback, as written, is not looked at
                return node;
            }

            return base.VisitConditional(node);
        }

        protected override Expression VisitBinary(BinaryExpression node)
        {
            if (node.NodeType is ExpressionType.Add or ExpressionType.Subtract or ExpressionType.Multiply or ExpressionType.Divide
                    or ExpressionType.AddAssign or ExpressionType.SubtractAssign && node.Type == typeof(decimal))
            {
                DecimalArithmetic++;
            }

            if (node.NodeType is ExpressionType.GreaterThanOrEqual or ExpressionType.LessThan && (node.Left.Type == typeof(Int128) || node.Left.Type == typeof(long)))
            {
                IntegerComparisons++;
            }

            if (node.NodeType == ExpressionType.Assign && node.Left is ParameterExpression { Name: { } name } && name.StartsWith("fen", StringComparison.Ordinal))
            {
                Fen.Add(name);
            }

            return base.VisitBinary(node);
        }

        protected override Expression VisitMethodCall(MethodCallExpression node)
        {
            if (node.Method.DeclaringType == typeof(PolicyRules.Expressions.Ratio))
            {
                DecimalArithmetic++;
            }

            return base.VisitMethodCall(node);
        }
    }
}

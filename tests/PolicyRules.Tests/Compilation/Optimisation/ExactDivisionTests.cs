using System.Linq.Expressions;
using CsCheck;
using PolicyRules.Compilation;
using PolicyRules.Compilation.Optimisation;
using PolicyRules.Expressions;
using PolicyRules.Rules;

namespace PolicyRules.Tests.Compilation.Optimisation;

/// <summary>
/// <see cref="ExactDivision"/> gives the very decimal the division gives — value, scale and sign,
/// compared bit for bit, overflow included — for every dividend (every mantissa width, scale and
/// sign, zeros of both signs) and every divisor with a decimal inverse; the inverse is taken only
/// when exact; and the bundled kernels divide their ratios' caps this way (<see cref="ConstantDivisions"/>).
/// </summary>
public sealed class ExactDivisionTests
{
    /// <summary>The caps of the bundled rules (0.10, 0.50, 1.00), percentages (100) and the edges of decimal's scale.</summary>
    private static readonly decimal[] Divisors =
    [
        0.10m, 0.1m, 0.50m, 0.5m, 1m, 1.00m, 2m, 100m, 100.00m, 0.01m, 0.25m, 0.125m, 0.0625m, 4m, 8m, 1024m, 5m, 0.2m, 0.05m, 20m,
        10000000000000000000m, 0.0000000000000000001m, 3.125m, 12.5m, 1048576m, 0.0009765625m, 2.0000000000000000000000000000m,
    ];

    [Fact]
    public void The_quotient_is_the_divisions_to_the_last_bit_for_every_dividend()
    {
        var part = Gen.Frequency((3, Gen.UInt[0, 1000]), (3, Gen.UInt), (2, Gen.Const(0u)), (1, Gen.Const(uint.MaxValue)), (1, Gen.UInt[0, 10].Select(k => (uint)Math.Pow(10, k))));
        Gen.Select(part, part, part, Gen.Bool, Gen.Byte[0, 28], Gen.Int[0, Divisors.Length - 1])
            .Sample((lo, mid, hi, negative, scale, d) =>
            {
                var dividend = new decimal((int)lo, (int)mid, (int)hi, negative, scale);
                var divisor = Divisors[d];
                var (mantissa, inverseScale) = ExactDivision.InverseOf(divisor) ?? throw new InvalidOperationException($"1/{divisor} is a decimal.");
                var expected = Bits(() => dividend / divisor);
                var actual = Bits(() => ExactDivision.Divide(dividend, mantissa, inverseScale, divisor.Scale, divisor));
                Assert.True(expected == actual, $"{dividend} / {divisor}: division {expected}, shortcut {actual}");
            }, iter: 1_000_000);
    }

    /// <summary>
    /// Quotients past 28 decimals, which the division rounds (half to even, its zeros dropped): an average of
    /// two 28-digit growths halved, a percentage of a 28-digit ratio — ties (an odd mantissa halved) included.
    /// </summary>
    [Fact]
    public void A_quotient_the_division_rounds_is_the_divisions_to_the_last_bit()
    {
        decimal[] divisors = [2m, 4m, 8m, 100m, 0.5m, 1024m, 20m, 12.5m, 0.25m];
        var part = Gen.Frequency((2, Gen.UInt), (1, Gen.UInt[0, 1000]), (1, Gen.Const(uint.MaxValue)));
        Gen.Select(part, part, Gen.UInt[0, 0x3FFF_FFFF], Gen.Bool, Gen.Byte[25, 28], Gen.Int[0, divisors.Length - 1])
            .Sample((lo, mid, hi, negative, scale, d) =>
            {
                var dividend = new decimal((int)lo, (int)mid, (int)hi, negative, scale);
                var divisor = divisors[d];
                var (mantissa, inverseScale) = ExactDivision.InverseOf(divisor)!.Value;
                var expected = Bits(() => dividend / divisor);
                var actual = Bits(() => ExactDivision.Divide(dividend, mantissa, inverseScale, divisor.Scale, divisor));
                Assert.True(expected == actual, $"{dividend} / {divisor}: division {expected}, shortcut {actual}");
            }, iter: 1_000_000);
    }

    [Theory]
    [InlineData("0.10", 10UL, 0)]
    [InlineData("0.50", 2UL, 0)]
    [InlineData("1.00", 1UL, 0)]
    [InlineData("100", 1UL, 2)]
    [InlineData("8", 125UL, 3)]
    [InlineData("3", null, 0)]
    [InlineData("0.03", null, 0)]
    [InlineData("0", null, 0)]
    [InlineData("-0.5", null, 0)]
    [InlineData("1099511627776", null, 0)] // 2^40: its inverse needs 40 decimals
    [InlineData("0.0000000000000000000000000001", null, 0)] // 10^28: a mantissa past 64 bits
    public void The_inverse_is_taken_only_when_exact_positive_and_small(string divisor, ulong? mantissa, int scale)
    {
        var value = decimal.Parse(divisor, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(mantissa is { } m ? (m, scale) : null, ExactDivision.InverseOf(value));
    }

    [Theory]
    [InlineData("InnovationIndexTop50", 4, 4)] // four ratios of the record, each divided by its cap (0.10, 0.50, 0.50, 1.00)
    [InlineData("LittleGiant", null, 2)] // the average of two growths (a lifted / 2) and the niche share (/ 100)
    public void The_bundled_kernels_divide_by_their_constants_this_way(string name, int? ratios, int shortcuts)
    {
        var engine = PolicyEngine.LoadDirectory(TestProfiles.RulesDirectory);
        var programme = engine.GetProgramme(name, new DateOnly(2025, 6, 30));
        var tree = ProgrammeCompiler.FastKernelTree(programme.Definition, programme.Schema, new List<RuleDiagnostic>())!;
        var calls = new Calls();
        calls.Visit(tree);
        Assert.Equal((ratios ?? calls.Ratios, shortcuts), (calls.Ratios, calls.Shortcuts));
    }

    private static string Bits(Func<decimal> divide)
    {
        try
        {
            return string.Join(",", decimal.GetBits(divide()));
        }
        catch (OverflowException)
        {
            return "overflow";
        }
    }

    private sealed class Calls : ExpressionVisitor
    {
        public int Ratios { get; private set; }

        public int Shortcuts { get; private set; }

        protected override Expression VisitMethodCall(MethodCallExpression node)
        {
            Ratios += node.Method.DeclaringType == typeof(Ratio) ? 1 : 0;
            Shortcuts += node.Method == ExactDivision.DivideMethod ? 1 : 0;
            return base.VisitMethodCall(node);
        }
    }
}

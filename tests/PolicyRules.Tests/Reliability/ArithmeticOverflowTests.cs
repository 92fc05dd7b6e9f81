using System.Text;
using CsCheck;
using PolicyRules.Compilation;
using PolicyRules.Expressions;
using PolicyRules.Input;
using PolicyRules.Rules;
using PolicyRules.Screening;

namespace PolicyRules.Tests.Reliability;

/// <summary>
/// Issue 13, class 5: integer arithmetic in expressions is checked (an overflow rejects the row),
/// report statistics do not overflow, and a tier bound that overflows is a PR1012 diagnostic.
/// </summary>
public sealed class ArithmeticOverflowTests
{
    private static readonly DateOnly AsOf = new(2025, 6, 30);

    /// <summary>A scored programme whose score is <paramref name="score"/> and whose one rule is <paramref name="rule"/>.</summary>
    private static CompiledProgramme Programme(string score, string rule = "true")
    {
        var json = $$"""
            {
              "WorkflowName": "Overflow",
              "PolicyRules": { "Version": "1", "TitleZh": "溢出", "TitleEn": "Overflow", "Status": "verified", "EffectiveFrom": "2020-01-01", "Score": "score" },
              "GlobalParams": [ { "Name": "score", "Expression": "{{score}}", "TitleZh": "分", "TitleEn": "Score", "Unit": "points" } ],
              "Rules": [ { "RuleName": "Rule", "Expression": "{{rule}}", "Properties": { "TitleZh": "规则", "TitleEn": "Rule", "Citation": { "Document": "D", "Article": "A" } } } ]
            }
            """;
        var diagnostics = new List<RuleDiagnostic>();
        var definitions = RuleFileReader.Read("Overflow.json", Encoding.UTF8.GetBytes(json), diagnostics);
        Assert.True(PolicyEngine.TryCompile(definitions, diagnostics, out var engine), string.Join("\n", diagnostics));
        return engine.GetProgramme("Overflow", AsOf);
    }

    [Fact]
    public void Doubling_a_large_accepted_count_rejects_the_row_instead_of_wrapping_to_a_negative_score()
    {
        // The attack's shape: IpClassI * 2 with a large accepted count gave −1.8 billion.
        var programme = Programme("enterprise.IpClassI * 2");
        var ex = Assert.Throws<RuleEvaluationException>(() => programme.Evaluate(TestProfiles.Baseline() with { IpClassI = 1_100_000_000 }, AsOf));
        Assert.IsType<OverflowException>(ex.InnerException);
        Assert.Equal(2_000_000m, programme.Evaluate(TestProfiles.Baseline() with { IpClassI = 1_000_000 }, AsOf).Score);
    }

    [Theory]
    [InlineData("enterprise.IpClassI + enterprise.IpClassII")]
    [InlineData("0 - enterprise.IpClassI - enterprise.IpClassII - enterprise.IpClassII")]
    [InlineData("-enterprise.IpClassI - enterprise.IpClassII")]
    [InlineData("enterprise.IpClassI * enterprise.IpClassII")]
    public void Every_integer_operator_is_checked(string expression)
    {
        var programme = Programme(expression);
        Assert.Throws<RuleEvaluationException>(() => programme.Evaluate(TestProfiles.Baseline() with { IpClassI = int.MaxValue, IpClassII = int.MaxValue }, AsOf));
    }

    [Fact]
    public void Bit_shifts_are_refused_at_load()
    {
        var diagnostics = new List<RuleDiagnostic>();
        var json = MarkedRuleFile.Workflow("(enterprise.IpClassI << 30) > 0");
        PolicyEngine.TryCompile(RuleFileReader.Read("Shift.json", Encoding.UTF8.GetBytes(json), diagnostics), diagnostics, out _);
        Assert.Contains(diagnostics, d => d.Id == DiagnosticIds.OutsideAllowList && d.Message.Contains("Bit shifts", StringComparison.Ordinal));
    }

    [Fact]
    public void A_screening_run_rejects_the_overflowing_row_and_writes_the_others()
    {
        var dir = Directory.CreateTempSubdirectory("policyrules-overflow-").FullName;
        try
        {
            var input = Path.Combine(dir, "in.csv");
            ProfileCsvWriter.Write(input, [TestProfiles.Baseline() with { Id = "A", IpClassI = 7 }, TestProfiles.Baseline() with { Id = "B", IpClassI = 1_500_000_000 }, TestProfiles.Baseline() with { Id = "C" }]);
            var summary = ScreeningJob.Run(input, Path.Combine(dir, "out.csv"), [Programme("enterprise.IpClassI * 2")], AsOf, options: new ScreeningOptions { Statistics = new() });
            Assert.Equal((3, 2, 1), (summary.Read, summary.Written, summary.Rejected));
            var reject = File.ReadAllLines(summary.RejectsPath)[1];
            Assert.StartsWith("2,3,B,Overflow,", reject, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Report_statistics_of_legal_scores_whose_sum_overflows_decimal_keep_the_run_alive()
    {
        // Each score is a legal decimal; their sum is not.
        var dir = Directory.CreateTempSubdirectory("policyrules-overflow-").FullName;
        try
        {
            var input = Path.Combine(dir, "in.csv");
            ProfileCsvWriter.Write(input, Enumerable.Range(0, 4).Select(i => TestProfiles.Baseline() with { Id = "E" + i, RevenueY1 = 900_000_000_000_000_000m }));
            var programme = Programme("enterprise.RevenueY1 * 50000000000");
            var summary = ScreeningJob.Run(input, Path.Combine(dir, "out.csv"), [programme], AsOf, options: new ScreeningOptions { Statistics = new() });
            Assert.Equal((4, 4, 0), (summary.Read, summary.Written, summary.Rejected));
            var histogram = Assert.Single(summary.Statistics!.Programmes).Scores!;
            Assert.Equal(45_000_000_000_000_000_000_000_000_000m, histogram.Mean);
            Assert.Equal(4, histogram.Above);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Theory]
    [InlineData("79228162514264337593543950335亿")]
    [InlineData("8000000000000000000000亿")]
    [InlineData("1000000000000000000000000000万")]
    [InlineData("0.0000000000000000000000000001%")]
    [InlineData("50000000.0000000000000000000001")]
    public void A_tier_bound_that_overflows_or_cannot_be_held_is_PR1012_not_a_crash(string bound)
    {
        var diagnostics = new List<RuleDiagnostic>();
        var json = MarkedRuleFile.Workflow($"Tiers.Lookup(enterprise.RevenueY1, \\\">= {bound}: 1; else: 0\\\") > 0");
        PolicyEngine.TryCompile(RuleFileReader.Read("Tiers.json", Encoding.UTF8.GetBytes(json), diagnostics), diagnostics, out _);
        var error = Assert.Single(diagnostics);
        Assert.Equal(DiagnosticIds.InvalidTierTable, error.Id);
        Assert.Contains("cannot be held exactly", error.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// Any pair of counts and any integer operator: the result is the exact mathematical value when it
    /// fits in an int, and a rejected row (never a wrapped number) when it does not.
    /// </summary>
    [Fact]
    public void Integer_results_are_exact_or_the_row_is_rejected()
    {
        var programmes = new[] { "+", "-", "*" }.ToDictionary(op => op, op => Programme($"enterprise.IpClassI {op} enterprise.IpClassII"));
        Gen.Select(Gen.Int[0, int.MaxValue], Gen.Int[0, int.MaxValue], Gen.Int[0, 2]).Sample((a, b, which) =>
        {
            var op = new[] { "+", "-", "*" }[which];
            var exact = op switch { "+" => (long)a + b, "-" => (long)a - b, _ => (decimal)a * b };
            var profile = TestProfiles.Baseline() with { IpClassI = a, IpClassII = b };
            if (exact is >= int.MinValue and <= int.MaxValue)
            {
                Assert.Equal(exact, programmes[op].Evaluate(profile, AsOf).Score);
            }
            else
            {
                Assert.Throws<RuleEvaluationException>(() => programmes[op].Evaluate(profile, AsOf));
            }
        }, iter: 500);
    }

    [Fact]
    public void Tier_bounds_are_exact_or_refused_for_any_digits_and_unit()
    {
        Gen.Select(Gen.String[Gen.Char["0123456789"], 1, 40], Gen.String[Gen.Char["0123456789"], 0, 40], Gen.Int[0, 3]).Sample((whole, fraction, unit) =>
        {
            var text = whole + (fraction.Length > 0 ? "." + fraction : "") + new[] { "", "%", "万", "亿" }[unit];
            try
            {
                var table = TierTable.Parse($">= {text}: 1; else: 0");
                var bound = Assert.Single(table.Rows).Bound;
                var digits = decimal.Parse(whole + (fraction.Length > 0 ? "." + fraction : ""), System.Globalization.CultureInfo.InvariantCulture);
                var scale = new[] { 1m, 0.01m, 10_000m, 100_000_000m }[unit];
                Assert.Equal(digits, bound / scale); // exact: dividing back gives the written digits
            }
            catch (TierTableException)
            {
                // Refused, with a message: acceptable for any input here.
            }
        }, iter: 500);
    }
}

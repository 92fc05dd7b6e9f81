using System.Reflection;
using System.Text;
using CsCheck;
using PolicyRules.Compilation;
using PolicyRules.Expressions;
using PolicyRules.Rules;

namespace PolicyRules.Tests.Reliability;

/// <summary>
/// An expression that fails for one record (an overflow, a helper given an argument outside its
/// range) rejects that row with a reason in Chinese and English naming what failed — never the
/// runtime's English-only text in the Chinese half — and the helpers expressions call are total
/// wherever an answer exists: the tenth anniversary of 9999-12-31 is later than any date, not an
/// exception that rejected every enterprise registered late in the calendar.
/// </summary>
public sealed class EvaluationFailureTests
{
    private static readonly DateOnly AsOf = new(2025, 6, 30);

    private static CompiledProgramme Programme(string rule)
    {
        var json = $$"""
            {
              "WorkflowName": "Failing",
              "PolicyRules": { "Version": "1", "TitleZh": "失败", "TitleEn": "Failing", "Status": "verified", "EffectiveFrom": "2020-01-01" },
              "Rules": [ { "RuleName": "Rule", "Expression": "{{rule}}", "Properties": { "TitleZh": "规则", "TitleEn": "Rule", "Citation": { "Document": "D", "Article": "A" } } } ]
            }
            """;
        var diagnostics = new List<RuleDiagnostic>();
        var definitions = RuleFileReader.Read("Failing.json", Encoding.UTF8.GetBytes(json), diagnostics);
        Assert.True(PolicyEngine.TryCompile(definitions, diagnostics, out var engine), string.Join("\n", diagnostics));
        return engine.GetProgramme("Failing", AsOf);
    }

    /// <summary>Both halves of a reason name <paramref name="specifics"/>; the Chinese half carries no English runtime text.</summary>
    private static void AssertBilingual(RuleEvaluationException ex, params string[] specifics)
    {
        var halves = ex.Message.Split(" / ", 2);
        Assert.Equal(2, halves.Length);
        Assert.DoesNotContain(ex.InnerException!.Message, halves[1], StringComparison.Ordinal);
        Assert.Contains("时出错", halves[1], StringComparison.Ordinal);
        foreach (var specific in specifics)
        {
            Assert.Contains(specific, halves[0], StringComparison.Ordinal);
            Assert.Contains(specific, halves[1], StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_anniversary_of_a_date_late_in_the_calendar_is_later_than_any_date_not_a_failed_row()
    {
        var programme = Programme("asOf <= Dates.Anniversary(enterprise.RegistrationDate, 10)");

        Assert.True(programme.Evaluate(TestProfiles.Baseline() with { RegistrationDate = new DateOnly(9999, 12, 31) }, AsOf).Eligible);
        Assert.True(programme.Evaluate(TestProfiles.Baseline() with { RegistrationDate = new DateOnly(2015, 6, 30) }, AsOf).Eligible);
        Assert.False(programme.Evaluate(TestProfiles.Baseline() with { RegistrationDate = new DateOnly(2015, 6, 29) }, AsOf).Eligible);
    }

    [Fact]
    public void Anniversary_is_total_exact_where_the_calendar_reaches_and_keeps_order_beyond_it()
    {
        var dates = Gen.Int[DateOnly.MinValue.DayNumber, DateOnly.MaxValue.DayNumber].Select(DateOnly.FromDayNumber);
        var years = Gen.OneOf(Gen.Int[-10_000, 10_000], Gen.Int);
        Gen.Select(dates, years, years).Sample((date, a, b) =>
        {
            var first = Dates.Anniversary(date, a);
            var target = (long)date.Year + a;
            if (target is >= 1 and <= 9999)
            {
                Assert.Equal(date.AddYears(a), first);
            }
            else
            {
                Assert.Equal(target > 9999 ? DateOnly.MaxValue : DateOnly.MinValue, first);
            }

            // More years never give an earlier anniversary.
            Assert.True(a <= b ? first <= Dates.Anniversary(date, b) : first >= Dates.Anniversary(date, b));
        }, iter: 2_000);
    }

    private static object[] Extremes(Type type) => type switch
    {
        _ when type == typeof(decimal) => [decimal.MinValue, -1m, 0m, 0.5m, 1m, decimal.MaxValue],
        _ when type == typeof(decimal?) => [null!, decimal.MinValue, 0m, decimal.MaxValue],
        _ when type == typeof(int) => [int.MinValue, -1, 0, 11, int.MaxValue],
        _ when type == typeof(bool) => [false, true],
        _ when type == typeof(DateOnly) => [DateOnly.MinValue, new DateOnly(2000, 2, 29), DateOnly.MaxValue],
        _ when type == typeof(string) => [">= 1亿: 2.5%; else: 5%"], // tables are literals checked at load (PR1012)
        _ => [],
    };

    private static IEnumerable<object[]> Combinations(ParameterInfo[] parameters, int at = 0)
    {
        if (at == parameters.Length)
        {
            yield return [];
            yield break;
        }

        foreach (var value in Extremes(parameters[at].ParameterType))
        {
            foreach (var rest in Combinations(parameters, at + 1))
            {
                yield return [value, .. rest];
            }
        }
    }

    [Fact]
    public void Every_helper_answers_or_fails_as_a_row_reject_with_a_bilingual_reason_naming_it_for_extreme_arguments()
    {
        var swept = 0;
        foreach (var method in AllowList.HelperTypes.SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static)))
        {
            var parameters = method.GetParameters();
            if (parameters.Any(p => Extremes(p.ParameterType).Length == 0))
            {
                continue; // params arrays (SizeTable.Pick): nothing to overflow.
            }

            foreach (var arguments in Combinations(parameters))
            {
                swept++;
                try
                {
                    method.Invoke(null, arguments);
                }
                catch (TargetInvocationException invocation) when (invocation.InnerException is { } inner)
                {
                    Assert.True(CompiledProgramme.IsEvaluationFailure(inner), $"{method.DeclaringType!.Name}.{method.Name}({string.Join(", ", arguments)}) threw {inner.GetType().Name}, which would stop the run");
                    // The helper's name needs its stack frame, which an optimising JIT may inline away: asserted end to end below.
                    AssertBilingual(new RuleEvaluationException("P", "ID", inner), "'ID'");
                }
            }
        }

        Assert.True(swept > 100, $"only {swept} calls swept");
    }

    [Fact]
    public void A_helper_argument_out_of_range_rejects_the_row_naming_the_helper_and_argument_in_both_languages()
    {
        var programme = Programme("enterprise.RevenueY1 >= enterprise.RevenueY2 * Ratio.CompoundFactor(0.1m, enterprise.IpClassI)");

        var ex = Assert.Throws<RuleEvaluationException>(() => programme.Evaluate(TestProfiles.Baseline() with { IpClassI = 11 }, AsOf));

        AssertBilingual(ex, "Failing", "Ratio.CompoundFactor", "'years'");
    }

    [Fact]
    public void A_decimal_overflow_rejects_the_row_saying_so_in_both_languages()
    {
        var programme = Programme("enterprise.RevenueY1 * enterprise.RevenueY2 * enterprise.RevenueY3 > 0");
        var huge = TestProfiles.Baseline() with { RevenueY1 = 999_999_999_999_999_999m, RevenueY2 = 999_999_999_999_999_999m, RevenueY3 = 999_999_999_999_999_999m };

        var ex = Assert.Throws<RuleEvaluationException>(() => programme.Evaluate(huge, AsOf));

        Assert.IsType<OverflowException>(ex.InnerException);
        AssertBilingual(ex, "Failing", "'91370211MA3TEST001'");
        Assert.Contains("overflow", ex.Message, StringComparison.Ordinal);
        Assert.Contains("溢出", ex.Message, StringComparison.Ordinal);
    }
}

using CsCheck;
using PolicyRules.Compilation;
using PolicyRules.Rules;
using PolicyRules.Tests.Rules;

namespace PolicyRules.Tests.Security;

/// <summary>
/// Issue 13, class 9: the 256-operator limit counts every spelling of an operator (the keyword
/// <c>not</c> included, in any case), so no spelling builds a parser or compiler recursion deeper than it.
/// </summary>
public sealed class OperatorLimitTests
{
    private static List<RuleDiagnostic> Diagnose(string expression) =>
        MarkedRuleFile.Parse(MarkedRuleFile.Workflow(expression.Replace("\"", "\\\"", StringComparison.Ordinal))).Diagnose();

    [Fact]
    public void Nine_hundred_and_ninety_not_keywords_are_refused_as_a_diagnostic()
    {
        // The attack's shape: 990 "not" loaded and overflowed a small stack.
        var error = Assert.Single(Diagnose(string.Concat(Enumerable.Repeat("not ", 990)) + "enterprise.CoreIpForMainProducts"));
        Assert.Equal(DiagnosticIds.ExpressionSyntax, error.Id);
        Assert.Contains("more than 256 operators", error.Message, StringComparison.Ordinal);
        Assert.Equal((9, 24 + (4 * 256)), (error.Location.Line, error.Location.Column)); // on the 257th "not"
    }

    [Theory]
    [InlineData("not ", 0)]
    [InlineData("not ", 1)]
    [InlineData("NOT ", 1)]
    [InlineData("Not(", 1)]
    [InlineData("!", 1)]
    [InlineData("-", 1)]
    public void Every_unary_spelling_is_counted_at_the_limit(string spelling, int over)
    {
        var count = ExpressionParsing.MaxOperators + over;
        var operand = spelling == "-" ? "enterprise.Employees < 0" : "enterprise.CoreIpForMainProducts";
        var expression = spelling.EndsWith('(')
            ? string.Concat(Enumerable.Repeat(spelling, count)) + operand + new string(')', count)
            : spelling == "-" ? string.Concat(Enumerable.Repeat("- ", count - 1)) + operand : string.Concat(Enumerable.Repeat(spelling, count)) + operand;
        var diagnostics = Diagnose(expression);
        if (spelling.EndsWith('('))
        {
            // Nesting refuses it first; either way it is a diagnostic, never a crash.
            Assert.Contains(diagnostics, d => d.Id == DiagnosticIds.ExpressionSyntax);
            return;
        }

        if (over == 0)
        {
            Assert.DoesNotContain(diagnostics, d => d.Severity == DiagnosticSeverity.Error);
            return;
        }

        Assert.Contains(diagnostics, d => d.Message.Contains("more than 256 operators", StringComparison.Ordinal));
    }

    [Fact]
    public void Binary_chains_in_every_spelling_are_counted()
    {
        foreach (var spelling in new[] { " and ", " AND ", " && ", " or ", " || " })
        {
            var chain = string.Join(spelling, Enumerable.Repeat("true", ExpressionParsing.MaxOperators + 2));
            Assert.True(chain.Length <= ExpressionParsing.MaxExpressionLength);
            Assert.Contains(Diagnose(chain), d => d.Message.Contains("more than 256 operators", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Words_that_merely_contain_an_operator_are_not_counted()
    {
        // "not and or mod" inside a string literal is not an operator: 60 × (!= and &&) is 180, under 256.
        var expression = string.Join(" && ", Enumerable.Repeat("enterprise.Name != \"not and or mod\"", 60));
        Assert.DoesNotContain(Diagnose(expression), d => d.Message.Contains("operators", StringComparison.Ordinal));
    }

    /// <summary>
    /// Random mixes of every operator spelling, up to 2,000 of them: the checker answers with
    /// diagnostics (refusing more than 256), never an exception or a stack overflow.
    /// </summary>
    [Fact]
    public void Random_operator_mixes_are_diagnostics_never_crashes()
    {
        string[] unary = ["!", "not ", "NOT ", "Not ", "-", "~"];
        string[] binary = [" and ", " && ", " or ", " || ", " OR ", " == ", " != "];
        Gen.Select(Gen.Int[0, 5].Select(i => unary[i]).Array[0, 600], Gen.Int[1, 4]).Sample((prefix, links) =>
        {
            var operand = string.Concat(prefix) + "enterprise.CoreIpForMainProducts";
            var expression = string.Join(binary[links % binary.Length], Enumerable.Repeat(operand, links));
            var diagnostics = Diagnose(expression);
            Assert.All(diagnostics, d => Assert.StartsWith("PR1", d.Id, StringComparison.Ordinal));
            var operators = prefix.Length * links + links - 1;
            if (operators > ExpressionParsing.MaxOperators)
            {
                Assert.Contains(diagnostics, d => d.Severity == DiagnosticSeverity.Error);
            }
        }, iter: 60);
    }
}

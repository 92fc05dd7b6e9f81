using CsCheck;
using PolicyRules.Rules;

namespace PolicyRules.Tests.Compilation;

/// <summary>
/// Each problem of an expression is reported once: a disallowed kind of value met several times
/// ('a' == 'a', two doubles, two character literals) is one diagnostic at its first place, and no
/// expression of a sweep of broken pieces gives the same diagnostic (id, message, place) twice.
/// </summary>
public sealed class ExpressionCheckerRepeatTests
{
    [Theory]
    [InlineData("'a'=='a'")]
    [InlineData("'a' == 'b' && 'c' == 'd'")]
    [InlineData("enterprise.Employees > 0 && 'x' == 'x'")]
    public void Character_literals_are_one_PR1015_at_the_first_naming_double_quotes(string expression)
    {
        var diagnostics = Diagnose(expression);

        var error = Assert.Single(diagnostics);
        Assert.Equal(DiagnosticIds.OutsideAllowList, error.Id);
        Assert.Contains("double quotes", error.Message, StringComparison.Ordinal);
        Assert.Contains("双引号", error.Message, StringComparison.Ordinal);
        Assert.Equal("", BilingualSpecifics.Mismatch(error.Message));
        var first = expression.IndexOf('\'', StringComparison.Ordinal);
        Assert.Equal(first, error.Location.Column - ExpressionColumn); // at the first literal, not the whole expression
    }

    [Fact]
    public void No_expression_of_a_sweep_reports_the_same_diagnostic_twice()
    {
        string[] values =
        [
            "'a'", "'b'", "\"a\"", "1.5d", "2.5d", "1e3", "enterprise.Employees", "enterprise.Name", "DateTime.Now.Year", "typeof(int)", "(1 << 2)",
            "new DateOnly(2020, 1, 1)", "enterprise.GetType()", "(1 / 0)", "10", "0.5m", "true", "(x => x)", "'a'.ToString()", "enterprise.Employees.ToString()",
        ];
        string[] operators = ["==", "!=", "&&", "||", "+", "-", "*", ">"];
        var genExpression = Gen.Select(Gen.Int[0, values.Length - 1], Gen.Select(Gen.Int[0, operators.Length - 1], Gen.Int[0, values.Length - 1]).Array[0, 3],
            (first, rest) => values[first] + string.Concat(rest.Select(p => $" {operators[p.Item1]} {values[p.Item2]}")));
        var repeats = new SortedSet<string>(StringComparer.Ordinal);
        var seen = 0;
        genExpression.Sample(expression =>
        {
            var diagnostics = Diagnose(expression);
            seen += diagnostics.Count;
            foreach (var twice in diagnostics.GroupBy(d => (d.Id, d.Message, d.Location.Line, d.Location.Column)).Where(g => g.Count() > 1))
            {
                repeats.Add($"{twice.Key.Id} ×{twice.Count()} in «{expression}»: {twice.Key.Message}");
            }
        }, iter: 2_000, threads: 1);

        Assert.True(seen > 1_000, $"only {seen} diagnostics: the sweep does not reach the checker");
        Assert.True(repeats.Count == 0, string.Join(Environment.NewLine, repeats.Take(20)));
    }

    /// <summary>The column of the expression's first character in <see cref="MarkedRuleFile.Workflow"/>'s file, 1-based.</summary>
    private static readonly int ExpressionColumn = MarkedRuleFile.Workflow("§").Split('\n').Single(l => l.Contains('§', StringComparison.Ordinal)).IndexOf('§', StringComparison.Ordinal) + 1;

    /// <summary>The errors of <paramref name="expression"/> in a rule file, written with JSON's escapes only where needed (so columns in the file are the expression's).</summary>
    private static List<RuleDiagnostic> Diagnose(string expression) =>
        MarkedRuleFile.Parse(MarkedRuleFile.Workflow(System.Text.Json.JsonSerializer.Serialize(expression, Relaxed)[1..^1])).Diagnose()
            .Where(d => d.Severity == DiagnosticSeverity.Error).ToList();

    private static readonly System.Text.Json.JsonSerializerOptions Relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}

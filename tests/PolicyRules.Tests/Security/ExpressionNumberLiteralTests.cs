using System.Globalization;
using System.Text;
using CsCheck;
using PolicyRules.Rules;

namespace PolicyRules.Tests.Security;

/// <summary>
/// A number written in an expression is held exactly or refused at its line and column: the parser
/// read <c>0.00000000000000000000000000001</c> as 0 and a 30-digit threshold rounded, so a criterion
/// silently changed; and a decimal literal with an exponent (<c>1.5e3m</c>) failed as "Value cannot be
/// null" at the start of the expression. Each is now a PR1007 on the literal that names the fix.
/// </summary>
public sealed class ExpressionNumberLiteralTests
{
    private static readonly DateOnly AsOf = new(2025, 6, 30);

    private const string Prefix = "enterprise.InnovationCapabilityScore == ";

    private static string Workflow(string literal) => $$"""
        {
          "WorkflowName": "Literal",
          "PolicyRules": { "Version": "1", "TitleZh": "字面量", "TitleEn": "Literal", "Status": "verified", "EffectiveFrom": "2020-01-01" },
          "Rules": [ { "RuleName": "Rule",
            "Expression": "{{Prefix}}{{literal}}",
            "Properties": { "TitleZh": "规则", "TitleEn": "Rule", "Citation": { "Document": "D", "Article": "A" } } } ]
        }
        """;

    private static (List<RuleDiagnostic> Diagnostics, PolicyEngine? Engine) Load(string literal)
    {
        var diagnostics = new List<RuleDiagnostic>();
        var definitions = RuleFileReader.Read("rules/Literal.json", Encoding.UTF8.GetBytes(Workflow(literal)), diagnostics);
        var compiled = PolicyEngine.TryCompile(definitions, diagnostics, out var engine);
        return (diagnostics, compiled ? engine : null);
    }

    /// <summary>The 1-based column of the literal in its line of <see cref="Workflow"/>.</summary>
    private static int ColumnOf(string literal) =>
        Workflow(literal).Split('\n')[4].IndexOf(Prefix + literal, StringComparison.Ordinal) + Prefix.Length + 1;

    private static void AssertRefusedAtTheLiteral(string literal, params string[] named)
    {
        var (diagnostics, engine) = Load(literal);

        Assert.Null(engine);
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(DiagnosticIds.ExpressionSyntax, diagnostic.Id);
        Assert.Equal((5, ColumnOf(literal)), (diagnostic.Location.Line, diagnostic.Location.Column));
        Assert.Equal((5, ColumnOf(literal) + literal.Length), (diagnostic.Location.EndLine, diagnostic.Location.EndColumn));
        var halves = diagnostic.Message.Split(" / ", 2);
        foreach (var specific in named.Prepend($"'{literal}'"))
        {
            Assert.Contains(specific, halves[0], StringComparison.Ordinal);
            Assert.Contains(specific, halves[1], StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("1E5m", "100000m")]
    [InlineData("1.5e3m", "1500m")]
    [InlineData("25e-2m", "0.25m")]
    [InlineData("1.5E+3M", "1500m")]
    public void A_decimal_literal_with_an_exponent_is_refused_at_the_literal_with_its_digits_written_out(string literal, string fix) =>
        AssertRefusedAtTheLiteral(literal, fix);

    [Theory]
    [InlineData("1e400m")]
    [InlineData("1e-400m")]
    [InlineData("1e29m")]
    public void A_decimal_literal_with_an_exponent_beyond_decimal_is_refused_at_the_literal(string literal) =>
        AssertRefusedAtTheLiteral(literal, "28");

    [Theory]
    [InlineData("0.00000000000000000000000000001")]
    [InlineData("0.1234567890123456789012345678901m")]
    [InlineData("12345678901234567890123456789.5")]
    [InlineData("1.00000000000000000000000000001")]
    public void A_literal_decimal_cannot_hold_exactly_is_refused_at_the_literal_instead_of_rounded(string literal) =>
        AssertRefusedAtTheLiteral(literal, "28");

    /// <summary>The literal's digits without sign, leading zeros or trailing fractional zeros: equal texts are equal numbers.</summary>
    private static string Canonical(string digits)
    {
        var text = digits.TrimEnd('m', 'M');
        if (text.Contains('.', StringComparison.Ordinal))
        {
            text = text.TrimEnd('0').TrimEnd('.');
        }

        text = text.TrimStart('0');
        return text.Length == 0 || text[0] == '.' ? "0" + text : text;
    }

    [Fact]
    public void Any_plain_literal_is_held_exactly_or_refused_at_the_literal()
    {
        var digits = Gen.Char['0', '9'];
        var literal = Gen.Select(digits.Array[1, 30], digits.Array[0, 32], Gen.Bool,
            (whole, fraction, suffix) => new string(whole) + (fraction.Length > 0 ? "." + new string(fraction) : "") + (suffix ? "m" : ""));
        literal.Where(l => l.Contains('.', StringComparison.Ordinal) || l.EndsWith('m')).Sample(l =>
        {
            // The oracle: the runtime's own parse, accepted only when its value prints as the same digits.
            var exact = decimal.TryParse(l.TrimEnd('m'), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
                && Canonical(value.ToString(CultureInfo.InvariantCulture)) == Canonical(l);
            var whole = !l.TrimEnd('m').Contains('.', StringComparison.Ordinal);
            if (whole && !ulong.TryParse(l.TrimEnd('m'), NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                return; // an integer beyond 2^64 is the parser's own "Invalid integer literal", also placed at the literal.
            }

            var (diagnostics, engine) = Load(l);
            if (exact)
            {
                Assert.Empty(diagnostics);
                var profile = TestProfiles.Baseline() with { InnovationCapabilityScore = value };
                Assert.True(engine!.Evaluate("Literal", profile, AsOf).Eligible, $"{l} was not read as {value}");
            }
            else
            {
                var diagnostic = Assert.Single(diagnostics);
                Assert.Equal((DiagnosticIds.ExpressionSyntax, ColumnOf(l)), (diagnostic.Id, diagnostic.Location.Column));
            }
        }, iter: 150);
    }
}

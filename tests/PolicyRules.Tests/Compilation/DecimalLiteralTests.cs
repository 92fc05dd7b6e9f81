using System.Globalization;
using System.Linq.Expressions;
using PolicyRules.Compilation;
using PolicyRules.Model;
using PolicyRules.Rules;

namespace PolicyRules.Tests.Compilation;

/// <summary>
/// A decimal literal that decimal holds exactly is accepted and evaluates to exactly its value, up to
/// the edges of decimal's range and precision; one past them is refused at the literal (PR1007) with
/// the fix, in both languages. An integer written with the m suffix beyond what the expression parser
/// reads as a whole number (it reads ulong first, as RulesEngine's parser does) is refused naming the
/// spelling both parsers read exactly: the digits with ".0m".
/// </summary>
public sealed class DecimalLiteralTests
{
    [Theory]
    [InlineData("79228162514264337593543950335.0m", "79228162514264337593543950335")] // decimal.MaxValue
    [InlineData("-79228162514264337593543950335.0m", "-79228162514264337593543950335")] // decimal.MinValue
    [InlineData("79228162514264337593543950334.0m", "79228162514264337593543950334")]
    [InlineData("7922816251426433759354395033.5m", "7922816251426433759354395033.5")]
    [InlineData("0.0000000000000000000000000001m", "0.0000000000000000000000000001")] // 28 decimals, the finest
    [InlineData("-0.0000000000000000000000000001m", "-0.0000000000000000000000000001")]
    [InlineData("1.0000000000000000000000000001m", "1.0000000000000000000000000001")] // 29 significant digits
    [InlineData("0.1000000000000000000000000000m", "0.1")]
    [InlineData("18446744073709551615m", "18446744073709551615")] // ulong.MaxValue, an integer with m
    [InlineData("18446744073709551616.0m", "18446744073709551616")]
    [InlineData("0.0000000000000000000000000001", "0.0000000000000000000000000001")]
    public void A_literal_decimal_holds_exactly_evaluates_to_exactly_its_value(string literal, string expected)
    {
        var (value, diagnostics) = Evaluate(literal);
        Assert.True(diagnostics.Count == 0, string.Join(Environment.NewLine, diagnostics));
        Assert.Equal(decimal.Parse(expected, CultureInfo.InvariantCulture), value);
    }

    [Theory]
    [InlineData("79228162514264337593543950336.0m", "beyond what decimal holds exactly")] // MaxValue + 1
    [InlineData("-79228162514264337593543950336.0m", "beyond what decimal holds exactly")] // MinValue - 1
    [InlineData("0.00000000000000000000000000001m", "more digits than decimal holds exactly")] // 29 decimals
    [InlineData("1.00000000000000000000000000001m", "more digits than decimal holds exactly")]
    public void A_literal_one_step_past_decimal_is_refused_at_the_literal(string literal, string why)
    {
        var (_, diagnostics) = Evaluate(literal);
        var error = Assert.Single(diagnostics);
        Assert.Equal(DiagnosticIds.ExpressionSyntax, error.Id);
        Assert.Contains(why, error.Message, StringComparison.Ordinal);
        Assert.Equal("", BilingualSpecifics.Mismatch(error.Message));
    }

    [Theory]
    [InlineData("79228162514264337593543950335m", "79228162514264337593543950335.0m")] // decimal.MaxValue
    [InlineData("-79228162514264337593543950335m", "79228162514264337593543950335.0m")] // decimal.MinValue
    [InlineData("18446744073709551616m", "18446744073709551616.0m")] // ulong.MaxValue + 1
    [InlineData("79228162514264337593543950335M", "79228162514264337593543950335.0M")]
    public void A_whole_number_with_m_past_ulong_is_refused_naming_the_spelling_that_reads_exactly(string literal, string fix)
    {
        var (_, diagnostics) = Evaluate(literal);
        var error = Assert.Single(diagnostics);
        Assert.Equal(DiagnosticIds.ExpressionSyntax, error.Id);
        Assert.Contains(fix, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Invalid integer literal", error.Message, StringComparison.Ordinal);
        Assert.Equal("", BilingualSpecifics.Mismatch(error.Message));
        var (value, fixedDiagnostics) = Evaluate(literal.StartsWith('-') ? "-" + fix : fix);
        Assert.Empty(fixedDiagnostics);
        Assert.Equal(decimal.Parse(literal.TrimEnd('m', 'M'), CultureInfo.InvariantCulture), value);
    }

    [Fact]
    public void The_parser_reads_a_whole_number_with_m_as_ulong_first_so_the_check_matches_it()
    {
        // The boundary the check draws is the parser's own: ulong.MaxValue with m parses, one more does not.
        Assert.Empty(Evaluate("18446744073709551615m").Diagnostics);
        Assert.NotEmpty(Evaluate("18446744073709551616m").Diagnostics);
    }

    /// <summary>
    /// Why the check refuses rather than reads such a literal: RulesEngine, the reference every rule file
    /// stays loadable by, parses with the same System.Linq.Dynamic.Core, which refuses it; with a point it reads it exactly.
    /// </summary>
    [Fact]
    public void RulesEngines_parser_refuses_a_whole_number_with_m_past_ulong_and_reads_it_exactly_with_a_point()
    {
        var config = new System.Linq.Dynamic.Core.ParsingConfig();
        Assert.Throws<System.Linq.Dynamic.Core.Exceptions.ParseException>(() =>
            System.Linq.Dynamic.Core.DynamicExpressionParser.ParseLambda(config, typeof(decimal), "79228162514264337593543950335m"));
        var read = System.Linq.Dynamic.Core.DynamicExpressionParser.ParseLambda(config, typeof(decimal), "79228162514264337593543950335.0m");
        Assert.Equal(decimal.MaxValue, (decimal)read.Compile().DynamicInvoke()!);
    }

    private static (decimal? Value, List<RuleDiagnostic> Diagnostics) Evaluate(string literal)
    {
        var diagnostics = new List<RuleDiagnostic>();
        var fields = FieldSet.Empty;
        var parsed = ExpressionParsing.Parse(ExpressionSource.FromText(literal), [], typeof(decimal), diagnostics, ref fields);
        return parsed is null ? (null, diagnostics) : (Expression.Lambda<Func<decimal>>(Expression.Convert(parsed, typeof(decimal))).Compile()(), diagnostics);
    }
}

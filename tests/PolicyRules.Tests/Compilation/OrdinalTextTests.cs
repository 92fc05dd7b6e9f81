using System.Linq.Expressions;
using System.Reflection;
using CsCheck;
using PolicyRules.Compilation;
using PolicyRules.Model;
using PolicyRules.Rules;

namespace PolicyRules.Tests.Compilation;

/// <summary>
/// Text in an expression is compared code point by code point, whatever the culture of the process.
/// The parser compiles <c>&gt;</c> on text and <c>StartsWith</c>/<c>EndsWith</c> by the current
/// culture; this process runs with invariant globalization, as the CLI does, where a culture compares
/// ordinal anyway, so an application with ICU answered otherwise ("B" &gt; "a", a soft hyphen ignored).
/// The tests hold the compiled tree to ordinal methods and its answers to ordinal ones.
/// </summary>
public sealed class OrdinalTextTests
{
    private static readonly ParameterExpression Enterprise = Expression.Parameter(typeof(EnterpriseProfile), "enterprise");

    /// <summary>Every way an expression can compare text, with the ordinal answer it must give.</summary>
    private static readonly (string Template, Func<string, string, bool> Ordinal)[] Comparisons =
    [
        ("enterprise.Name > \"{0}\"", (a, b) => ByCodePoint(a, b) > 0),
        ("enterprise.Name >= \"{0}\"", (a, b) => ByCodePoint(a, b) >= 0),
        ("enterprise.Name < \"{0}\"", (a, b) => ByCodePoint(a, b) < 0),
        ("enterprise.Name <= \"{0}\"", (a, b) => ByCodePoint(a, b) <= 0),
        ("enterprise.Name == \"{0}\"", string.Equals),
        ("enterprise.Name != \"{0}\"", (a, b) => !string.Equals(a, b)),
        ("string.Compare(enterprise.Name, \"{0}\") == 0", string.Equals),
        ("string.Equals(enterprise.Name, \"{0}\")", string.Equals),
        ("enterprise.Name.Equals(\"{0}\")", string.Equals),
        ("enterprise.Name.StartsWith(\"{0}\")", (a, b) => a.StartsWith(b, StringComparison.Ordinal)),
        ("enterprise.Name.EndsWith(\"{0}\")", (a, b) => a.EndsWith(b, StringComparison.Ordinal)),
        ("enterprise.Name.Contains(\"{0}\")", (a, b) => a.Contains(b, StringComparison.Ordinal)),
        ("enterprise.Name in (\"{0}\", \"-\")", (a, b) => a == b || a == "-"),
    ];

    /// <summary>The methods of text a compiled expression may call: none of them reads a culture.</summary>
    private static readonly HashSet<MethodInfo> OrdinalMethods =
    [
        typeof(string).GetMethod(nameof(string.StartsWith), [typeof(string), typeof(StringComparison)])!,
        typeof(string).GetMethod(nameof(string.EndsWith), [typeof(string), typeof(StringComparison)])!,
        typeof(string).GetMethod(nameof(string.Equals), [typeof(string)])!,
        typeof(string).GetMethod(nameof(string.Equals), [typeof(string), typeof(string)])!,
        typeof(string).GetMethod(nameof(string.Contains), [typeof(string)])!,
        typeof(string).GetMethod("op_Equality", [typeof(string), typeof(string)])!,
        typeof(string).GetMethod("op_Inequality", [typeof(string), typeof(string)])!,
    ];

    /// <summary>
    /// Names with what a culture ignores or folds (a soft hyphen, NUL, a zero-width joiner, case, CJK)
    /// against plain literals: every comparison compiles to ordinal methods only, with Ordinal passed
    /// where a method takes a comparison, and answers as the ordinal comparison does.
    /// </summary>
    [Fact]
    public void Every_text_comparison_compiles_to_ordinal_methods_and_answers_by_code_point()
    {
        // 𠀀 and 😀 are past U+FFFF (two UTF-16 units from U+D800), ＡＢ and U+E000 after U+E000: their order by
        // code point is not their order by UTF-16 unit.
        var name = Gen.OneOf("a", "A", "b", "B", "青", "岛", "\u00AD", "\0", "\u200D", "ß", "ss", "𠀀", "😀", "ＡＢ", "\uE000").Array[0, 5].Select(string.Concat);
        var literal = Gen.OneOf("a", "A", "b", "B", "青", "ss", "𠀀", "ＡＢ", "\uFFFD").Array[0, 3].Select(string.Concat);
        Gen.Select(Gen.Int[0, Comparisons.Length - 1], name, literal).Sample((which, text, value) =>
        {
            var (template, ordinal) = Comparisons[which];
            var expression = string.Format(System.Globalization.CultureInfo.InvariantCulture, template, value);
            var compiled = Compile(expression);
            Assert.True(ordinal(text, value) == compiled(TestProfiles.Baseline() with { Name = text }), $"{expression} with Name \"{text}\"");
        }, iter: 2_000);
    }

    /// <summary>Code point order is the order of the UTF-8 bytes (DuckDB's and PostgreSQL's "C" order), for any valid text.</summary>
    [Fact]
    public void Code_point_order_is_the_order_of_the_utf8_bytes()
    {
        var text = Gen.Int[0, 0x10FFFF].Where(c => c is < 0xD800 or > 0xDFFF).Select(c => char.ConvertFromUtf32(c))
            .Array[0, 4].Select(string.Concat);
        var near = Gen.OneOf("", "a", "\uE000", "\uFFFF", "𠀀", "\U0010FFFF").Array[0, 3].Select(string.Concat);
        Gen.Select(Gen.OneOf(text, near), Gen.OneOf(text, near)).Sample((a, b) =>
        {
            var bytes = Math.Sign(System.Text.Encoding.UTF8.GetBytes(a).AsSpan().SequenceCompareTo(System.Text.Encoding.UTF8.GetBytes(b)));
            Assert.Equal(bytes, Math.Sign(OrdinalText.CompareByCodePoint(a, b)));
            Assert.Equal(bytes, Math.Sign(ByCodePoint(a, b)));
        }, iter: 5_000);
        Assert.True(OrdinalText.CompareByCodePoint(null, "") < 0);
        Assert.Equal(0, OrdinalText.CompareByCodePoint(null, null));
        Assert.True(OrdinalText.CompareByCodePoint("\uD800", "\uFFFF") > 0); // a lone surrogate sorts as one of a pair: past U+FFFF
    }

    [Theory]
    [InlineData("string.Compare(enterprise.Name, \"a\", true) > 0")] // ignoreCase: by culture
    [InlineData("string.Compare(enterprise.Name, 0, \"a\", 0, 1) > 0")] // an index and a length into the text
    public void Overloads_that_take_more_than_text_are_refused(string expression)
    {
        var diagnostics = new List<RuleDiagnostic>();
        var fields = FieldSet.Empty;
        Assert.Null(ExpressionParsing.Parse(ExpressionSource.FromText(expression), [Enterprise], typeof(bool), diagnostics, ref fields));
        Assert.Contains(diagnostics, d => d.Id == DiagnosticIds.OutsideAllowList && d.Message.Contains("String.Compare", StringComparison.Ordinal));
    }

    /// <summary>The reference order: the texts' code points, one by one.</summary>
    private static int ByCodePoint(string a, string b) =>
        a.EnumerateRunes().Select(r => r.Value).ToArray().AsSpan().SequenceCompareTo(b.EnumerateRunes().Select(r => r.Value).ToArray());

    private static Func<EnterpriseProfile, bool> Compile(string expression)
    {
        var diagnostics = new List<RuleDiagnostic>();
        var fields = FieldSet.Empty;
        var parsed = ExpressionParsing.Parse(ExpressionSource.FromText(expression), [Enterprise], typeof(bool), diagnostics, ref fields);
        Assert.True(parsed is not null, $"{expression}: {string.Join(" | ", diagnostics)}");
        var calls = new StringCalls();
        calls.Visit(parsed);
        Assert.All(calls.Found, call =>
        {
            Assert.Contains(call.Method, OrdinalMethods);
            Assert.All(call.Arguments.Where(a => a.Type == typeof(StringComparison)), a => Assert.Equal(StringComparison.Ordinal, ((ConstantExpression)a).Value));
        });
        return Expression.Lambda<Func<EnterpriseProfile, bool>>(parsed, Enterprise).Compile();
    }

    private sealed class StringCalls : ExpressionVisitor
    {
        public List<MethodCallExpression> Found { get; } = [];

        protected override Expression VisitMethodCall(MethodCallExpression node)
        {
            if (node.Method.DeclaringType == typeof(string))
            {
                Found.Add(node);
            }

            return base.VisitMethodCall(node);
        }

        protected override Expression VisitBinary(BinaryExpression node)
        {
            if (node.Method?.DeclaringType == typeof(string))
            {
                Found.Add(Expression.Call(node.Method, node.Left, node.Right));
            }

            return base.VisitBinary(node);
        }
    }
}

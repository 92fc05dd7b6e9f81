using System.Linq.Expressions;
using System.Reflection;

namespace PolicyRules.Compilation;

/// <summary>
/// Text compared code point by code point, whatever the culture of the process. System.Linq.Dynamic.Core
/// compiles <c>a &gt; b</c> on text as <c>string.Compare(a, b)</c>, and <c>a.StartsWith(b)</c> as the
/// one-argument overload: both compare by the current culture, so an application without invariant
/// globalization answered otherwise than the CLI ("B" &gt; "a" true under ICU, false by code point; a
/// soft hyphen or a NUL in the text ignored by StartsWith). The checker compiles them ordinal instead.
/// </summary>
/// <remarks>
/// Order is by code point (<see cref="CompareByCodePoint"/>), the order of the text's UTF-8 bytes, which is
/// how DuckDB and PostgreSQL's "C" collation order text; <see cref="string.CompareOrdinal(string, string)"/>
/// compares UTF-16 units, which puts a character past U+FFFF (𠀀, an emoji) before U+E000–U+FFFF (full-width
/// forms such as ＡＢＣ).
/// </remarks>
internal static class OrdinalText
{
    private static readonly MethodInfo CultureCompare = typeof(string).GetMethod(nameof(string.Compare), [typeof(string), typeof(string)])!;
    private static readonly MethodInfo CodePointCompare = typeof(OrdinalText).GetMethod(nameof(CompareByCodePoint))!;
    private static readonly MethodInfo CultureStartsWith = typeof(string).GetMethod(nameof(string.StartsWith), [typeof(string)])!;
    private static readonly MethodInfo CultureEndsWith = typeof(string).GetMethod(nameof(string.EndsWith), [typeof(string)])!;
    private static readonly MethodInfo StartsWithComparing = typeof(string).GetMethod(nameof(string.StartsWith), [typeof(string), typeof(StringComparison)])!;
    private static readonly MethodInfo EndsWithComparing = typeof(string).GetMethod(nameof(string.EndsWith), [typeof(string), typeof(StringComparison)])!;
    private static readonly ConstantExpression Ordinal = Expression.Constant(StringComparison.Ordinal);

    /// <summary>
    /// The methods of text an expression may call: each compares text with text and nothing else (no
    /// index, length, ignoreCase or culture), and is ordinal once <see cref="Of"/> has replaced it.
    /// </summary>
    public static bool IsAllowed(MethodInfo method) =>
        method.Name is "op_Equality" or "op_Inequality" or nameof(string.Equals) or nameof(string.Compare)
            or nameof(string.StartsWith) or nameof(string.EndsWith) or nameof(string.Contains)
        && Array.TrueForAll(method.GetParameters(), p => p.ParameterType == typeof(string));

    /// <summary>The ordinal call for a call that compares by culture; any other call as it is.</summary>
    public static Expression Of(MethodCallExpression call) =>
        call.Method == CultureCompare ? Expression.Call(CodePointCompare, call.Arguments)
        : call.Method == CultureStartsWith ? Expression.Call(call.Object, StartsWithComparing, call.Arguments[0], Ordinal)
        : call.Method == CultureEndsWith ? Expression.Call(call.Object, EndsWithComparing, call.Arguments[0], Ordinal)
        : call;

    /// <summary>
    /// The sign of <paramref name="a"/> − <paramref name="b"/> in code point order (null first, as
    /// <see cref="string.Compare(string, string)"/>). UTF-16 units compare as code points except where both
    /// are at or past U+D800: there a surrogate (half of a code point past U+FFFF) must sort after
    /// U+E000–U+FFFF, so each is moved, as ICU's code point order does (a lone surrogate sorts as one of a pair).
    /// </summary>
    public static int CompareByCodePoint(string? a, string? b)
    {
        if (a is null || b is null)
        {
            return a is null ? (b is null ? 0 : -1) : 1;
        }

        var common = a.AsSpan().CommonPrefixLength(b);
        if (common == a.Length || common == b.Length)
        {
            return a.Length.CompareTo(b.Length);
        }

        int x = a[common], y = b[common];
        if (x >= 0xD800 && y >= 0xD800)
        {
            x = x >= 0xE000 ? x - 0x800 : x + 0x2000;
            y = y >= 0xE000 ? y - 0x800 : y + 0x2000;
        }

        return x.CompareTo(y);
    }
}

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
internal static class OrdinalText
{
    private static readonly MethodInfo CultureCompare = typeof(string).GetMethod(nameof(string.Compare), [typeof(string), typeof(string)])!;
    private static readonly MethodInfo OrdinalCompare = typeof(string).GetMethod(nameof(string.CompareOrdinal), [typeof(string), typeof(string)])!;
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
        call.Method == CultureCompare ? Expression.Call(OrdinalCompare, call.Arguments)
        : call.Method == CultureStartsWith ? Expression.Call(call.Object, StartsWithComparing, call.Arguments[0], Ordinal)
        : call.Method == CultureEndsWith ? Expression.Call(call.Object, EndsWithComparing, call.Arguments[0], Ordinal)
        : call;
}

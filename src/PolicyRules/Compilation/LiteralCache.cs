using System.Linq.Dynamic.Core;
using System.Reflection;

namespace PolicyRules.Compilation;

/// <summary>
/// System.Linq.Dynamic.Core keeps one process-wide cache of numeric literals keyed by value, and
/// decides whether a literal may become a <see cref="decimal"/> from the text first cached for that
/// value. So `0.10` parses as decimal or fails as double depending on whether some earlier
/// expression, in any file, wrote `0.1d`. Each of our expressions is parsed from an empty cache
/// instead, so a rule means the same whatever was parsed before it.
/// </summary>
internal static class LiteralCache
{
    /// <summary>Held while resetting and parsing, so no other parse shares the fresh cache.</summary>
    public static readonly object Gate = new();

    private static readonly FieldInfo? Instance = typeof(ParsingConfig).Assembly
        .GetType("System.Linq.Dynamic.Core.Parser.ConstantExpressionHelperFactory")
        ?.GetField("_instance", BindingFlags.NonPublic | BindingFlags.Static);

    /// <summary>True when the library still has the cache this works around (a test watches for upgrades).</summary>
    public static bool IsPresent => Instance is not null;

    public static void Reset() => Instance?.SetValue(null, null);
}

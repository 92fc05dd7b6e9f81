using System.Text.RegularExpressions;
using PolicyRules.Tests.TestSupport;

namespace PolicyRules.Tests.Sql;

/// <summary>
/// A construct with no exact SQL translation (PR1032) is named in each language: every
/// <c>Unsupported(en, zh)</c> of the translator gives a Chinese name free of English prose, a helper's
/// or member's name (code) aside — before, the English phrase went into both halves.
/// </summary>
public sealed partial class SqlTranslationMessageTests
{
    [GeneratedRegex("""Unsupported\((\$?"(?:[^"\\]|\\.)*"), (\$?"(?:[^"\\]|\\.)*")\)""")]
    private static partial Regex Call();

    /// <summary>What a Chinese name may hold in Latin letters: interpolated holes, quoted code, dotted names (Ratio.Of), SQL words.</summary>
    [GeneratedRegex("""\{[^}]*\}|'[^']*'|[A-Za-z]+(\.(\{[^}]*\}|[A-Za-z]+))+(\([^)]*\))?|\b(null|SQL|DuckDB)\b""")]
    private static partial Regex Code();

    [Fact]
    public void Every_untranslatable_construct_is_named_in_chinese_in_the_chinese_half()
    {
        var sources = Directory.GetFiles(Path.Combine(Dotnet.Root, "src", "PolicyRules", "Sql"), "ExpressionTranslator*.cs");
        var calls = sources.SelectMany(f => Call().Matches(File.ReadAllText(f)).Select(m => (File: Path.GetFileName(f), En: m.Groups[1].Value, Zh: m.Groups[2].Value))).ToList();
        var all = sources.Sum(f => Regex.Count(File.ReadAllText(f), @"\bUnsupported\("));

        Assert.True(calls.Count >= 30, $"{calls.Count} two-language calls found");
        Assert.Equal(all - 1, calls.Count); // every call but the definition names the construct in both languages
        foreach (var (file, en, zh) in calls)
        {
            var prose = Code().Replace(zh, "");
            Assert.False(Regex.IsMatch(prose, "[A-Za-z]{2,}"), $"{file}: the Chinese name {zh} of {en} holds English prose: {prose}");
            Assert.All(Regex.Matches(en, @"\{[^}]*\}").Select(m => m.Value), hole => Assert.Contains(hole, zh, StringComparison.Ordinal)); // the same specifics
        }
    }
}

using System.Text.RegularExpressions;

namespace PolicyRules.Tests;

/// <summary>
/// Compares the two halves of a message ("English / 中文", issue 18): the names, quoted values and
/// numbers one carries must be in the other. Shared by the rule-file and the analyzer tests.
/// </summary>
internal static partial class BilingualSpecifics
{
    /// <summary>The English and Chinese halves of a message: "English / 中文".</summary>
    internal static (string En, string Zh)? Halves(string message)
    {
        // Of the " / " with no Chinese prose before them (outside quotes: the English half may quote a
        // title), the one Chinese follows most closely: an expression in both halves may hold " / " too.
        (string, string)? best = null;
        var closest = int.MaxValue;
        for (var at = message.IndexOf(" / ", StringComparison.Ordinal); at >= 0; at = message.IndexOf(" / ", at + 1, StringComparison.Ordinal))
        {
            var (en, zh) = (message[..at], message[(at + 3)..]);
            if (ChinesePunctuation().IsMatch(QuotedText().Replace(en, "")))
            {
                break;
            }

            // Chinese prose, not a quoted value or an amount such as "2亿" that an expression may hold.
            var prose = ChineseAmount().Replace(QuotedText().Replace(zh, m => new string(' ', m.Length)), m => new string(' ', m.Length));
            if (Chinese().Match(prose) is { Success: true } first && first.Index < closest)
            {
                (best, closest) = ((en, zh), first.Index);
            }
        }

        return best;
    }

    /// <summary>
    /// The specifics of one half: what is quoted (in any quote style: "", '', ``, «», 「」, “”, ‘’),
    /// numbers, and code-like names (dotted, or with a capital or digit after the first letter).
    /// </summary>
    internal static SortedSet<string> Specifics(string half)
    {
        var found = new SortedSet<string>(StringComparer.Ordinal);
        foreach (Match match in QuotedText().Matches(half))
        {
            var value = match.Groups.Cast<Group>().Skip(1).First(g => g.Success).Value.Trim();
            if (!Phrase().IsMatch(value))
            {
                found.Add(value); // a quoted phrase of words ("at least", “不低于”) is translated, not a specific
            }
        }

        var unquoted = QuotedText().Replace(half, " ");
        foreach (Match match in Number().Matches(unquoted))
        {
            found.Add(match.Value);
        }

        foreach (Match match in CodeName().Matches(unquoted))
        {
            if (match.Value is not ("e.g" or "i.e"))
            {
                found.Add(match.Value); // "e.g." is an abbreviation, not a dotted name
            }
        }

        return found;
    }

    /// <summary>What one half carries and the other does not, both ways; empty when they agree.</summary>
    internal static string Mismatch(string message)
    {
        if (Halves(message) is not var (en, zh))
        {
            return "not written in both languages (\"English / 中文\")";
        }

        var inEn = Specifics(en);
        var inZh = Specifics(zh);
        var onlyEn = inEn.Where(s => !inZh.Contains(s) && !zh.Contains(s, StringComparison.Ordinal)).ToList();
        var onlyZh = inZh.Where(s => !inEn.Contains(s) && !en.Contains(s, StringComparison.Ordinal)).ToList();
        if (EnglishProse().Matches(QuotedText().Replace(zh, " ")).FirstOrDefault(IsProse) is { } prose)
        {
            // "类型不匹配：Invalid integer literal '12x'": the Chinese reader gets the English untranslated.
            return $"English prose in the Chinese half: \"{prose.Value.Trim()}\"";
        }

        return onlyEn.Count == 0 && onlyZh.Count == 0
            ? ""
            : $"only in English: [{string.Join(", ", onlyEn)}]; only in Chinese: [{string.Join(", ", onlyZh)}]";
    }

    /// <summary>
    /// Plain English words in the Chinese half of <paramref name="message"/>, once what is quoted (names,
    /// values, the author's own words) and lists of names or values ("text、bool、date", "verified、secondary
    /// 或 provisional") are taken out: a lower-case word of three letters or more, but for JSON's null, true
    /// and false — "reform file应为 JSON 对象" names the file in English for want of a translation, which
    /// <see cref="Mismatch"/> (the specifics, and runs of three words of prose) lets through.
    /// </summary>
    internal static IReadOnlyList<string> PlainEnglishWordsInChinese(string message)
    {
        if (Halves(message) is not var (_, zh))
        {
            return ["(not bilingual)"];
        }

        var plain = ListOfNames().Replace(QuotedText().Replace(OptionWithValue().Replace(zh, " "), " "), " ");
        return [.. LowerWord().Matches(plain).Select(m => m.Value).Where(w => !KeptInEnglish.Contains(w))];
    }

    /// <summary>
    /// Words a user types as they are, in either language: JSON's literals, the field kinds of a record
    /// declaration, the engines and the tool's own name, option values (auto, dotted), C#'s number types.
    /// (The field kinds are written out because the analyzer tests, which share this file, cannot read the
    /// SDK's internal list; <c>BilingualMessageTests</c> holds the two lists the same.)
    /// </summary>
    internal static bool IsKeptInEnglish(string word) => KeptInEnglish.Contains(word);

    private static readonly HashSet<string> KeptInEnglish = new(StringComparer.Ordinal)
    {
        "null", "true", "false",
        "text", "bool", "date", "count", "money", "percent", "decimal", "score", "choice",
        "dotnet", "duckdb", "postgres", "policyrules", "auto", "double", "dotted", "underscore",
    };

    [GeneratedRegex(@"[A-Za-z][\w$]*(?:\s*(?:、|，|,|或|和|\bor\b)\s*[A-Za-z][\w$]*)+")]
    private static partial Regex ListOfNames();

    /// <summary>A command-line option and its value ("--engine duckdb"): what the user types, in any language.</summary>
    [GeneratedRegex(@"--[a-z][\w-]*(?:\s+[A-Za-z0-9_.$/\\-]+)?")]
    private static partial Regex OptionWithValue();

    // Not an option (--engine), a path (/tmp/x.csv), a file's extension (.csv) or a placeholder (<output>).
    [GeneratedRegex(@"(?<![A-Za-z0-9_.$\-/\\<])[a-z]{3,}(?![A-Za-z0-9_\-/\\.>])")]
    private static partial Regex LowerWord();

    /// <summary>Whether <paramref name="text"/>, outside what it quotes, holds English prose (a run of plain words with a word of English grammar).</summary>
    internal static bool IsEnglishProse(string text) => EnglishProse().Matches(QuotedText().Replace(text, " ")).Any(IsProse);

    /// <summary>
    /// A run of plain words is English prose when it holds a word of English grammar; an author's own
    /// expression quoted back ("x &gt;= x early later") holds identifiers only.
    /// </summary>
    private static bool IsProse(Match run) =>
        run.Value.Split([' ', ',', ';', ':'], StringSplitOptions.RemoveEmptyEntries).Any(w => GrammarWords.Contains(w));

    private static readonly HashSet<string> GrammarWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "is", "are", "was", "were", "be", "been", "the", "an", "of", "to", "for", "with", "cannot", "must", "should",
        "expected", "invalid", "does", "has", "have", "this", "that", "which", "than", "could", "would", "unexpected",
        "a", "at", // "DATE, a TIMESTAMP at midnight or STRING": a list of types told in English
    };

    /// <summary>Three or more plain words in a row (code, names and quoted values are not plain words).</summary>
    [GeneratedRegex(@"(?<![\w.'])[A-Za-z]+(?:[,;:]? [A-Za-z]+[,;:]?){2,}(?![\w.(])")]
    private static partial Regex EnglishProse();

    [GeneratedRegex(@"^(?:[a-z]+(?: [a-z]+)+|\p{IsCJKUnifiedIdeographs}+)$")]
    private static partial Regex Phrase();

    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}")]
    private static partial Regex Chinese();

    /// <summary>Punctuation of Chinese prose: the English half may hold Chinese names (国科发火〔2016〕32号, 2亿) but not these.</summary>
    [GeneratedRegex(@"[\d.]+[十百千万亿]+")]
    private static partial Regex ChineseAmount();

    [GeneratedRegex("[，。：；？！、]")]
    private static partial Regex ChinesePunctuation();

    // A single quote opens a quotation only where no letter is before it: "header's" is a possessive.
    [GeneratedRegex("\"([^\"]*)\"|(?<![A-Za-z])'([^']*)'|`([^`]*)`|«([^»]*)»|「([^」]*)」|“([^”]*)”|‘([^’]*)’")]
    private static partial Regex QuotedText();

    [GeneratedRegex(@"(?<![\w.])-?\d+(?:\.\d+)?(?![\w])")]
    private static partial Regex Number();

    [GeneratedRegex(@"\b[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)+\b|\b[A-Za-z_][a-z0-9_]*[A-Z0-9][A-Za-z0-9_]*\b")]
    private static partial Regex CodeName();
}

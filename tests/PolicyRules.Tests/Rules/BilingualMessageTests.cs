using System.Text.RegularExpressions;
using CsCheck;
using PolicyRules.Rules;

namespace PolicyRules.Tests.Rules;

/// <summary>
/// Issue 18: every diagnostic carries the same specifics in English and in Chinese — the names,
/// quoted values, numbers and suggestions — so a message whose Chinese half says only
/// <c>未知属性。</c> or <c>类型不匹配。</c> fails here, whatever its ID.
/// </summary>
public sealed partial class BilingualMessageTests
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

            if (Chinese().Match(zh) is { Success: true } first && first.Index < closest)
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
            found.Add(match.Value);
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
        return onlyEn.Count == 0 && onlyZh.Count == 0
            ? ""
            : $"only in English: [{string.Join(", ", onlyEn)}]; only in Chinese: [{string.Join(", ", onlyZh)}]";
    }

    [Fact]
    public void Every_diagnostic_of_the_broken_file_corpus_carries_the_same_specifics_in_both_languages()
    {
        var failures = new List<string>();
        foreach (var file in Directory.GetFiles(CorpusDirectory(), "*.json").Order(StringComparer.Ordinal))
        {
            var marked = MarkedRuleFile.Parse(File.ReadAllText(file));
            foreach (var diagnostic in marked.Diagnose("Corpus/" + Path.GetFileName(file)))
            {
                if (Mismatch(diagnostic.Message) is { Length: > 0 } mismatch)
                {
                    failures.Add($"{Path.GetFileName(file)} {diagnostic.Id}: {mismatch}{Environment.NewLine}    {diagnostic.Message}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures.Distinct()));
    }

    /// <summary>
    /// A sweep past the corpus: random expressions built from right and wrong pieces — misspelt members
    /// and parameters, wrong operators, percentages, quoted numbers, text compared with numbers, tier
    /// tables with every kind of fault, calls outside the allow-list — and every diagnostic they give.
    /// </summary>
    [Fact]
    public void Every_diagnostic_of_random_broken_expressions_carries_the_same_specifics_in_both_languages()
    {
        string[] tables =
        [
            "<= 5000万: 5%; <= 2亿: 4%; else: 3%", "<= 5000万: 5%; <= 2亿: 4%", "<= 5000万：5%; else: 3%", "<= 2亿: 4%; <= 5000万: 5%; else: 3%",
            ">= 10: 1; <= 5: 2; else: 0", "<= 2千万: 1; else: 0", "<= 5: 1;; else: 0", "else: 1; <= 5: 2", "5: 1; else: 0",
            "<= 99999999999999999999999999999亿: 1; else: 0", "<= 1.00000000000000000000000000001: 1; else: 0", "",
        ];
        string[] pieces =
        [
            "enterprise.Employees", "enterprise.Employes", "enterprise.Name", "enterprise.Industry", "enterprise.RevenueY1", "enterprise.SizeClass",
            "early", "later", "unknownParam", "asOf", ">=", "=>", "=<", "==", "+", "-", "*", "/", "%", "<<", "&&", "||", " not ", " and ",
            "10", "10%", "0.5", "5e-2", "1.5d", "\"x\"", "\"5000000\"", "\"2亿\"", "\"Larg\"", "\"Retail\"", "true", "null", "(", ")",
            "Ratio.Of(enterprise.TechStaff, enterprise.Employees)", "Dates.FullYears(asOf)", "DateTime.Now", "typeof(int)", "new DateOnly(2020, 1, 1)",
            "x => x", "System.IO.File.Exists(\"a\")", "enterprise.Name + \"b\"", "enterprise.GetType()", "Environment.TickCount", "programmes.Eligible(\"SmeSise\")",
            "1 / enterprise.Employees", "1 / 0",
        ];
        var genPiece = Gen.OneOf(Gen.Int[0, pieces.Length - 1].Select(i => pieces[i]), Gen.Int[0, tables.Length - 1].Select(i => $"Tiers.Lookup(enterprise.RevenueY1, \"{tables[i]}\")"));
        var failures = new SortedSet<string>(StringComparer.Ordinal);
        var seen = 0;
        genPiece.Array[1, 6].Sample(parts =>
        {
            var expression = string.Join(" ", parts);
            var json = System.Text.Json.JsonSerializer.Serialize(expression)[1..^1];
            const string Params = """{ "Name": "early", "Expression": "later + 1" }, { "Name": "later", "Expression": "enterprise.Employees", "Unit": "percent" }""";
            foreach (var diagnostic in MarkedRuleFile.Parse(MarkedRuleFile.Workflow(json, Params)).Diagnose())
            {
                seen++;
                if (Mismatch(diagnostic.Message) is { Length: > 0 } mismatch)
                {
                    failures.Add($"{diagnostic.Id}: {mismatch}{Environment.NewLine}    {diagnostic.Message}{Environment.NewLine}    from: {expression}");
                }
            }
        }, iter: 3_000, threads: 1);

        Assert.True(seen > 3_000, $"only {seen} diagnostics: the sweep does not reach the checker");
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures.Take(40)));
    }

    [Theory]
    [InlineData("HighTechEnterprise 2016 (from 2016-01-01 to 2026-06-30) overlaps 2026 (from 2026-01-01). / 版本有效期重叠。")]
    [InlineData("Unknown property \"Titel\"; did you mean \"Title\"? / 未知属性。")]
    [InlineData("Syntax error at character 12: ')' expected / 语法错误。")]
    [InlineData("The expression nests deeper than 64 levels. / 表达式嵌套过深。")]
    [InlineData("Type mismatch: enterprise.Name compared with 100 / 类型不匹配：文本与数字比较。")]
    [InlineData("Only English, with 'specifics'.")]
    public void A_message_whose_chinese_half_drops_the_specifics_is_caught(string message) => Assert.NotEqual("", Mismatch(message));

    [Theory]
    [InlineData("'=>' is not a comparison; for \"at least\" write '>=': daysRegistered >= 365 / '=>' 不是比较运算符；表示“不低于”请写 '>='：daysRegistered >= 365")]
    [InlineData("Rule 'TechStaffRatio' has no \"Expression\". / 规则 'TechStaffRatio' 缺少 \"Expression\"。")]
    [InlineData("Title «不低于10%» states 10 / 标题「不低于10%」写明 10")]
    public void A_message_with_the_same_specifics_in_both_halves_passes(string message) => Assert.Equal("", Mismatch(message));

    private static string CorpusDirectory()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "PolicyRules.sln")))
            {
                return Path.Combine(directory.FullName, "tests", "PolicyRules.Tests", "Corpus");
            }
        }

        throw new DirectoryNotFoundException("PolicyRules.sln not found above the test folder");
    }

    [GeneratedRegex(@"^(?:[a-z]+(?: [a-z]+)+|\p{IsCJKUnifiedIdeographs}+)$")]
    private static partial Regex Phrase();

    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}")]
    private static partial Regex Chinese();

    /// <summary>Punctuation of Chinese prose: the English half may hold Chinese names (国科发火〔2016〕32号, 2亿) but not these.</summary>
    [GeneratedRegex("[，。：；？！、]")]
    private static partial Regex ChinesePunctuation();

    [GeneratedRegex("\"([^\"]*)\"|'([^']*)'|`([^`]*)`|«([^»]*)»|「([^」]*)」|“([^”]*)”|‘([^’]*)’")]
    private static partial Regex QuotedText();

    [GeneratedRegex(@"(?<![\w.])-?\d+(?:\.\d+)?(?![\w])")]
    private static partial Regex Number();

    [GeneratedRegex(@"\b[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)+\b|\b[A-Za-z_][a-z0-9_]*[A-Z0-9][A-Za-z0-9_]*\b")]
    private static partial Regex CodeName();
}

using CsCheck;
using PolicyRules.Rules;

namespace PolicyRules.Tests.Rules;

/// <summary>
/// Issue 18: every diagnostic carries the same specifics in English and in Chinese — the names,
/// quoted values, numbers and suggestions — so a message whose Chinese half says only
/// <c>未知属性。</c> or <c>类型不匹配。</c> fails here, whatever its ID (<see cref="BilingualSpecifics"/>).
/// </summary>
public sealed class BilingualMessageTests
{
    [Fact]
    public void Every_diagnostic_of_the_broken_file_corpus_carries_the_same_specifics_in_both_languages()
    {
        var failures = new List<string>();
        foreach (var file in Directory.GetFiles(CorpusDirectory(), "*.json").Order(StringComparer.Ordinal))
        {
            var marked = MarkedRuleFile.Parse(File.ReadAllText(file));
            foreach (var diagnostic in marked.Diagnose("Corpus/" + Path.GetFileName(file)))
            {
                if (BilingualSpecifics.Mismatch(diagnostic.Message) is { Length: > 0 } mismatch)
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
                if (BilingualSpecifics.Mismatch(diagnostic.Message) is { Length: > 0 } mismatch)
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
    public void A_message_whose_chinese_half_drops_the_specifics_is_caught(string message) => Assert.NotEqual("", BilingualSpecifics.Mismatch(message));

    [Theory]
    [InlineData("'=>' is not a comparison; for \"at least\" write '>=': daysRegistered >= 365 / '=>' 不是比较运算符；表示“不低于”请写 '>='：daysRegistered >= 365")]
    [InlineData("Rule 'TechStaffRatio' has no \"Expression\". / 规则 'TechStaffRatio' 缺少 \"Expression\"。")]
    [InlineData("Title «不低于10%» states 10 / 标题「不低于10%」写明 10")]
    public void A_message_with_the_same_specifics_in_both_halves_passes(string message) => Assert.Equal("", BilingualSpecifics.Mismatch(message));

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
}

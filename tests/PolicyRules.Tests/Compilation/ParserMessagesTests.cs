using System.Linq.Dynamic.Core.Exceptions;
using System.Reflection;
using System.Text.RegularExpressions;
using PolicyRules.Compilation;
using PolicyRules.Tests.Rules;

namespace PolicyRules.Tests.Compilation;

/// <summary>
/// The parser's English messages reach a rule author in Chinese too (<see cref="ParserMessages"/>):
/// every message System.Linq.Dynamic.Core can raise has a translation that keeps its values.
/// </summary>
public sealed partial class ParserMessagesTests
{
    /// <summary>The parser's resource strings, read from the assembly RulesEngine and our compiler share.</summary>
    private static Dictionary<string, string> ParserResources() =>
        typeof(ParseException).Assembly.GetType("System.Linq.Dynamic.Core.Res", throwOnError: true)!
            .GetFields(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic)
            .Where(f => f.FieldType == typeof(string))
            .ToDictionary(f => f.Name, f => (string)f.GetValue(null)!);

    [Fact]
    public void Every_message_of_the_parser_has_a_translation_with_the_same_english()
    {
        var resources = ParserResources();
        var table = ParserMessages.Templates.ToDictionary(t => t.Name, t => t.English);
        Assert.True(resources.Count > 60, $"only {resources.Count} resources: the parser's messages were not found");
        var missing = resources.Keys.Where(k => !table.ContainsKey(k)).ToList();
        var changed = resources.Where(r => table.TryGetValue(r.Key, out var english) && english != r.Value).Select(r => $"{r.Key}: \"{r.Value}\"").ToList();
        var stale = table.Keys.Where(k => !k.Contains('.', StringComparison.Ordinal) && !resources.ContainsKey(k)).ToList();
        Assert.True(missing.Count == 0 && changed.Count == 0 && stale.Count == 0,
            $"untranslated: [{string.Join(", ", missing)}]; changed by the parser: [{string.Join("; ", changed)}]; no longer in the parser: [{string.Join(", ", stale)}]");
    }

    [Fact]
    public void Every_translation_keeps_every_value_and_says_nothing_in_english()
    {
        foreach (var (name, english, chinese) in ParserMessages.Templates)
        {
            string[] values = ["Alpha1", "'Beta2'", "System.Int32", "3"];
            var filled = string.Format(System.Globalization.CultureInfo.InvariantCulture, english.Replace("{", "{{").Replace("}", "}}").Replace("{{0}}", "{0}").Replace("{{1}}", "{1}").Replace("{{2}}", "{2}"), values);
            var translated = ParserMessages.InChinese(filled);
            Assert.True(Cjk().IsMatch(translated), $"{name}: \"{translated}\" is not Chinese");
            Assert.DoesNotContain("解析器原文", translated);
            for (var i = 0; i < 3; i++)
            {
                if (english.Contains("{" + i + "}", StringComparison.Ordinal))
                {
                    Assert.True(translated.Contains(values[i], StringComparison.Ordinal), $"{name}: \"{translated}\" lost {values[i]}");
                }
            }

            Assert.True(chinese.Split('{').Length == english.Split('{').Length, $"{name}: the two templates have different holes");
        }
    }

    [Theory]
    [InlineData("')' expected", "此处应为 ')'")]
    [InlineData("'Then' expected", "此处应为 'Then'")]
    [InlineData("Invalid integer literal '12x'", "无效的整数字面量 '12x'")]
    [InlineData("The binary operator GreaterThanOrEqual is not defined for the types 'System.String' and 'System.Int32'.", "二元运算符 GreaterThanOrEqual 不能用于类型 'System.String' 和 'System.Int32'。")]
    [InlineData("Value cannot be empty.", "值不能为空。")]
    [InlineData("Something the parser never said", "解析器原文：Something the parser never said")]
    public void A_message_is_translated_by_its_most_specific_template(string english, string chinese) =>
        Assert.Equal(chinese, ParserMessages.InChinese(english));

    [Fact]
    public void A_rule_with_a_bad_literal_is_explained_in_chinese()
    {
        var diagnostics = MarkedRuleFile.Parse(MarkedRuleFile.Workflow("enterprise.Employees >= 12x")).Diagnose().ToList();
        var message = Assert.Single(diagnostics).Message;
        Assert.Equal("", BilingualSpecifics.Mismatch(message));
        Assert.DoesNotContain("Invalid", message[message.IndexOf(" / ", StringComparison.Ordinal)..], StringComparison.Ordinal);
    }

    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}")]
    private static partial Regex Cjk();
}

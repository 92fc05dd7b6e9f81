using System.Reflection;
using System.Text.Json;
using CsCheck;
using PolicyRules.Input;
using PolicyRules.Model;
using PolicyRules.Rules;

namespace PolicyRules.Tests.Rules;

/// <summary>
/// The JSON reader's messages reach a rule author (PR1001) and a data engineer (a JSON profile's error)
/// in Chinese too (<see cref="JsonErrorText"/>): every message the reader can raise has a translation.
/// </summary>
public sealed class JsonErrorTextTests
{
    /// <summary>The reader's messages: each <c>ExceptionResource</c> the reader raises, read from the runtime's <c>SR</c>.</summary>
    private static Dictionary<string, string> ReaderResources()
    {
        var assembly = typeof(JsonDocument).Assembly;
        var sr = assembly.GetType("System.SR", throwOnError: true)!;
        var names = Enum.GetNames(assembly.GetType("System.Text.Json.ExceptionResource", throwOnError: true)!)
            // The writer's messages: we never write with Utf8JsonWriter from a user's input.
            .Where(n => !n.StartsWith("CannotWrite", StringComparison.Ordinal) && !n.StartsWith("CannotStart", StringComparison.Ordinal) && n != "DepthTooLarge")
            // Raised when a string value is read rather than tokenized (an escaped lone surrogate, invalid UTF-8).
            .Concat(StringReadingResources);
        return names.ToDictionary(n => n, n => ((string)sr.GetProperty(n, BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public)!.GetValue(null)!)
            .Replace("{{", "{", StringComparison.Ordinal).Replace("}}", "}", StringComparison.Ordinal));
    }

    /// <summary>The messages <c>Utf8JsonReader.GetString</c> raises, outside <c>ExceptionResource</c>.</summary>
    private static readonly string[] StringReadingResources = ["CannotTranscodeInvalidUtf8", "CannotReadIncompleteUTF16", "CannotReadInvalidUTF16"];

    [Fact]
    public void Every_message_of_the_reader_has_a_translation_with_the_same_english()
    {
        var resources = ReaderResources();
        var table = JsonErrorText.Templates.ToDictionary(t => t.Name, t => t.English);
        Assert.True(resources.Count > 30, $"only {resources.Count} resources: the reader's messages were not found");
        var missing = resources.Keys.Where(k => !table.ContainsKey(k)).ToList();
        var changed = resources.Where(r => table.TryGetValue(r.Key, out var english) && english != r.Value).Select(r => $"{r.Key}: \"{r.Value}\"").ToList();
        Assert.True(missing.Count == 0 && changed.Count == 0, $"untranslated: [{string.Join(", ", missing)}]; changed by the runtime: [{string.Join("; ", changed)}]");
    }

    [Fact]
    public void Every_translation_keeps_its_token_and_passes_the_bilingual_check()
    {
        // The token the reader met: any character of a file, quotes among them (an apostrophe, quoted in
        // apostrophes, read ''' and failed the check when a fuzzer met it).
        foreach (var (name, english, _) in JsonErrorText.Templates)
        {
            // A quoted token is any character of a file; the others are numbers and names.
            string[] tokens = english.Contains("'{0}'", StringComparison.Ordinal) ? ["Zq", "'", "\"", "`", "«", "」", "“", "‘", "/", "(", ")", "（", "：", " "] : ["Zq"];
            foreach (var token in tokens)
            {
                var (en, zh) = JsonErrorText.Halves(english.Replace("{0}", token, StringComparison.Ordinal));
                var message = $"Invalid JSON: {en} / JSON 格式错误：{zh}";
                Assert.True(BilingualSpecifics.Mismatch(message) == "", $"{name} with {token}: {BilingualSpecifics.Mismatch(message)}: {message}");
                Assert.DoesNotContain("读取器原文", message, StringComparison.Ordinal);
            }
        }
    }

    [Theory]
    [InlineData("[1,]", "JSON 数组末尾有多余的逗号。")]
    [InlineData("{\"a\" 1}", "属性名后面不能是 '1'，应为 ':'。")]
    [InlineData("{\"a\": 1 2}", "值后面不能是 '2'，应为 ','、'}' 或 ']'。")]
    [InlineData("[01]", "'1' 前面的前导零无效。")]
    [InlineData("[-']", "数字的正负号（'+' 或 '-'）后不能是 \"'\"，应为数字（'0'-'9'）。")]
    [InlineData("fK'm~6", "\"fK'm~6\" 不是有效的 JSON 字面量，应为 'false'。")] // a token holding an apostrophe, quoted so its end shows (a fuzzer's find)
    public void A_broken_rule_file_is_explained_in_chinese(string json, string chinese)
    {
        var diagnostics = new List<RuleDiagnostic>();
        RuleFileReader.Read("rules/Broken.json", System.Text.Encoding.UTF8.GetBytes(json), diagnostics);
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(DiagnosticIds.InvalidJson, diagnostic.Id);
        Assert.EndsWith("：" + chinese, diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal("", BilingualSpecifics.Mismatch(diagnostic.Message));
    }

    /// <summary>
    /// Any run of escaped UTF-16 code units in a string of a rule file or a JSON profile — lone high or
    /// low surrogates, reversed pairs, valid pairs — is read or refused with a message translated in
    /// both halves. An escaped lone surrogate reached the Chinese half as the reader's English text.
    /// </summary>
    [Fact]
    public void Escaped_code_units_in_any_string_are_read_or_refused_in_both_languages()
    {
        var codeUnit = Gen.OneOf(Gen.Int[0xD800, 0xDFFF], Gen.Int[0x20, 0xFFFF]);
        var profile = File.ReadAllText(Path.Combine(TestProfiles.RulesDirectory, "..", "samples", "high-tech-near-miss.json"));
        codeUnit.Array[1, 4].Sample(units =>
        {
            var escaped = string.Concat(units.Select(u => $"\\u{u:x4}"));
            var diagnostics = new List<RuleDiagnostic>();
            var ruleFile = MarkedRuleFile.Workflow("true").Replace("\"TitleZh\": \"规则\"", $"\"TitleZh\": \"规{escaped}则\"", StringComparison.Ordinal);
            RuleFileReader.Read("rules/Test.json", System.Text.Encoding.UTF8.GetBytes(ruleFile), diagnostics);
            foreach (var diagnostic in diagnostics.Where(d => d.Id == DiagnosticIds.InvalidJson))
            {
                AssertTranslated(diagnostic.Message);
            }

            var json = profile.Replace("\"name\": \"", $"\"name\": \"{escaped}", StringComparison.Ordinal);
            try
            {
                ProfileJsonReader.Read("(test)", System.Text.Encoding.UTF8.GetBytes(json), FieldSet.Empty);
            }
            catch (ProfileInputException error)
            {
                AssertTranslated(error.Message);
            }
        }, iter: 2_000);
    }

    private static void AssertTranslated(string message)
    {
        Assert.DoesNotContain("读取器原文", message, StringComparison.Ordinal);
        Assert.True(BilingualSpecifics.Mismatch(message) == "", $"{BilingualSpecifics.Mismatch(message)}: {message}");
    }
}

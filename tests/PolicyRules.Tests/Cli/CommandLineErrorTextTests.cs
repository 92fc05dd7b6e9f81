using System.Collections;
using System.Globalization;
using System.Resources;
using CsCheck;
using PolicyRules.Cli;

namespace PolicyRules.Tests.Cli;

/// <summary>
/// The command-line parser's own messages — a value that is not a number (<c>--count 2147483648</c>),
/// an unknown option, a value outside a list, a missing or repeated option — are told in both
/// languages: the parser writes English only, and was printed so under a bilingual hint.
/// </summary>
public sealed class CommandLineErrorTextTests
{
    private static readonly string[] Commands = ["screen", "evaluate", "gap", "generate", "lint", "test", "simulate", "sql", "schema"];

    private static readonly string[] Options =
        ["--count", "--seed", "--max-failed", "--progress-interval", "--column-names", "--engine", "--format", "--dialect", "--encoding", "--input", "--output", "--as-of", "--programme", "--rules", "--fail-fast"];

    private static readonly string[] Values = ["abc", "2147483648", "-1", "1e5", "foo", "", "一", "--", "0x10", "NaN"];

    [Fact]
    public void Every_message_of_the_parser_has_a_translation_with_the_same_english()
    {
        var resources = new ResourceManager("System.CommandLine.Properties.Resources", typeof(System.CommandLine.Command).Assembly)
            .GetResourceSet(CultureInfo.InvariantCulture, createIfNotExists: true, tryParents: true)!
            .Cast<DictionaryEntry>()
            .Select(e => (string)e.Value!)
            .Where(v => v.Contains("{0}", StringComparison.Ordinal) || v.EndsWith("was not provided.", StringComparison.Ordinal))
            .ToList();
        Assert.True(resources.Count > 15, $"only {resources.Count} messages: the parser's resources were not found");
        var english = CommandLineErrorText.Templates.Select(t => t.English).ToHashSet(StringComparer.Ordinal);
        var missing = resources.Where(r => !english.Contains(r)).ToList();
        Assert.True(missing.Count == 0, "untranslated: " + string.Join(" | ", missing));
    }

    /// <summary>
    /// Random command lines, each with at least one token the parser refuses: every line said is in both
    /// languages with the same specifics and no untranslated English, and the exit code is 2.
    /// </summary>
    [Fact]
    public void Every_parse_error_is_told_in_both_languages()
    {
        var token = Gen.OneOf(Gen.Int[0, Options.Length - 1].Select(i => Options[i]), Gen.Int[0, Values.Length - 1].Select(i => Values[i]));
        Gen.Select(Gen.Int[0, Commands.Length - 1], token.Array[0, 5], Gen.Int[0, 999]).Sample((command, tokens, unknown) =>
        {
            string[] args = [Commands[command], $"--no-such-option-{unknown}", .. tokens]; // first: no option can take it as its value, so nothing runs
            var (exit, _, stderr) = Cli.Run(args);
            Assert.Equal(2, exit);
            foreach (var line in stderr.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                Assert.True(line.Contains(" / ", StringComparison.Ordinal), $"{string.Join(' ', args)}: English only: {line}");
                Assert.DoesNotContain("原文", line, StringComparison.Ordinal);
                Assert.True(BilingualSpecifics.Mismatch(line) == "", $"{string.Join(' ', args)}: {BilingualSpecifics.Mismatch(line)}: {line}");
                Assert.Empty(BilingualSpecifics.PlainEnglishWordsInChinese(line));
            }
        }, iter: 300);
    }
}

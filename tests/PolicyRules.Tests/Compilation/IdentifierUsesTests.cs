using System.Text.RegularExpressions;
using CsCheck;
using PolicyRules.Compilation;

namespace PolicyRules.Tests.Compilation;

/// <summary>
/// The hand-written word search finds a name where the parser would: among the whole words not after
/// a dot, equal ignoring case as the parser's symbol table compares (ordinal), on any text and name.
/// </summary>
public sealed class IdentifierUsesTests
{
    // Word characters of every category the pattern's \w covers, their neighbours, case pairs, dots and operators.
    private static readonly string Alphabet = "aAbBkKzZ_0١9.. +-*/()>=<!\"'é\u0301\u00DF\u212A\u0130\u0131\u4E2D\u2040\u00B2\u200D\t";

    private static readonly Gen<string> Texts = Gen.Char[Alphabet].Array[0, 24].Select(c => new string(c));

    private static readonly Gen<string> Names = Gen.OneOf(
        Gen.Char[Alphabet].Array[0, 4].Select(c => new string(c)),
        Gen.Int[0, 3].Select(i => new[] { "minRdShare", "k", "a_1", "中" }[i]));

    [Fact]
    public void Answers_as_the_pattern_does()
    {
        Gen.Select(Texts, Names).Sample((text, name) =>
        {
            var expected = name.Length > 0 && Regex.IsMatch(name, @"^\w+$")
                ? Regex.Matches(text, @"(?<![\w.])\w+").Any(word => string.Equals(word.Value, name, StringComparison.OrdinalIgnoreCase))
                : Regex.IsMatch(text, $@"(?<![\w.]){Regex.Escape(name)}(?!\w)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
            Assert.True(expected == IdentifierUses.Names(text, name), $"text \"{text}\", name \"{name}\": expected {expected}");
        }, iter: 20_000);
    }

    [Theory]
    [InlineData("ratio >= minRdShare", "minrdshare", true)]
    [InlineData("ratio >= enterprise.minRdShare", "minRdShare", false)]
    [InlineData("ratio >= minRdShare2", "minRdShare", false)]
    [InlineData("x_minRdShare > 1", "minRdShare", false)]
    [InlineData("(minRdShare)", "minRdShare", true)]
    [InlineData("\u212A > 1", "k", false)]
    public void Whole_words_not_members(string text, string name, bool expected) =>
        Assert.Equal(expected, IdentifierUses.Names(text, name));
}

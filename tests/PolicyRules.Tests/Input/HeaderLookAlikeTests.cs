using CsCheck;
using PolicyRules.Input;
using PolicyRules.Model;
using static PolicyRules.Tests.Input.ProfileInputTestSupport;

namespace PolicyRules.Tests.Input;

/// <summary>
/// A header name pasted from a chat, a web page or a word processor can carry a character no one
/// sees (a zero-width space, a byte-order mark mid-line) or look-alikes (full-width letters, an
/// ideographic space). The column was reported "missing" while the file visibly had it; now the one
/// message names the column, the characters by code point (so they can be seen) and the name to type.
/// </summary>
public sealed class HeaderLookAlikeTests
{
    private static string Contract() => WriteCsv(TestProfiles.Baseline(), TestProfiles.Baseline() with { Id = "B" });

    private static InputError ErrorFor(string header, string replacement)
    {
        var csv = Contract();
        var firstLine = csv.IndexOf('\n', StringComparison.Ordinal);
        var names = csv[..firstLine].Split(',');
        var column = Array.IndexOf(names, header);
        names[column] = replacement;
        var ex = Assert.Throws<ProfileInputException>(() => ReadCsv(string.Join(",", names) + csv[firstLine..], Fields(header)));
        var error = Assert.Single(ex.Errors);
        Assert.Equal(1, error.Line);
        Assert.Contains($"column {column + 1}", error.Reason, StringComparison.Ordinal);
        Assert.Contains($"第 {column + 1} 列", error.Reason, StringComparison.Ordinal);
        return error;
    }

    [Theory]
    [InlineData("revenue\u200BY1", "U+200B")] // zero-width space
    [InlineData("revenueY1\uFEFF", "U+FEFF")] // a byte-order mark at the end of a pasted name
    [InlineData("\u2060revenueY1", "U+2060")] // word joiner
    [InlineData("ｒｅｖｅｎｕｅＹ１", "U+FF52")] // full-width letters from a Chinese IME
    [InlineData("revenue\u3000Y1", "U+3000")] // ideographic space
    public void A_needed_header_with_invisible_or_look_alike_characters_is_named_with_its_code_points(string header, string codePoint)
    {
        var error = ErrorFor("revenueY1", header);

        var halves = error.Reason.Split(" / ", 2);
        foreach (var half in halves)
        {
            Assert.Contains(codePoint, half, StringComparison.Ordinal);
            Assert.Contains("`revenueY1`", half, StringComparison.Ordinal);
            Assert.DoesNotContain(header, half, StringComparison.Ordinal); // shown escaped, not as it looks
        }
    }

    [Fact]
    public void Any_needed_name_with_an_invisible_character_anywhere_gets_the_message_naming_it()
    {
        var fields = RecordSchema.Enterprise.Fields.Where(f => f.Name != "id").Select(f => f.Name).ToArray();
        var invisible = Gen.Int[0, 4].Select(i => "\u200B\u200C\u200D\u2060\uFEFF"[i]);
        Gen.Select(Gen.Int[0, fields.Length - 1], Gen.Int[0, 64], invisible).Sample((f, at, c) =>
        {
            var name = fields[f];
            var spoiled = name.Insert(Math.Min(at, name.Length), c.ToString());
            var error = ErrorFor(name, spoiled);
            Assert.Contains($"U+{(int)c:X4}", error.Reason, StringComparison.Ordinal);
            Assert.Contains($"`{name}`", error.Reason, StringComparison.Ordinal);
        }, iter: 100);
    }
}

using System.Text;
using CsCheck;
using PolicyRules.Input;
using PolicyRules.Model;
using PolicyRules.Tests.TestSupport;

namespace PolicyRules.Tests.Input;

/// <summary>
/// A JSON profile saved as UTF-16 (either byte order) with half a character in it — a lone high or low
/// surrogate, a pair reversed, an odd last byte — is refused at its line and column, never read with
/// U+FFFD in its place; U+FFFD written as such is a character like another and is read.
/// </summary>
public sealed class JsonProfileUtf16Tests
{
    private static readonly System.Text.Json.JsonSerializerOptions Camel = new()
    {
        PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.CamelCase,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
        WriteIndented = true,
    };

    /// <summary>The profile as indented JSON, its id holding <paramref name="inside"/> at <paramref name="at"/>.</summary>
    private static (string Json, int Offset) WithId(string inside, int at)
    {
        var id = TestProfiles.Baseline().Id;
        var profile = TestProfiles.Baseline() with { Id = "ID" + id };
        var json = System.Text.Json.JsonSerializer.Serialize(profile, Camel);
        var offset = json.IndexOf("\"ID", StringComparison.Ordinal) + 1 + Math.Min(at, id.Length + 2);
        return (json[..offset] + inside + json[offset..], offset);
    }

    [Fact]
    public void Half_a_character_in_a_UTF16_profile_is_refused_at_its_line_and_column() =>
        Gen.Select(Gen.Int[0, 30], Gen.Bool, Gen.OneOf(Gen.Const("\uD800"), Gen.Const("\uDFFF"), Gen.Const("\uDC00\uD800"), Gen.Const("a\uDBFFb"))).Sample((at, bigEndian, inside) =>
        {
            var (json, offset) = WithId(inside, at);
            offset += inside.StartsWith('a') ? 1 : 0;
            var line = json[..offset].Count(c => c == '\n') + 1;
            var column = offset - json.LastIndexOf('\n', offset - 1);
            var error = Assert.Single(Assert.Throws<ProfileInputException>(() => ProfileJsonReader.Read("p.json", RawUtf16.Bytes(json, bigEndian), FieldSet.Empty)).Errors);
            Assert.Equal(line, error.Line);
            Assert.Contains($"(line {line}, column {column})", error.Reason, StringComparison.Ordinal);
            Assert.Contains("lone surrogate", error.Reason, StringComparison.Ordinal);
            Assert.Contains("孤立代理项", error.Reason, StringComparison.Ordinal);
        }, iter: 200);

    [Fact]
    public void An_odd_last_byte_of_a_UTF16_profile_is_refused()
    {
        var (json, _) = WithId("", 0);
        var error = Assert.Single(Assert.Throws<ProfileInputException>(() => ProfileJsonReader.Read("p.json", [.. RawUtf16.Bytes(json, false), 0x20], FieldSet.Empty)).Errors);
        Assert.Contains("lone surrogate", error.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void U_FFFD_written_as_such_and_whole_pairs_in_a_UTF16_profile_are_read_as_in_UTF8(bool bigEndian)
    {
        var (json, _) = WithId("\uFFFD𠀀", 3);
        var utf8 = (EnterpriseProfile)ProfileJsonReader.Read("p.json", Encoding.UTF8.GetBytes(json), FieldSet.Empty);
        var utf16 = (EnterpriseProfile)ProfileJsonReader.Read("p.json", RawUtf16.Bytes(json, bigEndian), FieldSet.Empty);
        Assert.Contains("\uFFFD𠀀", utf16.Id, StringComparison.Ordinal);
        Assert.Equal(utf8, utf16);
    }
}

using System.Globalization;
using System.Text.Json;

namespace PolicyRules.Tests.Sql;

/// <summary>
/// Compares the output files of two engines: every file byte for byte, except that a score in CSV
/// and JSON Lines may differ in trailing zeros (an SQL column has one scale for every row; a .NET
/// decimal keeps the scale its arithmetic gave) — the value must be the same.
/// </summary>
internal static class EngineOutputs
{
    public static void AssertSame(string expectedPath, string actualPath)
    {
        Assert.True(File.Exists(actualPath), actualPath + " was not written");
        if (expectedPath.EndsWith(".jsonl", StringComparison.Ordinal))
        {
            var expected = File.ReadAllLines(expectedPath);
            var actual = File.ReadAllLines(actualPath);
            Assert.Equal(expected.Length, actual.Length);
            for (var i = 0; i < expected.Length; i++)
            {
                using var e = JsonDocument.Parse(expected[i]);
                using var a = JsonDocument.Parse(actual[i]);
                Assert.True(SameJson(e.RootElement, a.RootElement), $"line {i + 1}: {expected[i]} ≠ {actual[i]}");
            }

            return;
        }

        if (expectedPath.EndsWith(".csv", StringComparison.Ordinal))
        {
            var expected = File.ReadAllLines(expectedPath);
            var actual = File.ReadAllLines(actualPath);
            Assert.Equal(expected.Length, actual.Length);
            var header = expected.Length > 0 ? expected[0].Split(',') : [];
            for (var i = 0; i < expected.Length; i++)
            {
                if (expected[i] == actual[i])
                {
                    continue;
                }

                // Quoted cells hold no decimal score; a line that differs is compared cell by cell.
                var e = expected[i].Split(',');
                var a = actual[i].Split(',');
                Assert.Equal(e.Length, a.Length);
                for (var k = 0; k < e.Length; k++)
                {
                    Assert.True(e[k] == a[k] || (header[k].EndsWith(".score", StringComparison.Ordinal) && SameNumber(e[k], a[k])),
                        $"line {i + 1}, column {header[k]}: '{e[k]}' ≠ '{a[k]}'");
                }
            }

            return;
        }

        Assert.Equal(File.ReadAllBytes(expectedPath), File.ReadAllBytes(actualPath));
    }

    private static bool SameNumber(string a, string b) =>
        decimal.TryParse(a, NumberStyles.Number, CultureInfo.InvariantCulture, out var x) && decimal.TryParse(b, NumberStyles.Number, CultureInfo.InvariantCulture, out var y) && x == y;

    private static bool SameJson(JsonElement a, JsonElement b) => (a.ValueKind, b.ValueKind) switch
    {
        (JsonValueKind.Object, JsonValueKind.Object) => a.EnumerateObject().Select(p => p.Name).SequenceEqual(b.EnumerateObject().Select(p => p.Name))
            && a.EnumerateObject().All(p => SameJson(p.Value, b.GetProperty(p.Name))),
        (JsonValueKind.Array, JsonValueKind.Array) => a.GetArrayLength() == b.GetArrayLength() && a.EnumerateArray().Zip(b.EnumerateArray()).All(x => SameJson(x.First, x.Second)),
        (JsonValueKind.Number, JsonValueKind.Number) => a.GetDecimal() == b.GetDecimal(),
        _ => a.GetRawText() == b.GetRawText(),
    };
}

using System.IO.Compression;

namespace PolicyRules.Tests.TestSupport;

/// <summary>
/// Compares the output files of two engines whole, byte for byte, with no exception: the sinks write a
/// score or output by its value (ResultNumbers), so how an engine computed it leaves no trace. A
/// workbook is a zip whose headers carry the time it was written, so for .xlsx every part is compared
/// byte for byte instead (the same parts, in the same order).
/// </summary>
internal static class EngineOutputs
{
    public static void AssertSame(string expectedPath, string actualPath)
    {
        Assert.True(File.Exists(actualPath), actualPath + " was not written");
        if (expectedPath.EndsWith(".xlsx", StringComparison.Ordinal))
        {
            AssertSameParts(expectedPath, actualPath);
            return;
        }

        var expected = File.ReadAllBytes(expectedPath);
        var actual = File.ReadAllBytes(actualPath);
        if (expected.AsSpan().SequenceEqual(actual))
        {
            return;
        }

        if (expectedPath.EndsWith(".csv", StringComparison.Ordinal) || expectedPath.EndsWith(".jsonl", StringComparison.Ordinal))
        {
            // Name the first line that differs, for a readable failure.
            var e = File.ReadAllLines(expectedPath);
            var a = File.ReadAllLines(actualPath);
            for (var i = 0; i < Math.Min(e.Length, a.Length); i++)
            {
                Assert.True(e[i] == a[i], $"{Path.GetFileName(actualPath)}, line {i + 1}:\n  expected {e[i]}\n  actual   {a[i]}");
            }
        }

        Assert.Equal(expected, actual);
    }

    private static void AssertSameParts(string expectedPath, string actualPath)
    {
        using var expected = ZipFile.OpenRead(expectedPath);
        using var actual = ZipFile.OpenRead(actualPath);
        Assert.Equal(expected.Entries.Select(e => e.FullName), actual.Entries.Select(e => e.FullName));
        foreach (var (e, a) in expected.Entries.Zip(actual.Entries))
        {
            Assert.True(Bytes(e).AsSpan().SequenceEqual(Bytes(a)), $"{Path.GetFileName(actualPath)}: part {e.FullName} differs");
        }
    }

    private static byte[] Bytes(ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}

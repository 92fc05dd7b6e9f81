namespace PolicyRules.Tests.TestSupport;

/// <summary>A text as UTF-16 bytes after its byte-order mark, each code unit as it is: a lone surrogate too, which an encoder would replace.</summary>
internal static class RawUtf16
{
    public static byte[] Bytes(string text, bool bigEndian)
    {
        var bytes = new List<byte>(bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE]);
        foreach (var unit in text)
        {
            bytes.AddRange(bigEndian ? [(byte)(unit >> 8), (byte)unit] : [(byte)unit, (byte)(unit >> 8)]);
        }

        return [.. bytes];
    }
}

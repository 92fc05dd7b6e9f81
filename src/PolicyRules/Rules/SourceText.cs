using System.Text;

namespace PolicyRules.Rules;

/// <summary>
/// A rule file's bytes with a line table, turning UTF-8 byte offsets (what the JSON reader
/// reports) into 1-based line and UTF-16 column (what people and editors count).
/// </summary>
internal sealed class SourceText
{
    private readonly int[] _lineStarts;

    public SourceText(string path, byte[] utf8)
    {
        Path = path;
        Utf8 = utf8;
        var starts = new List<int> { 0 };
        for (var i = 0; i < utf8.Length; i++)
        {
            if (utf8[i] == (byte)'\n')
            {
                starts.Add(i + 1);
            }
        }

        _lineStarts = [.. starts];
    }

    public string Path { get; }

    /// <summary>
    /// A JSON file saved as UTF-16 with its byte-order mark (Windows Notepad's "Unicode") as UTF-8; any
    /// other bytes as they are. Every JSON file of ours is read through it, as the build-time analyzer
    /// reads them (the compiler decodes UTF-16 by its mark), so the build and the runtime agree.
    /// </summary>
    public static byte[] FromUtf16(byte[] bytes) => bytes switch
    {
        [0xFF, 0xFE, ..] => Encoding.UTF8.GetBytes(new UnicodeEncoding(false, false, throwOnInvalidBytes: false).GetString(bytes, 2, bytes.Length - 2)),
        [0xFE, 0xFF, ..] => Encoding.UTF8.GetBytes(new UnicodeEncoding(true, false, throwOnInvalidBytes: false).GetString(bytes, 2, bytes.Length - 2)),
        _ => bytes,
    };

    /// <summary>
    /// Where, in <see cref="FromUtf16"/>'s output <paramref name="utf8"/> of <paramref name="original"/>,
    /// decoding a UTF-16 file gave U+FFFD: the byte offset of the first, or -1 (not UTF-16, or none). With
    /// <paramref name="loneOnly"/>, only where the file held half a character (a lone surrogate, which no
    /// text has); without, also a U+FFFD written as such — the build-time checker is given the compiler's
    /// decoded text, where the two look alike, so rule files refuse both and the build and the loader agree.
    /// </summary>
    public static int Utf16Replacement(byte[] original, byte[] utf8, bool loneOnly)
    {
        ArgumentNullException.ThrowIfNull(original);
        ArgumentNullException.ThrowIfNull(utf8);
        if (original is not ([0xFF, 0xFE, ..] or [0xFE, 0xFF, ..]))
        {
            return -1;
        }

        if (!loneOnly)
        {
            return utf8.AsSpan().IndexOf("\uFFFD"u8);
        }

        var bigEndian = original[0] == 0xFE;
        var units = (original.Length - 2) / 2;
        for (var k = 0; k < units; k++)
        {
            var unit = Unit(original, k, bigEndian);
            if (char.IsHighSurrogate(unit) && k + 1 < units && char.IsLowSurrogate(Unit(original, k + 1, bigEndian)))
            {
                k++;
            }
            else if (char.IsSurrogate(unit))
            {
                var before = new UnicodeEncoding(bigEndian, false, throwOnInvalidBytes: false).GetString(original, 2, 2 * k);
                return Encoding.UTF8.GetByteCount(before);
            }
        }

        // An odd last byte is half a code unit, decoded as U+FFFD at the end.
        return (original.Length - 2) % 2 == 1 ? utf8.Length - 3 : -1;
    }

    private static char Unit(byte[] bytes, int k, bool bigEndian) =>
        (char)(bigEndian ? (bytes[2 + (2 * k)] << 8) | bytes[3 + (2 * k)] : bytes[2 + (2 * k)] | (bytes[3 + (2 * k)] << 8));

    public byte[] Utf8 { get; }

    /// <summary>Byte offset of the start of a 0-based line.</summary>
    public int LineStart(int line) => _lineStarts[Math.Clamp(line, 0, _lineStarts.Length - 1)];

    public (int Line, int Column) Position(int byteOffset)
    {
        byteOffset = Math.Clamp(byteOffset, 0, Utf8.Length);
        var line = Array.BinarySearch(_lineStarts, byteOffset);
        if (line < 0)
        {
            line = ~line - 1;
        }

        var start = _lineStarts[line];
        // A UTF-8 BOM at the very start is not a column anyone sees.
        if (line == 0 && Utf8.Length >= 3 && Utf8[0] == 0xEF && Utf8[1] == 0xBB && Utf8[2] == 0xBF && byteOffset >= 3)
        {
            start = 3;
        }

        var column = Encoding.UTF8.GetCharCount(Utf8, start, byteOffset - start);
        return (line + 1, column + 1);
    }

    /// <summary>Where a <see cref="System.Text.Json.JsonException"/> from <see cref="JsonSourceNode.Parse"/> points.</summary>
    public SourceLocation Location(System.Text.Json.JsonException exception)
    {
        var offset = LineStart((int)(exception.LineNumber ?? 0)) + (int)(exception.BytePositionInLine ?? 0);
        return Location(offset, offset + 1);
    }

    public SourceLocation Location(int startByte, int endByte)
    {
        var (line, column) = Position(startByte);
        var (endLine, endColumn) = Position(endByte);
        return new SourceLocation(Path, line, column, endLine, endColumn);
    }
}

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

namespace PolicyRules.Rules;

/// <summary>
/// An expression string as it stands in its rule file, able to turn a character position inside
/// the expression (what the expression parser reports) into a file line and column, even across
/// JSON escapes such as <c>\"</c>.
/// </summary>
public sealed class ExpressionSource
{
    private readonly SourceText? _source;
    private readonly int _tokenStart;
    private readonly int _tokenEnd;

    internal ExpressionSource(string text, SourceText? source, int tokenStart, int tokenEnd)
    {
        Text = text;
        _source = source;
        _tokenStart = tokenStart;
        _tokenEnd = tokenEnd;
    }

    /// <summary>Creates an expression that did not come from a file (tests, programmatic rules).</summary>
    public static ExpressionSource FromText(string text) => new(text, null, 0, 0);

    /// <summary>The expression as the parser sees it (JSON escapes decoded).</summary>
    public string Text { get; }

    /// <summary>Where the whole string token stands.</summary>
    public SourceLocation Location =>
        _source?.Location(_tokenStart, _tokenEnd) ?? new SourceLocation("<expression>", 1, 1, 1, Text.Length + 1);

    /// <summary>The file location of characters <paramref name="start"/>..start+length of <see cref="Text"/>.</summary>
    public SourceLocation Locate(int start, int length)
    {
        start = Math.Clamp(start, 0, Text.Length);
        var end = Math.Clamp(start + Math.Max(length, 0), start, Text.Length);
        if (_source is null)
        {
            return new SourceLocation("<expression>", 1, start + 1, 1, end + 1);
        }

        return _source.Location(RawOffset(start), RawOffset(end));
    }

    /// <summary>Byte offset in the file of the decoded character at <paramref name="index"/>.</summary>
    private int RawOffset(int index)
    {
        var bytes = _source!.Utf8;
        var raw = _tokenStart + 1; // past the opening quote
        var decoded = 0;
        while (decoded < index && raw < _tokenEnd - 1)
        {
            var b = bytes[raw];
            if (b == (byte)'\\')
            {
                raw += bytes[raw + 1] == (byte)'u' ? 6 : 2;
                decoded++;
            }
            else if (b < 0x80)
            {
                raw++;
                decoded++;
            }
            else
            {
                // A UTF-8 lead byte: 2–3 byte sequences are one UTF-16 char, 4-byte ones are two.
                var length = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
                raw += length;
                decoded += length == 4 ? 2 : 1;
            }
        }

        return raw;
    }

    /// <inheritdoc/>
    public override string ToString() => Text;
}

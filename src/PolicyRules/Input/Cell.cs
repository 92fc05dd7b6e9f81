namespace PolicyRules.Input;

/// <summary>RFC 4180 cells: quoted cells are unquoted, and a quote anywhere else is an error.</summary>
internal static class Cell
{
    /// <summary>Returns null and the cell's text, or the reason the cell is malformed.</summary>
    public static string? TryUnquote(ReadOnlySpan<char> raw, out ReadOnlySpan<char> text)
    {
        if (raw.IsEmpty || raw[0] != '"')
        {
            text = raw;
            return raw.Contains('"')
                ? "a quote inside an unquoted cell (quote the whole cell and double inner quotes: \"5\"\" pipe\") / 未加引号的单元格中出现引号（请给整个单元格加引号，并将其中的引号写两次：\"5\"\" pipe\"）"
                : null;
        }

        if (raw.Length < 2 || raw[^1] != '"')
        {
            text = default;
            return "a quoted cell is not closed (a missing quote, or a truncated line) / 引号未闭合（缺少引号，或该行被截断）";
        }

        var inner = raw[1..^1];
        if (!inner.Contains('"'))
        {
            text = inner;
            return null;
        }

        var unescaped = new char[inner.Length];
        var length = 0;
        for (var i = 0; i < inner.Length; i++)
        {
            if (inner[i] == '"')
            {
                if (i + 1 >= inner.Length || inner[i + 1] != '"')
                {
                    text = default;
                    return "a lone quote inside a quoted cell (double it: \"\") / 引号内出现未成对的引号（请写两次：\"\"）";
                }

                i++;
            }

            unescaped[length++] = inner[i];
        }

        text = unescaped.AsSpan(0, length);
        return null;
    }

    /// <summary>Quotes a value when a reader would otherwise change it: separators, quotes, line breaks, outer spaces.</summary>
    public static string Quote(string value)
    {
        var needs = value.Length > 0 && (char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1]))
            || value.AsSpan().IndexOfAny(",\"\r\n") >= 0;
        return needs ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}

using System.Globalization;

namespace PolicyRules.Input;

/// <summary>
/// How an <see cref="InputError"/> reads: "file: row R (line L), column 'C': reason / file：第 R 行数据（文件第 L 行），列 'C'：原因",
/// the place in each language's own words around that language's half of the reason, so a reader of
/// either language gets the file, row, line and column.
/// </summary>
internal static class InputErrorText
{
    /// <summary>The error in both languages; <paramref name="id"/>, when given, is the row's id, named after its place.</summary>
    public static string Format(InputError error, string? id = null)
    {
        var (whereEn, whereZh) = Place(error);
        if (id is not null)
        {
            (whereEn, whereZh) = whereEn.Length == 0 ? ($"id '{id}'", $"id '{id}'") : ($"{whereEn}, id '{id}'", $"{whereZh}，id '{id}'");
        }

        if (whereEn.Length == 0)
        {
            // A reason about the whole file: the file in each half.
            return Split(error.Reason) is var (fileEn, fileZh) ? $"{error.Source}: {fileEn} / {error.Source}：{fileZh}" : $"{error.Source}: {error.Reason}";
        }

        return Split(error.Reason) is var (en, zh)
            ? $"{error.Source}: {whereEn}: {en} / {error.Source}：{whereZh}：{zh}"
            : $"{error.Source}: {whereEn} / {error.Source}：{whereZh}：{error.Reason}";
    }

    /// <summary>Where the error is, in English and in Chinese; empty for the whole file.</summary>
    private static (string En, string Zh) Place(InputError error)
    {
        var (row, line) = (error.Row.ToString(CultureInfo.InvariantCulture), error.Line.ToString(CultureInfo.InvariantCulture));
        var (en, zh) = error switch
        {
            { Row: > 0, Line: > 0 } when error.Row == error.Line => ($"line {line}", $"第 {line} 行"), // JSON: the row is the line
            { Row: > 0, Line: > 0 } => ($"row {row} (line {line})", $"第 {row} 行数据（文件第 {line} 行）"),
            { Row: > 0 } => ($"row {row}", $"第 {row} 行数据"),
            { Line: > 0 } when error.Column == "(file)" => ($"line {line}", $"第 {line} 行"), // the file at a line (its encoding)
            { Line: > 0 } => ($"header (line {line})", $"表头（第 {line} 行）"), // row 0 is the header, not a row of data
            _ => ("", ""),
        };

        // "(file)", "(row)", "(header)": a place, not a column of the contract.
        if (error.Column.Length > 0 && !(error.Column.StartsWith('(') && error.Column.EndsWith(')')))
        {
            (en, zh) = en.Length == 0
                ? ($"column '{error.Column}'", $"列 '{error.Column}'")
                : ($"{en}, column '{error.Column}'", $"{zh}，列 '{error.Column}'");
        }

        return (en, zh);
    }

    /// <summary>
    /// The halves of a reason written "English / 中文" — or several joined with " | " (the SQL engines'
    /// rejects), each split — or null when it cannot be split with certainty. A value quoted in both
    /// halves may itself hold " / ": the split is the " / " whose English side has balanced quotes and
    /// brackets and no Chinese prose, and whose Chinese side has Chinese outside quotes.
    /// </summary>
    public static (string En, string Zh)? Split(string reason)
    {
        if (reason.Contains(" | ", StringComparison.Ordinal))
        {
            var parts = reason.Split(" | ");
            var halves = parts.Select(SplitOne).ToList();
            if (halves.All(h => h is not null))
            {
                return (string.Join(" | ", halves.Select(h => h!.Value.En)), string.Join(" | ", halves.Select(h => h!.Value.Zh)));
            }
        }

        return SplitOne(reason);
    }

    private static (string En, string Zh)? SplitOne(string reason)
    {
        for (var at = reason.IndexOf(" / ", StringComparison.Ordinal); at >= 0; at = reason.IndexOf(" / ", at + 1, StringComparison.Ordinal))
        {
            var (en, zh) = (reason[..at], reason[(at + 3)..]);
            if ((CommonQuoted(en, zh) is { } shown && Halves(en.Replace(shown, "", StringComparison.Ordinal), zh.Replace(shown, "", StringComparison.Ordinal)))
                || Halves(en, zh))
            {
                return (en, zh);
            }
        }

        return null;
    }

    /// <summary>
    /// Appends <paramref name="english"/> and <paramref name="chinese"/> to the halves of
    /// <paramref name="reason"/> ("reason (cell B7)" / "原因（单元格 B7）"); each to the whole when it cannot be split.
    /// </summary>
    public static string Append(string reason, string english, string chinese) => Split(reason) is var (en, zh)
        ? $"{en}{english} / {zh}{chinese}"
        : $"{reason}{english} / {reason}{chinese}";

    /// <summary>Whether <paramref name="en"/> reads as an English half and <paramref name="zh"/> as its Chinese one.</summary>
    private static bool Halves(string en, string zh) =>
        Balanced(en) && Balanced(zh) && !HasChinese(Unquoted(en)) && HasChinese(Unquoted(zh));

    /// <summary>
    /// The longest quoted value both halves hold ("got 'a / b'" and "实为 'a / b'"): the cell as read,
    /// whatever quotes, brackets or Chinese it holds, is not part of either half's own text.
    /// </summary>
    private static string? CommonQuoted(string en, string zh)
    {
        string? longest = null;
        for (var open = en.IndexOfAny(['\'', '"']); open >= 0; open = en.IndexOfAny(['\'', '"'], open + 1))
        {
            for (var close = en.IndexOf(en[open], open + 1); close >= 0; close = en.IndexOf(en[open], close + 1))
            {
                var quoted = en[open..(close + 1)];
                if (quoted.Length > (longest?.Length ?? 0) && zh.Contains(quoted, StringComparison.Ordinal))
                {
                    longest = quoted;
                }
            }
        }

        return longest;
    }

    /// <summary>The text without what it quotes ('…', "…", «…», 「…」).</summary>
    private static string Unquoted(string text)
    {
        var kept = new System.Text.StringBuilder(text.Length);
        char? closing = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (closing is { } close)
            {
                if (c == close && !IsApostrophe(text, i))
                {
                    closing = null;
                }

                continue;
            }

            closing = c switch
            {
                '\'' when !IsApostrophe(text, i) => '\'',
                '"' => '"',
                '«' => '»',
                '「' => '」',
                _ => null,
            };
            if (closing is null)
            {
                kept.Append(c);
            }
        }

        return kept.ToString();
    }

    /// <summary>Quotes paired and brackets closed, outside what is quoted.</summary>
    private static bool Balanced(string text)
    {
        var singles = 0;
        var doubles = 0;
        for (var i = 0; i < text.Length; i++)
        {
            singles += text[i] == '\'' && !IsApostrophe(text, i) ? 1 : 0;
            doubles += text[i] == '"' ? 1 : 0;
        }

        if (singles % 2 != 0 || doubles % 2 != 0)
        {
            return false;
        }

        var depth = 0;
        foreach (var c in Unquoted(text))
        {
            depth += c is '(' or '（' or '[' ? 1 : c is ')' or '）' or ']' ? -1 : 0;
            if (depth < 0)
            {
                return false;
            }
        }

        return depth == 0;
    }

    /// <summary>The ' of "contract's": a letter on each side.</summary>
    private static bool IsApostrophe(string text, int at) =>
        at > 0 && at + 1 < text.Length && char.IsAsciiLetter(text[at - 1]) && char.IsAsciiLetter(text[at + 1]);

    private static bool HasChinese(string text)
    {
        foreach (var c in text)
        {
            if (c is >= '\u4E00' and <= '\u9FFF')
            {
                return true;
            }
        }

        return false;
    }
}

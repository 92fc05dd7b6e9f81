using PolicyRules.Model;

namespace PolicyRules.Input;

/// <summary>
/// Explains a header that lacks needed columns in one message when the cause is one mistake — an
/// empty file, another separator, names in another letter case or style, undecodable bytes, or not
/// a contract file at all — instead of one error per missing column (seventy lines that all say the
/// same). CSV and .xlsx share it.
/// </summary>
internal static class HeaderCheck
{
    private const int Shown = 3;

    /// <summary>
    /// The errors to report for a header lacking <paramref name="missing"/>: one explanation (then
    /// only the columns it does not explain), or the per-column errors when no single cause fits.
    /// </summary>
    public static List<InputError> Explain(string source, IReadOnlyList<string> header, RecordSchema schema, IReadOnlyList<ProfileField> missing, InputEncoding? encoding)
    {
        var perColumn = missing.Select(f => new InputError(source, 0, 1, f.Name, "a column the selected programmes need is missing from the header / 表头缺少所需列")).ToList();
        if (header.All(h => string.IsNullOrWhiteSpace(h.Trim('\uFEFF'))))
        {
            return [Error(source, "(file)", "the file is empty: it has no header line (the contract's column names, comma-separated) / 文件为空：没有表头行（数据契约列名，以逗号分隔）")];
        }

        if (header.FirstOrDefault(h => h.Contains(TextDecoding.Invalid, StringComparison.Ordinal)) is { } garbled)
        {
            var shown = TextDecoding.Printable(garbled);
            return [Error(source, "(header)", TextDecoding.InvalidTextReason($"the header `{shown}`", $"表头 `{shown}` ", encoding))];
        }

        if (header.Count <= 2 && Separator(string.Join(",", header)) is { } separator)
        {
            var line = Excerpt(string.Join(",", header));
            return [Error(source, "(header)",
                $"the file looks {separator.English}-separated, not comma-separated: its header reads as one column `{line}`; save it as CSV with commas (in Excel: Save As › CSV UTF-8) / 文件似乎以{separator.Chinese}分隔而非逗号：表头被读成一列 `{line}`，请另存为逗号分隔的 CSV（Excel：另存为 › CSV UTF-8）")];
        }

        if (Disguised(source, header, missing) is { Count: > 0 } disguised)
        {
            return [.. disguised, .. perColumn.Where(e => !disguised.Exists(d => d.Column == e.Column))];
        }

        var byStyle = header.Where(h => !schema.TryGetField(h, out _)).GroupBy(Normalize).ToDictionary(g => g.Key, g => g.First());
        var restyled = missing.Where(f => byStyle.ContainsKey(Normalize(f.Name))).Select(f => (Field: f.Name, Header: byStyle[Normalize(f.Name)])).ToList();
        if (restyled.Count > 0)
        {
            var pairs = string.Join("; ", restyled.Take(Shown).Select(p => $"`{p.Field}`, not `{p.Header}`"));
            var pairsZh = string.Join("；", restyled.Take(Shown).Select(p => $"应为 `{p.Field}` 而非 `{p.Header}`"));
            var more = restyled.Count > Shown ? $" (and {restyled.Count - Shown} more)" : "";
            var moreZh = restyled.Count > Shown ? $"（另有 {restyled.Count - Shown} 列）" : "";
            var explained = new InputError(source, 0, 1, restyled[0].Header,
                $"headers are camelCase, exactly as the contract names them: {pairs}{more}; rename the columns / 表头须与数据契约的 camelCase 命名完全一致：{pairsZh}{moreZh}，请修改列名");
            return [explained, .. perColumn.Where(e => !restyled.Exists(p => p.Field == e.Column))];
        }

        if (missing.Count > 1 && !header.Any(h => schema.TryGetField(h, out _)))
        {
            return [Error(source, "(header)",
                $"none of the header's {header.Count} columns is a contract field (it begins `{Excerpt(string.Join(",", header))}`): the first line must be the contract's column names ({string.Join(", ", schema.Fields.Take(4).Select(f => f.Name))}, …) / 表头的 {header.Count} 列中没有任何数据契约字段（开头为 `{Excerpt(string.Join(",", header))}`）：第一行须为契约列名（{string.Join("、", schema.Fields.Take(4).Select(f => f.Name))} 等）")];
        }

        return perColumn;
    }

    /// <summary>
    /// Headers that are a missing field's name once invisible characters (zero-width spaces, a byte-order
    /// mark, joiners) are dropped and look-alikes (full-width letters, an ideographic space) folded: names
    /// pasted from chats and web pages carry them, and the column looks present. Each is named with the
    /// code points, the header shown escaped so the reader sees what differs.
    /// </summary>
    private static List<InputError> Disguised(string source, IReadOnlyList<string> header, IReadOnlyList<ProfileField> missing)
    {
        var found = new List<InputError>();
        for (var i = 0; i < header.Count; i++)
        {
            var raw = header[i];
            if (System.Text.Ascii.IsValid(raw) || missing.FirstOrDefault(f => f.Name == Plain(raw)) is not { } field)
            {
                continue;
            }

            var codes = string.Join(", ", raw.Where(c => c > '\u007E').Distinct().Select(c => $"U+{(int)c:X4}"));
            var shown = string.Concat(raw.Select(c => c > '\u007E' ? $"\\u{(int)c:X4}" : c.ToString()));
            found.Add(new InputError(source, 0, 1, field.Name,
                $"the header `{shown}` (column {i + 1}) is `{field.Name}` with characters that are invisible or only look alike ({codes}); type the name again in plain ASCII / 表头 `{shown}`（第 {i + 1} 列）是夹带了不可见或形近字符（{codes}）的 `{field.Name}`，请用半角 ASCII 字符重新输入列名"));
        }

        return found;
    }

    /// <summary>
    /// The name with full-width forms folded (ｒ → r, the forms a Chinese IME types; by code, since the
    /// invariant globalization mode has no NFKC) and invisible characters and spaces (U+3000 too) dropped.
    /// </summary>
    private static string Plain(string name) =>
        string.Concat(name.Where(c => !char.IsWhiteSpace(c) && char.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.Format)
            .Select(c => c is >= '\uFF01' and <= '\uFF5E' ? (char)(c - 0xFEE0) : c));

    /// <summary>The separator a one-column header seems to use instead of commas.</summary>
    private static (string English, string Chinese)? Separator(string header)
    {
        var candidates = new (char Char, string English, string Chinese)[] { (';', "`;`", "分号 `;`"), ('\t', "tab", "制表符"), ('|', "`|`", "竖线 `|`") };
        var best = candidates.MaxBy(c => header.AsSpan().Count(c.Char));
        return header.Contains(best.Char, StringComparison.Ordinal) ? (best.English, best.Chinese) : null;
    }

    /// <summary>A name without case and word separators: <c>Revenue_Y1</c>, <c>revenue y1</c> and <c>revenueY1</c> meet.</summary>
    private static string Normalize(string name) =>
        string.Concat(name.Where(c => c is not ('_' or '-' or ' ' or '.'))).ToLowerInvariant();

    private static string Excerpt(string text)
    {
        text = text.Replace("\t", "→", StringComparison.Ordinal);
        return text.Length <= 60 ? text : text[..60] + "…";
    }

    private static InputError Error(string source, string column, string reason) => new(source, 0, 1, column, reason);
}

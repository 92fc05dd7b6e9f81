namespace PolicyRules.Output;

/// <summary>
/// CSV (formula) injection, as OWASP recommends: a text cell that a spreadsheet would run as a formula —
/// one beginning with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, a tab or a carriage return (and their
/// full-width forms <c>＝ ＋ － ＠</c>, which some CJK spreadsheets accept) — is written with a leading
/// apostrophe (<c>'=1+1</c>), which spreadsheets show as text. Every CSV output applies this to the text
/// it echoes from input or rule files (ids, names, classes, criteria, reasons) unless the caller asks
/// for raw values (<c>RawText</c> options, the CLI's <c>--raw-text</c>). Numbers and true/false are
/// written by the program and never touched.
/// </summary>
public static class SpreadsheetText
{
    /// <summary>True when a spreadsheet would treat a cell starting like <paramref name="text"/> as a formula.</summary>
    public static bool IsFormulaLike(ReadOnlySpan<char> text) =>
        !text.IsEmpty && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' or '＝' or '＋' or '－' or '＠';

    /// <summary><paramref name="text"/> as a spreadsheet shows it as text: prefixed with an apostrophe when formula-like.</summary>
    public static string Neutralize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return IsFormulaLike(text) ? "'" + text : text;
    }

    /// <summary>Sets a CSV cell, neutralised unless <paramref name="raw"/>; no allocation for ordinary text.</summary>
    internal static void Set(nietras.SeparatedValues.SepWriter.Col col, ReadOnlySpan<char> text, bool raw)
    {
        if (!raw && IsFormulaLike(text))
        {
            col.Set(string.Concat("'", text));
        }
        else
        {
            col.Set(text);
        }
    }
}

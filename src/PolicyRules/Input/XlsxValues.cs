using System.Globalization;
using System.Text;

namespace PolicyRules.Input;

/// <summary>
/// Values as .xlsx stores them: cell references (<c>C17</c>), escaped text (<c>_x0001_</c>),
/// numbers (binary doubles written as text) and dates (serial day numbers).
/// </summary>
internal static class XlsxValues
{
    /// <summary>Excel keeps 15 significant digits; a stored number with more is binary noise, not a value anyone typed.</summary>
    public const int ExactDigits = 15;

    /// <summary>
    /// The cell's type attribute, or false when its text is none of the types: the SDK's own
    /// <c>DataType.Value</c> throws <see cref="FormatException"/> on a damaged attribute.
    /// </summary>
    public static bool TryCellType(DocumentFormat.OpenXml.Spreadsheet.Cell cell, out DocumentFormat.OpenXml.Spreadsheet.CellValues? type)
    {
        type = null;
        if (cell.DataType is not { } attribute)
        {
            return true;
        }

        try
        {
            type = attribute.Value;
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>The column letters of a 0-based column index: 0 → A, 26 → AA.</summary>
    public static string ColumnName(int index)
    {
        Span<char> letters = stackalloc char[4];
        var at = letters.Length;
        for (var n = index + 1; n > 0; n = (n - 1) / 26)
        {
            letters[--at] = (char)('A' + ((n - 1) % 26));
        }

        return new string(letters[at..]);
    }

    /// <summary>The last row of a worksheet (Excel 2007 and later).</summary>
    public const int MaxRow = 1_048_576;

    /// <summary>The most characters a cell holds; Excel "repairs" a longer one by dropping content.</summary>
    public const int MaxCellChars = 32_767;

    /// <summary>The number of columns of a worksheet (A to XFD).</summary>
    public const int MaxColumns = 16_384;

    /// <summary>The 0-based column of a reference such as <c>C17</c>; -1 when it is not one.</summary>
    public static int ColumnOf(string? reference) => TryCell(reference, out var column, out _) ? column : -1;

    /// <summary>
    /// The 0-based column and the row of a reference to one cell such as <c>C17</c>: column letters
    /// A to XFD (any case), then a row number 1 to 1,048,576 without a leading zero. False for
    /// anything else (a range, a column or row alone, a cell beyond the sheet): no cell has it.
    /// </summary>
    public static bool TryCell(string? reference, out int column, out int row)
    {
        column = -1;
        row = 0;
        if (string.IsNullOrEmpty(reference))
        {
            return false;
        }

        var i = 0;
        var letters = 0;
        for (; i < reference.Length && char.IsAsciiLetter(reference[i]); i++)
        {
            letters = (letters * 26) + (char.ToUpperInvariant(reference[i]) - 'A' + 1);
            if (letters > MaxColumns)
            {
                return false;
            }
        }

        if (i == 0 || i == reference.Length || reference[i] == '0')
        {
            return false;
        }

        var number = 0;
        for (; i < reference.Length; i++)
        {
            if (!char.IsAsciiDigit(reference[i]))
            {
                return false;
            }

            number = (number * 10) + (reference[i] - '0');
            if (number > MaxRow)
            {
                return false;
            }
        }

        (column, row) = (letters - 1, number);
        return true;
    }

    /// <summary>
    /// Reads a stored number exactly: the cell's text parsed as a decimal, in plain notation. Null and
    /// a reason when it is not a number, or has more than <see cref="ExactDigits"/> significant digits
    /// (then the double Excel stored is not the value typed, e.g. <c>0.30000000000000004</c>).
    /// </summary>
    public static string? TryExactNumber(string stored, out string plain)
    {
        plain = "";
        if (!decimal.TryParse(stored, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            return $"the cell's stored number `{stored}` is not a number a decimal can hold / 单元格数值 `{stored}` 无法读作十进制数";
        }

        if (SignificantDigits(stored) > ExactDigits)
        {
            return $"the cell holds the binary number {stored}, with more than {ExactDigits} significant digits: Excel keeps {ExactDigits}, so this is not an exact value; round it in Excel or store the value as text / 单元格数值 {stored} 超过 {ExactDigits} 位有效数字（Excel 以二进制浮点存储），不是精确值，请在 Excel 中取整或以文本存储";
        }

        plain = value.ToString(CultureInfo.InvariantCulture);
        return null;
    }

    /// <summary>Digits of the mantissa without leading and trailing zeros: 1000000 has 1, 0.30000000000000004 has 17.</summary>
    private static int SignificantDigits(string number)
    {
        var mantissa = number.AsSpan();
        if (mantissa.IndexOfAny('e', 'E') is var e and >= 0)
        {
            mantissa = mantissa[..e];
        }

        int first = -1, last = -1, position = 0;
        foreach (var c in mantissa)
        {
            if (!char.IsAsciiDigit(c))
            {
                continue;
            }

            if (c != '0')
            {
                first = first < 0 ? position : first;
                last = position;
            }

            position++;
        }

        return first < 0 ? 0 : last - first + 1;
    }

    /// <summary>
    /// The date of a serial day number (whole days only): 1 is 1900-01-01 in the 1900 date system,
    /// counting Excel's fictitious 1900-02-29 (serial 60, refused); 0 is 1904-01-01 in the 1904 system.
    /// </summary>
    public static string? TryDate(string plain, bool date1904, out DateOnly date)
    {
        date = default;
        if (!decimal.TryParse(plain, NumberStyles.Float, CultureInfo.InvariantCulture, out var serial) || serial != decimal.Truncate(serial))
        {
            return $"the date serial {plain} has a time of day; a date is whole days / 日期序列值 {plain} 含时间部分";
        }

        if (date1904)
        {
            return serial is >= 0 and <= 2_957_003 ? Set(new DateOnly(1904, 1, 1).AddDays((int)serial), out date) : OutOfRange(plain);
        }

        return serial switch
        {
            < 1 or > 2_958_465 => OutOfRange(plain),
            60 => "the date serial 60 is 1900-02-29, a day that does not exist (an Excel quirk) / 日期序列值 60 对应不存在的 1900-02-29",
            < 60 => Set(new DateOnly(1899, 12, 31).AddDays((int)serial), out date),
            _ => Set(new DateOnly(1899, 12, 30).AddDays((int)serial), out date),
        };
    }

    private static string? Set(DateOnly value, out DateOnly date)
    {
        date = value;
        return null;
    }

    private static string OutOfRange(string plain) => $"the date serial {plain} is outside the dates Excel shows / 日期序列值 {plain} 超出范围";

    /// <summary>The 1900-system serial of a date (what a date cell stores).</summary>
    public static int Serial(DateOnly date) => date.DayNumber - new DateOnly(1899, 12, 30).DayNumber + (date < new DateOnly(1900, 3, 1) ? -1 : 0);

    /// <summary>
    /// Text as a cell stores it: characters XML 1.0 cannot hold (and CR) become <c>_xHHHH_</c>, and a literal
    /// <c>_xHHHH_</c> gets its underscore escaped, as Excel does (ECMA-376 ST_Xstring).
    /// </summary>
    public static string Escape(string text)
    {
        if (!NeedsEscape(text))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 16);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            // A carriage return too: XML readers turn it into a line feed (Excel writes _x000D_ as well).
            if ((c < 0x20 && c is not ('\t' or '\n')) || c is '\uFFFE' or '\uFFFF'
                || (char.IsSurrogate(c) && !(char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                    && !(char.IsLowSurrogate(c) && i > 0 && char.IsHighSurrogate(text[i - 1]))))
            {
                builder.Append(CultureInfo.InvariantCulture, $"_x{(int)c:X4}_");
            }
            else if (c == '_' && IsEscape(text.AsSpan(i)))
            {
                builder.Append("_x005F_");
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static bool NeedsEscape(string text)
    {
        foreach (var c in text)
        {
            if (c < 0x20 || c == '_' || char.IsSurrogate(c) || c >= '\uFFFE')
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The text a cell's stored string stands for (the inverse of <see cref="Escape"/>).</summary>
    public static string Unescape(string stored)
    {
        if (!stored.Contains("_x", StringComparison.Ordinal))
        {
            return stored;
        }

        var builder = new StringBuilder(stored.Length);
        for (var i = 0; i < stored.Length; i++)
        {
            if (stored[i] == '_' && IsEscape(stored.AsSpan(i)))
            {
                builder.Append((char)int.Parse(stored.AsSpan(i + 2, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                i += 6;
            }
            else
            {
                builder.Append(stored[i]);
            }
        }

        return builder.ToString();
    }

    private static bool IsEscape(ReadOnlySpan<char> at) =>
        at.Length >= 7 && at[1] == 'x' && at[6] == '_' && char.IsAsciiHexDigit(at[2]) && char.IsAsciiHexDigit(at[3]) && char.IsAsciiHexDigit(at[4]) && char.IsAsciiHexDigit(at[5]);
}

using System.Globalization;
using System.Runtime.CompilerServices;
using PolicyRules.Model;

namespace PolicyRules.DuckDb;

/// <summary>What a plain text of a column is: the kinds DuckDB's CSV reader may read typed.</summary>
internal enum PlainKind : byte
{
    /// <summary>Read as text (text, true/false, names): any cell, quoted or not.</summary>
    Text,

    /// <summary><c>-?[0-9]{1,Whole}</c>.</summary>
    Count,

    /// <summary><c>-?[0-9]{1,Whole}(\.[0-9]{1,Decimals})?</c>.</summary>
    Decimal,

    /// <summary><c>YYYY-MM-DD</c>, a day of the calendar from 0001-01-01 to 9999-12-31.</summary>
    Date,
}

/// <summary>
/// A column that <c>screen --engine duckdb</c> lets DuckDB's CSV reader read as a typed value (DATE,
/// BIGINT, DECIMAL) rather than as text checked by its shape, when every cell of it is a plain text:
/// unquoted, no spaces, no sign but a leading minus, no exponent, underscore, hexadecimal, leading or
/// trailing point, at most <see cref="Decimals"/> decimals, at most <see cref="Whole"/> digits before
/// the point (leading zeros counted). DuckDB reads these exactly as this library's readers do
/// (<c>PlainCellsTests</c>); it reads many texts besides (<c>1e3</c>, <c>1_000</c>, <c>+5</c>, <c>.5</c>,
/// <c>2024/01/05</c>, and rounds <c>1.235</c>), which is why one plain check of the file comes first.
/// The range is checked by the query, as for text.
/// </summary>
internal readonly record struct PlainColumn(PlainKind Kind, byte Whole, byte Decimals, string DuckDbType)
{
    /// <summary>Any text: the column is read as VARCHAR.</summary>
    public static readonly PlainColumn Text = new(PlainKind.Text, 0, 0, "VARCHAR");

    /// <summary>How <paramref name="field"/> is read typed, or null for a kind read as text.</summary>
    public static PlainColumn? For(ProfileField field) => field.Kind switch
    {
        FieldKind.Date => new PlainColumn(PlainKind.Date, 4, 0, "DATE"),
        // Up to 12 digits, as the text check's pattern: a count's range ends at 2^31 - 1.
        FieldKind.Count => new PlainColumn(PlainKind.Count, 12, 0, "BIGINT"),
        // Money in DECIMAL(18,2), the common case read fastest: its 16 digits before the point are ten
        // thousand trillion yuan, far above any real amount; a longer one takes the checked query.
        FieldKind.Money or FieldKind.SignedMoney => Decimal(16, Sql.InputScales.Money),
        FieldKind.Score or FieldKind.Percent => Decimal(3, Sql.InputScales.Fraction),
        FieldKind.Number => Decimal(19, Sql.InputScales.Fraction),
        _ => null,
    };

    /// <summary>Whether <paramref name="text"/> (a cell's bytes, quotes included) is a plain text of this column.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // run once over a whole file: no time to tier up
    public bool Admits(ReadOnlySpan<byte> text) => Kind switch
    {
        PlainKind.Text => true,
        PlainKind.Count => IsNumber(text, Whole, 0),
        PlainKind.Decimal => IsNumber(text, Whole, Decimals),
        _ => IsDate(text),
    };

    private static PlainColumn Decimal(int whole, int decimals) =>
        new(PlainKind.Decimal, (byte)whole, (byte)decimals,
            string.Create(CultureInfo.InvariantCulture, $"DECIMAL({(whole + decimals <= 18 ? 18 : 38)},{decimals})"));

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // run once over a whole file: no time to tier up
    private static bool IsNumber(ReadOnlySpan<byte> text, int whole, int decimals)
    {
        var i = text.Length > 0 && text[0] == (byte)'-' ? 1 : 0;
        var digits = Digits(text[i..]);
        if (digits == 0 || digits > whole)
        {
            return false;
        }

        i += digits;
        if (i == text.Length)
        {
            return true;
        }

        if (text[i] != (byte)'.' || decimals == 0)
        {
            return false;
        }

        var after = Digits(text[(i + 1)..]);
        return after >= 1 && after <= decimals && i + 1 + after == text.Length;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // run once over a whole file: no time to tier up
    private static int Digits(ReadOnlySpan<byte> text)
    {
        var n = 0;
        while (n < text.Length && (uint)(text[n] - '0') <= 9)
        {
            n++;
        }

        return n;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // run once over a whole file: no time to tier up
    private static bool IsDate(ReadOnlySpan<byte> text)
    {
        if (text.Length != 10 || text[4] != (byte)'-' || text[7] != (byte)'-'
            || Digits(text[..4]) != 4 || Digits(text.Slice(5, 2)) != 2 || Digits(text.Slice(8, 2)) != 2)
        {
            return false;
        }

        var year = ((text[0] - '0') * 1000) + ((text[1] - '0') * 100) + ((text[2] - '0') * 10) + (text[3] - '0');
        var month = ((text[5] - '0') * 10) + (text[6] - '0');
        var day = ((text[8] - '0') * 10) + (text[9] - '0');
        return year >= 1 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month);
    }
}

using System.Globalization;

namespace PolicyRules.Input;

/// <summary>What reading a plain decimal number found.</summary>
internal enum DecimalParse
{
    /// <summary>The number, held exactly.</summary>
    Exact,

    /// <summary>Not <c>[sign]digits[.digits]</c>, or beyond decimal's range.</summary>
    NotANumber,

    /// <summary>A number decimal cannot hold exactly: more significant digits than it keeps, or below its smallest step (10^-28).</summary>
    Inexact,
}

/// <summary>
/// Plain decimal text read exactly. <see cref="decimal.TryParse(string?, out decimal)"/> rounds a number
/// with more digits than decimal holds (50000000.0000000000000000000001 reads as 50,000,000) and turns one
/// below its range into 0; every reader (CSV, JSON, tier-table bounds) goes through this instead, so such a
/// value is refused rather than silently changed.
/// </summary>
internal static class DecimalText
{
    public static DecimalParse Parse(ReadOnlySpan<char> text, out decimal value)
    {
        if (TryParseShort(text, out value))
        {
            return DecimalParse.Exact;
        }

        if (!decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value))
        {
            return DecimalParse.NotANumber;
        }

        // Exact when every significant fractional digit was kept: the parser keeps the text's scale
        // when it can, and drops (rounds) trailing digits only when they do not fit.
        var point = text.IndexOf('.');
        var decimals = point < 0 ? 0 : text[(point + 1)..].TrimEnd('0').Length;
        return value.Scale >= decimals ? DecimalParse.Exact : DecimalParse.Inexact;
    }

    /// <summary>
    /// The common case read without the general parser (a bulk reader parses dozens of numbers a row):
    /// <c>[-]digits[.digits]</c> with at most 18 digits and not a negative zero, which fits a
    /// <see cref="long"/> and gives the value, scale and sign <see cref="decimal.TryParse(string?, out decimal)"/>
    /// gives. Anything else (a plus sign, a bare point, more digits, -0) is left to it.
    /// </summary>
    private static bool TryParseShort(ReadOnlySpan<char> text, out decimal value)
    {
        value = 0m;
        var negative = !text.IsEmpty && text[0] == '-';
        var i = negative ? 1 : 0;
        if (text.Length - i is < 1 or > 19)
        {
            return false;
        }

        long mantissa = 0;
        var digits = 0;
        var point = -1;
        for (; i < text.Length; i++)
        {
            var c = text[i];
            if ((uint)(c - '0') <= 9)
            {
                mantissa = (mantissa * 10) + (c - '0');
                digits++;
            }
            else if (c == '.' && point < 0)
            {
                point = i;
            }
            else
            {
                return false;
            }
        }

        // Digits on both sides of a point; at most 18 of them, so the mantissa cannot overflow.
        if (digits > 18 || (point >= 0 && (point == (negative ? 1 : 0) || point == text.Length - 1)) || (negative && mantissa == 0))
        {
            return false;
        }

        var scale = point < 0 ? 0 : text.Length - point - 1;
        value = new decimal((int)(uint)mantissa, (int)(uint)((ulong)mantissa >> 32), 0, negative, (byte)scale);
        return true;
    }

    /// <summary>A Parquet DECIMAL's big-endian two's-complement bytes at <paramref name="scale"/>: false when decimal cannot hold it exactly.</summary>
    internal static bool TryDecode(ReadOnlySpan<byte> bigEndian, byte scale, out decimal value)
    {
        value = 0m;
        if (bigEndian.IsEmpty)
        {
            return false; // no bytes is no number, not a zero
        }

        var negative = (sbyte)bigEndian[0] < 0;
        var sign = negative ? (byte)0xFF : (byte)0;
        var start = 0;
        while (start < bigEndian.Length - 1 && bigEndian[start] == sign)
        {
            start++; // sign extension carries no digits
        }

        var digits = bigEndian[start..];
        if (digits.Length > 16)
        {
            return false;
        }

        Span<byte> wide = stackalloc byte[16];
        wide.Fill(sign);
        digits.CopyTo(wide[(16 - digits.Length)..]);
        var unscaled = (UInt128)System.Buffers.Binary.BinaryPrimitives.ReadInt128BigEndian(wide);
        var magnitude = negative ? ~unscaled + 1 : unscaled;
        while (scale > 28 && magnitude % 10 == 0)
        {
            magnitude /= 10; // trailing zeros past decimal's 28 places carry nothing
            scale--;
        }

        if (magnitude >> 96 != UInt128.Zero || scale > 28)
        {
            return false; // beyond decimal's range, or finer than it holds: refused, never rounded
        }

        value = new decimal((int)(uint)magnitude, (int)(uint)(magnitude >> 32), (int)(uint)(magnitude >> 64), negative, scale);
        return true;
    }
}

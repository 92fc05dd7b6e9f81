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
}

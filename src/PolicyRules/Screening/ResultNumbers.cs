namespace PolicyRules.Screening;

/// <summary>
/// The one text of a score or declared output in the text formats (CSV, JSON Lines, .xlsx), whichever
/// engine computed it. An output rounded to declared places is written at exactly those places
/// (<c>500000.00</c> for money to the fen), as <see cref="Rules.OutputDefinition"/> rounds it. A score,
/// or an output declared without rounding, has no declared scale, and a .NET decimal carries whatever
/// scale its arithmetic gave (one score column held <c>8.0</c>, <c>20</c> and <c>23.2340</c>:
/// <c>Math.Round(100m, 4)</c> is <c>100</c>), where an SQL column has one scale for every row: it is
/// written as the exact value with no trailing zeros (<c>8</c>, <c>20</c>, <c>23.234</c>). So the
/// engines write the same bytes. Parquet keeps its DECIMAL columns' declared scales.
/// </summary>
internal static class ResultNumbers
{
    /// <summary>
    /// <paramref name="value"/> at its smallest scale: its trailing zeros dropped from the mantissa, what
    /// dividing by one at scale 28 gives (decimal's division rule: the smallest scale that holds the
    /// quotient) without a division per value. A zero keeps that rule as written.
    /// </summary>
    public static decimal Canonical(decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var mantissa = ((UInt128)(uint)bits[2] << 64) | ((UInt128)(uint)bits[1] << 32) | (uint)bits[0];
        var scale = value.Scale;
        if (mantissa == 0)
        {
            return value / 1.0000000000000000000000000000m;
        }

        if (scale == 0 || mantissa % 10 != 0)
        {
            return value;
        }

        while (scale > 0 && mantissa % 10 == 0)
        {
            mantissa /= 10;
            scale--;
        }

        return new decimal((int)(uint)mantissa, (int)(uint)(mantissa >> 32), (int)(uint)(mantissa >> 64), bits[3] < 0, (byte)scale);
    }

    /// <summary>An output's value as written: at the column's declared places, or whole when unrounded.</summary>
    public static decimal Output(decimal value, OutputColumn column)
    {
        var shortest = Canonical(value);
        // Adding a zero of the declared scale pads to it exactly; a value finer than the places (never
        // for a rounded output) keeps its digits rather than losing any.
        return column.Unrounded || shortest.Scale >= column.Scale ? shortest : shortest + new decimal(0, 0, 0, false, (byte)column.Scale);
    }
}

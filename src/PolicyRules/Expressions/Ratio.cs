namespace PolicyRules.Expressions;

/// <summary>
/// Ratios for rule expressions. A zero denominator gives no ratio (null) instead of throwing, so
/// "R&amp;D / revenue ≥ 5%" simply fails, with "undefined" in the explanation, for a firm with no revenue.
/// </summary>
public static class Ratio
{
    /// <summary><paramref name="numerator"/> / <paramref name="denominator"/>, or null when the denominator is 0.</summary>
    public static decimal? Of(decimal numerator, decimal denominator) =>
        denominator == 0m ? null : numerator / denominator;

    /// <summary>Year-on-year growth (<paramref name="current"/> − <paramref name="previous"/>) / previous, or null when previous is 0.</summary>
    public static decimal? Growth(decimal current, decimal previous) =>
        previous == 0m ? null : (current - previous) / previous;

    /// <summary>
    /// (1 + <paramref name="rate"/>)^<paramref name="years"/>, exactly: compound growth of
    /// <paramref name="rate"/> a year is met when <c>now ≥ before × CompoundFactor(rate, years)</c>,
    /// which needs no root (a decimal root would round at the boundary).
    /// </summary>
    public static decimal CompoundFactor(decimal rate, int years)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(years);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(years, 10);
        var factor = 1m;
        for (var i = 0; i < years; i++)
        {
            factor *= 1m + rate;
        }

        return factor;
    }
}

namespace PolicyRules.Expressions;

/// <summary>Exact decimal helpers for rule expressions.</summary>
public static class Num
{
    /// <summary>The larger of two values (e.g. "the better of two indicators").</summary>
    public static decimal Max(decimal a, decimal b) => a >= b ? a : b;

    /// <summary>The smaller of two values.</summary>
    public static decimal Min(decimal a, decimal b) => a <= b ? a : b;

    /// <summary>
    /// <paramref name="value"/> rounded to <paramref name="digits"/> decimals, halves away from zero
    /// (四舍五入, as published scores are rounded).
    /// </summary>
    public static decimal Round(decimal value, int digits) => Math.Round(value, Math.Clamp(digits, 0, 28), MidpointRounding.AwayFromZero);
}

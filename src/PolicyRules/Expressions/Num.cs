namespace PolicyRules.Expressions;

/// <summary>Exact decimal helpers for rule expressions.</summary>
public static class Num
{
    /// <summary>The larger of two values (e.g. "the better of two indicators").</summary>
    public static decimal Max(decimal a, decimal b) => a >= b ? a : b;

    /// <summary>The smaller of two values.</summary>
    public static decimal Min(decimal a, decimal b) => a <= b ? a : b;
}

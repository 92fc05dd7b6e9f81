using System.Globalization;
using PolicyRules.Rules;

namespace PolicyRules.Sql;

/// <summary>
/// A declared output as SQL, with the arithmetic of <see cref="OutputArithmetic.Finish"/>: rounded to
/// its places in its mode, then floored and capped, at exactly the rounded places. Rounding works on
/// the magnitude with FLOOR and CEIL of exact decimals, so every mode means the same in every dialect
/// (PostgreSQL has no half-even ROUND for NUMERIC; DuckDB's ROUND of a DECIMAL keeps halves away from zero).
/// </summary>
internal static class OutputSql
{
    /// <summary>The finished value of <paramref name="v"/> (a column holding the computed value, or NULL) for <paramref name="output"/>.</summary>
    public static string Finish(ISqlDialect dialect, string v, OutputDefinition output)
    {
        var places = output.Rounding.PlacesFor(output.Unit) ?? -1;
        return Bound(dialect, places < 0 ? v : Round(v, places, output.Rounding.Mode), places, output);
    }

    /// <summary>
    /// The finished value of the quotient <paramref name="numerator"/> / <paramref name="denominator"/>
    /// (whole numbers, the denominator positive or NULL), rounded exactly by whole-number division: no
    /// quotient is cut at a fixed number of decimals first. Only rounded outputs come here.
    /// </summary>
    public static string FinishRatio(ISqlDialect dialect, string numerator, string denominator, OutputDefinition output)
    {
        var places = output.Rounding.PlacesFor(output.Unit) ?? -1;
        var wide = dialect.WideIntegerType;
        var m = $"(ABS({numerator}) * CAST({"1" + new string('0', places)} AS {wide}))";
        var f = dialect.IntegerDivide(m, denominator);
        var r = $"({m} - {f} * ({denominator}))";
        var magnitude = output.Rounding.Mode switch
        {
            OutputRoundingMode.Down => f,
            OutputRoundingMode.Up => $"(CASE WHEN {r} > 0 THEN {f} + 1 ELSE {f} END)",
            OutputRoundingMode.HalfUp => $"(CASE WHEN 2 * {r} >= ({denominator}) THEN {f} + 1 ELSE {f} END)",
            _ => $"(CASE WHEN 2 * {r} > ({denominator}) OR (2 * {r} = ({denominator}) AND {f} - 2 * {dialect.IntegerDivide(f, "2")} <> 0) THEN {f} + 1 ELSE {f} END)",
        };
        var step = places == 0 ? "1" : "0." + new string('0', places - 1) + "1";
        var value = $"(CAST((CASE WHEN {numerator} < 0 THEN -({magnitude}) ELSE {magnitude} END) AS {dialect.DecimalType(0)}) * {step})";
        return Bound(dialect, value, places, output);
    }

    private static string Bound(ISqlDialect dialect, string finished, int places, OutputDefinition output)
    {
        if (output.Floor is { } floor)
        {
            finished = $"(CASE WHEN {finished} < {ExpressionTranslator.Lit(floor)} THEN {ExpressionTranslator.Lit(floor)} ELSE {finished} END)";
        }

        if (output.Cap is { } cap)
        {
            finished = $"(CASE WHEN {finished} > {ExpressionTranslator.Lit(cap)} THEN {ExpressionTranslator.Lit(cap)} ELSE {finished} END)";
        }

        return places >= 0 ? $"CAST({finished} AS {dialect.DecimalType(places)})" : finished;
    }

    /// <summary>The output of a row that has none (not eligible, or no version in force), typed as the value would be.</summary>
    public static string Null(ISqlDialect dialect, OutputDefinition output) =>
        $"CAST(NULL AS {dialect.DecimalType(Math.Max(0, output.Rounding.PlacesFor(output.Unit) ?? InputScales.Fraction))})";

    /// <summary><paramref name="v"/> rounded to <paramref name="places"/> decimals, as <see cref="OutputArithmetic.Round"/>.</summary>
    private static string Round(string v, int places, OutputRoundingMode mode)
    {
        var up = "1" + new string('0', places);
        var step = places == 0 ? "1" : "0." + new string('0', places - 1) + "1";
        var a = $"(ABS({v}) * {up})"; // the magnitude in steps; exact (a decimal times a whole number)
        var f = $"FLOOR({a})";
        var magnitude = mode switch
        {
            OutputRoundingMode.Down => f,
            OutputRoundingMode.Up => $"CEIL({a})",
            OutputRoundingMode.HalfUp => $"(CASE WHEN {a} - {f} >= 0.5 THEN {f} + 1 ELSE {f} END)",
            OutputRoundingMode.HalfEven => $"(CASE WHEN {a} - {f} > 0.5 THEN {f} + 1 WHEN {a} - {f} < 0.5 THEN {f} WHEN {f} - 2 * FLOOR({f} * 0.5) = 0 THEN {f} ELSE {f} + 1 END)",
            _ => null,
        };
        if (magnitude is null)
        {
            return v;
        }

        return string.Create(CultureInfo.InvariantCulture, $"(CASE WHEN {v} < 0 THEN -({magnitude}) ELSE {magnitude} END * {step})");
    }
}

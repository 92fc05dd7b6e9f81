using System.Globalization;
using System.Numerics;

namespace PolicyRules.Sql;

/// <summary>
/// The HUGEINT paths of <see cref="DecimalSql"/>. DuckDB divides a HUGEINT bit by bit (about a
/// microsecond a division), so no HUGEINT is divided here: a quotient below 10^15 is estimated in
/// DOUBLE and corrected by one step with exact HUGEINT products (the estimate is within one of it),
/// and a division by a power of ten below 2^32 goes limb by limb through 32-bit pieces in BIGINT.
/// A value of 7.9 × 10^9 or more becomes ±2^126 (<see cref="Beyond"/>): comparisons and caps decide on it
/// as on the value; anything that needs the value itself stops the query, naming the row.
/// </summary>
internal sealed partial class DecimalSql
{
    /// <summary>Digits a step of long division adds: the remainder (below the divisor, below 10^29) times 10^9 fits HUGEINT.</summary>
    private const int Chunk = 9;

    /// <summary>2^32: one limb.</summary>
    private const string LimbBase = "4294967296";

    /// <summary>2^32 − 1: the mask of one limb.</summary>
    private const string LimbMask = "4294967295";

    /// <summary>
    /// Long division: the whole part by estimate (or HUGEINT division past 10^15, where only a row out
    /// of range can be), then <paramref name="shift"/> more digits, <see cref="Chunk"/> at a time.
    /// </summary>
    private string BoundedQuotient(string numerator, string denominator, string negative, int shift)
    {
        var x = helpers.Let($"ABS({numerator})");
        var d = helpers.Let($"(CASE WHEN ABS({denominator}) >= {CAST(Power(38 - Chunk))} THEN {Fail(Divisor)} ELSE NULLIF(ABS({denominator}), 0) END)");
        var ceiling = MantissaCeiling() / BigInteger.Pow(10, shift);
        // The whole part: DOUBLE's estimate below 10^15; by 32-bit limbs for a divisor below 2^31 (a constant's);
        // HUGEINT division (slow, exact) only for a large quotient of a large divisor.
        var guess = helpers.Let($"CAST(floor(CAST({x} AS DOUBLE) / CAST({d} AS DOUBLE)) AS {Wide})");
        var guessRemainder = helpers.Let($"({x} - {guess} * {d})");
        var smallDivisor = helpers.Let($"(CASE WHEN {d} < 2147483648 THEN CAST({d} AS BIGINT) END)");
        var (byLimbs, _, _) = ByLimbs(Limbs(x), smallDivisor);
        var whole = $"(CASE WHEN CAST({x} AS DOUBLE) < CAST({d} AS DOUBLE) * 1e15 THEN {guess} + (CASE WHEN {guessRemainder} < 0 THEN -1 WHEN {guessRemainder} >= {d} THEN 1 ELSE 0 END)" +
            $" WHEN {smallDivisor} IS NOT NULL THEN {byLimbs} ELSE {x} // {d} END)";
        var first = helpers.Let($"(CASE WHEN {x} >= {CAST(Beyond)} OR CAST({x} AS DOUBLE) >= CAST({d} AS DOUBLE) * {Approximately(2 * ceiling)} THEN NULL ELSE {whole} END)");

        // Beyond the range: a dividend already beyond it stays beyond when the divisor is at most 1; else the value is unknown.
        var beyond = helpers.Let($"({d} IS NOT NULL AND ({x} >= {CAST(Beyond)} OR {first} IS NULL OR {first} > {CAST(ceiling)}))");
        var unknown = $"({x} >= {CAST(Beyond)} AND {d} > {CAST(Power(shift))})";
        var t = helpers.Let($"(CASE WHEN {beyond} THEN 0 ELSE {first} END)");
        var r = helpers.Let($"(CASE WHEN {beyond} THEN 0 ELSE {x} - {t} * {d} END)");
        for (var left = shift; left > 0; left -= Chunk)
        {
            // The next digits: DOUBLE's estimate (within one), its exact remainder, then one step of correction.
            var digits = Math.Min(Chunk, left);
            var step = CAST(Power(digits));
            var estimate = helpers.Let($"CAST(floor(CAST({r} AS DOUBLE) * 1e{digits} / CAST({d} AS DOUBLE)) AS {Wide})");
            var remainder = helpers.Let($"({r} * {step} - {estimate} * {d})");
            (t, r) = (helpers.Let($"({t} * {step} + {estimate} + (CASE WHEN {remainder} < 0 THEN -1 WHEN {remainder} >= {d} THEN 1 ELSE 0 END))"),
                helpers.Let($"(CASE WHEN {remainder} < 0 THEN {remainder} + {d} WHEN {remainder} >= {d} THEN {remainder} - {d} ELSE {remainder} END)"));
        }

        return $"(CASE WHEN {unknown} THEN {Fail(Value)} WHEN {beyond} THEN {BeyondWithSign(negative)} ELSE {Round(t, r, d, negative)} END)";
    }

    /// <summary>
    /// floor(<paramref name="num"/> / <paramref name="den"/>) for 0 ≤ num &lt; den·10^15: DOUBLE's estimate
    /// is within one of it (relative error below 10^-15), and the exact remainder decides the step.
    /// </summary>
    private string Floor(string num, string den)
    {
        var estimate = $"CAST(floor(CAST({num} AS DOUBLE) / CAST({den} AS DOUBLE)) AS {Wide})";
        var remainder = $"({num} - {estimate} * {den})";
        return $"({estimate} + (CASE WHEN {remainder} < 0 THEN -1 WHEN {remainder} >= {den} THEN 1 ELSE 0 END))";
    }

    /// <summary>
    /// |m·c| / 10^scale as (|m| / 10^scale)·|c| plus (|m| mod 10^scale)·|c| / 10^scale, so no product
    /// passes HUGEINT unless the value is out of range.
    /// </summary>
    private string BoundedProduct(string m, string c, string negative, int scale)
    {
        // Beyond the range: so is the product by a factor of at least 1 (zero gives zero); by a smaller one it is unknown.
        var large = $"(ABS({m}) >= {CAST(Beyond)} OR CAST(ABS({m}) AS DOUBLE) * CAST(ABS({c}) AS DOUBLE) >= {Approximately(MantissaCeiling() * BigInteger.Pow(10, scale))})";
        var special = $"WHEN {c} = 0 THEN 0 WHEN ABS({m}) >= {CAST(Beyond)} AND ABS({c}) < {CAST(Power(scale))} THEN {Fail(Value)} WHEN {large} THEN {BeyondWithSign(negative)}";
        var safeM = helpers.Let($"(CASE WHEN {large} THEN 0 ELSE ABS({m}) END)");
        if (scale == 0)
        {
            return $"(CASE {special} ELSE {Round(helpers.Let($"({safeM} * ABS({c}))"), "0", "1", negative)} END)";
        }

        if (scale > 9)
        {
            throw new SqlTranslationException("a product with a number of more than 9 decimals has no exact SQL translation on DuckDB", "与超过 9 位小数的数相乘无法在 DuckDB 上精确翻译为 SQL");
        }

        var p = BigInteger.Pow(10, scale);
        var pow = CAST(p);
        var (high, low, _) = ByLimbs(Limbs(safeM), p);
        var lowProduct = helpers.Let($"(CAST({helpers.Let(low)} AS {Wide}) * ABS({c}))");
        var lowQuotient = helpers.Let($"(CASE WHEN ABS({c}) < 1000000000000000 THEN {Floor(lowProduct, pow)} ELSE {lowProduct} // {pow} END)");
        var t = helpers.Let($"({helpers.Let(high)} * ABS({c}) + {lowQuotient})");
        return $"(CASE {special} ELSE {Round(t, helpers.Let($"({lowProduct} - {lowQuotient} * {pow})"), pow, negative)} END)";
    }

    /// <summary>
    /// The mantissa standing for any value beyond the range (2^126, above every mantissa in range): it
    /// compares above them, and LEAST/GREATEST with a bound in range give the bound, as .NET's value would.
    /// </summary>
    internal static readonly BigInteger Beyond = BigInteger.One << 126;

    /// <summary>Stops the query, naming the row: a value beyond the range is needed.</summary>
    public string FailBeyond() => Fail(Value);

    private string BeyondWithSign(string negative) => $"(CASE WHEN {negative} THEN -{CAST(Beyond)} ELSE {CAST(Beyond)} END)";

    /// <summary>t rounded half to even at p = 10^k (k ≤ 9): t's remainder and the parity of t / p, by limbs.</summary>
    private string BoundedDropDigits(string t, string r, (string L3, string L2, string L1, string L0) limbs, BigInteger p)
    {
        var (_, low, odd) = ByLimbs(limbs, p);
        var half = (p / 2).ToString(CultureInfo.InvariantCulture);
        var pow = p.ToString(CultureInfo.InvariantCulture);
        var up = $"({low} > {half} OR ({low} = {half} AND ({r} > 0 OR {odd})))";
        return $"({t} - CAST({low} AS {Wide}) + (CASE WHEN {up} THEN CAST({pow} AS {Wide}) ELSE 0 END))";
    }

    /// <summary>A DOUBLE literal near <paramref name="value"/>, for a first check whose exact one follows.</summary>
    private static string Approximately(BigInteger value) => ((double)value).ToString("E16", CultureInfo.InvariantCulture);

    /// <summary>The four 32-bit limbs of x (a column, non-negative, below 2^127), each a helper column of BIGINT.</summary>
    private (string L3, string L2, string L1, string L0) Limbs(string x)
    {
        var (l3, l2, l1, l0) = LimbsOf(x);
        return (helpers.Let(l3), helpers.Let(l2), helpers.Let(l1), helpers.Let(l0));
    }

    /// <summary>The four 32-bit limbs of x (a column, non-negative, below 2^127) as BIGINT expressions.</summary>
    private static (string L3, string L2, string L1, string L0) LimbsOf(string x) => (
        $"CAST({x} >> 96 AS BIGINT)",
        $"CAST(({x} >> 64) & {LimbMask} AS BIGINT)",
        $"CAST(({x} >> 32) & {LimbMask} AS BIGINT)",
        $"CAST({x} & {LimbMask} AS BIGINT)");

    /// <summary>
    /// Division of x's limbs by <paramref name="p"/> (below 2^32) in BIGINT, highest limb first (each carry
    /// times 2^32 plus a limb stays below 2^63): quotient, remainder, and whether the quotient is odd.
    /// </summary>
    private (string Quotient, string Remainder, string Odd) ByLimbs((string L3, string L2, string L1, string L0) l, BigInteger p) =>
        ByLimbs(l, p.ToString(CultureInfo.InvariantCulture));

    /// <summary>As above, by <paramref name="d"/>, a BIGINT expression below 2^31 (NULL gives NULL).</summary>
    private (string Quotient, string Remainder, string Odd) ByLimbs((string L3, string L2, string L1, string L0) l, string d)
    {
        var c2 = $"(({l.L3} % {d}) * {LimbBase} + {l.L2})";
        var c1 = $"(({c2} % {d}) * {LimbBase} + {l.L1})";
        var c0 = $"(({c1} % {d}) * {LimbBase} + {l.L0})";
        var quotient = $"((CAST({l.L3} // {d} AS {Wide}) << 96) + (CAST({c2} // {d} AS {Wide}) << 64) + (CAST({c1} // {d} AS {Wide}) << 32) + CAST({c0} // {d} AS {Wide}))";
        return (quotient, $"({c0} % {d})", $"(({c0} // {d}) & 1) = 1");
    }
}

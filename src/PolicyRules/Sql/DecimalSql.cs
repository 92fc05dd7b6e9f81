using System.Globalization;
using System.Numerics;
using System.Text;

namespace PolicyRules.Sql;

/// <summary>
/// SQL for the value .NET's <see cref="decimal"/> gives where it rounds: a quotient, and arithmetic on
/// one. Every such value is kept as its mantissa at 28 decimals, a whole number M of the dialect's wide
/// type (value = M / 10^28). .NET's rule, checked against <see cref="decimal"/> itself on tens of
/// thousands of operands (tests/PolicyRules.Tests/Sql/DecimalSqlTests): an operation's result is the
/// exact result rounded half to even at the most decimals (at most 28) whose mantissa stays below 2^96.
/// Intermediate values are helper columns (<see cref="HelperColumns"/>), each computed once.
/// </summary>
/// <remarks>
/// With a bounded wide type (DuckDB's HUGEINT) a value must stay below 7.9 × 10^9 (the mantissa below
/// 7.9 × 10^37); a row whose value does not stops the query with an error naming its id, never a wrong
/// answer. DuckDB divides a HUGEINT bit by bit, so that path divides otherwise (DecimalSql.Bounded.cs).
/// </remarks>
internal sealed partial class DecimalSql(ISqlDialect dialect, string rowId, HelperColumns helpers)
{
    /// <summary>The mantissa 2^96 that no decimal reaches.</summary>
    private static readonly BigInteger Limit = BigInteger.One << 96;

    /// <summary>A value out of a bounded type's range, in English and Chinese.</summary>
    private static readonly (string En, string Zh) Value = ("a value of 7.9 x 10^9 or more", "计算值达到 7.9 x 10^9");

    /// <summary>A divisor out of a bounded type's range, in English and Chinese.</summary>
    private static readonly (string En, string Zh) Divisor = ("a divisor of 10^29 or more units of its last decimal", "除数达到其末位单位的 10^29 倍");

    private bool Bounded => dialect.WideIntegerDigits is not null;

    /// <summary>How many decimals below 28 a value may lose: 9 with HUGEINT (values below 7.9 × 10^9), 28 otherwise.</summary>
    private int MaxDrop => Bounded ? 9 : 28;

    private string Wide => dialect.WideIntegerType;

    /// <summary>The mantissa as a value of <paramref name="dialect"/>'s exact decimal type (28 decimals).</summary>
    public static string ToDecimal(ISqlDialect dialect, string mantissa) => dialect.DecimalFromMantissa(mantissa, 28);

    /// <summary>The mantissa (a column) as a decimal, stopping the query, naming the row, where it stands for a value beyond the range.</summary>
    public string ToDecimal(string mantissa) => Bounded
        ? $"(CASE WHEN ABS({mantissa}) >= {CAST(Beyond)} THEN {Fail(Value)} ELSE {ToDecimal(dialect, mantissa)} END)"
        : ToDecimal(dialect, mantissa);

    /// <summary>The mantissa of an exact value with at most <paramref name="scale"/> decimals (28 or fewer).</summary>
    public string FromExact(string value, int scale) =>
        $"(CAST(({value}) * {Power(scale)} AS {Wide}) * CAST({Power(28 - scale)} AS {Wide}))";

    /// <summary>
    /// .NET's quotient of a / b, given as whole numbers of any sign (a zero or NULL <paramref name="b"/>
    /// gives NULL, as <c>Ratio.Of</c> gives no ratio), the exact value being a·10^<paramref name="shift"/>/b/10^28.
    /// </summary>
    public string Quotient(string a, string b, int shift)
    {
        var numerator = helpers.Let(a);
        var denominator = helpers.Let(b);
        var negative = helpers.Let($"(({numerator} < 0) <> ({denominator} < 0))");
        if (Bounded)
        {
            return BoundedQuotient(numerator, denominator, negative, shift);
        }

        var x = helpers.Let($"(ABS({numerator}) * CAST({Power(shift)} AS {Wide}))");
        var d = helpers.Let($"NULLIF(ABS({denominator}), 0)");
        var t = helpers.Let(dialect.IntegerDivide(x, d));
        return Round(t, helpers.Let($"({x} - {t} * {d})"), d, negative);
    }

    /// <summary>.NET's product of a value given by its mantissa and an exact value <paramref name="factor"/> with <paramref name="scale"/> decimals.</summary>
    public string Product(string mantissa, string factor, int scale)
    {
        var m = helpers.Let(mantissa);
        var c = helpers.Let($"CAST(({factor}) * {Power(scale)} AS {Wide})");
        var negative = helpers.Let($"(({m} < 0) <> ({c} < 0))");
        if (Bounded)
        {
            return BoundedProduct(m, c, negative, scale);
        }

        var p = CAST(Power(scale));
        var x = helpers.Let($"(ABS({m}) * ABS({c}))");
        var t = helpers.Let(dialect.IntegerDivide(x, p));
        return Round(t, helpers.Let($"({x} - {t} * {p})"), p, negative);
    }

    /// <summary>.NET's value of an exact sum of mantissas (at 28 decimals): the same unless it needs more than 96 bits.</summary>
    public string Sum(string exactMantissa)
    {
        var m = helpers.Let(exactMantissa);
        return Round(helpers.Let($"ABS({m})"), "0", "1", $"({m} < 0)");
    }

    /// <summary>
    /// The signed mantissa of .NET's result, from the exact result's magnitude: <paramref name="t"/> (its
    /// mantissa at 28 decimals, truncated; a column) plus <paramref name="r"/>/<paramref name="b"/> (the fraction cut off).
    /// </summary>
    private string Round(string t, string r, string b, string negative)
    {
        var cases = new StringBuilder("(CASE WHEN ").Append(t).Append(" IS NULL THEN NULL WHEN ").Append(t).Append(" < ").Append(CAST(Limit - 1)).Append(" OR (").Append(t)
            .Append(" = ").Append(CAST(Limit - 1)).Append(" AND 2 * ").Append(r).Append(" < ").Append(b).Append(") THEN ").Append(t).Append(" + (CASE WHEN 2 * ").Append(r)
            .Append(" > ").Append(b).Append(" OR (2 * ").Append(r).Append(" = ").Append(b).Append(" AND ").Append(Odd(t)).Append(") THEN 1 ELSE 0 END)");
        // Limbs written out in each branch: only rows that drop digits (values of 7.9 or more) compute them.
        (string, string, string, string)? limbs = Bounded ? LimbsOf(t) : null;
        for (var k = 1; k <= MaxDrop; k++)
        {
            // Dropping k digits keeps the mantissa below 2^96 when t < 2^96·10^k − 10^k/2 (a half rounds up to 2^96).
            var p = BigInteger.Pow(10, k);
            cases.Append(" WHEN ").Append(t).Append(" < ").Append(CAST(Limit * p - p / 2)).Append(" THEN ").Append(limbs is { } l ? BoundedDropDigits(t, r, l, p) : DropDigits(t, r, p));
        }

        cases.Append(" ELSE ").Append(Fail(Value)).Append(" END)");
        return $"(CASE WHEN {negative} THEN -1 ELSE 1 END * {cases})";
    }

    /// <summary>t rounded half to even at <paramref name="p"/> (10^k), r &gt; 0 meaning a fraction below t's last digit.</summary>
    private string DropDigits(string t, string r, BigInteger p)
    {
        var pow = CAST(p);
        var half = CAST(p / 2);
        var q = dialect.IntegerDivide(t, pow);
        return $"(({q} + (CASE WHEN {t} % {pow} > {half} OR ({t} % {pow} = {half} AND ({r} > 0 OR {q} % 2 = 1)) THEN 1 ELSE 0 END)) * {pow})";
    }

    private string Odd(string t) => Bounded ? $"({t} & 1) = 1" : $"{t} % 2 = 1";

    /// <summary>The largest mantissa a bounded dialect may hold before rounding: below 2^96·10^9.</summary>
    private BigInteger MantissaCeiling() => Limit * BigInteger.Pow(10, MaxDrop);

    private string Fail((string En, string Zh) what) => dialect.Fail(
        $"'Row ' || {dialect.AsText(rowId)} || ': {what.En}, beyond what this engine computes exactly; screen it with --engine dotnet or --engine postgres. / 第 ' || {dialect.AsText(rowId)} || ' 行：{what.Zh}，超出该引擎可精确计算的范围；请改用 --engine dotnet 或 --engine postgres。'");

    private string CAST(BigInteger value) => CAST(value.ToString(CultureInfo.InvariantCulture));

    private string CAST(string digits) => $"CAST({digits} AS {Wide})";

    private static string Power(int exponent) => "1" + new string('0', exponent);
}

using System.Globalization;
using System.Numerics;

namespace PolicyRules.Sql;

/// <summary>
/// The numbers of <see cref="ExpressionTranslator"/> that .NET rounds: a ratio is one quotient and is
/// compared exactly by cross-multiplication; once arithmetic goes on from a quotient (a sum of
/// quotients, a weight times one, a quotient of one), .NET's <see cref="decimal"/> has rounded it at
/// its 28th digit, and the SQL computes that same rounding (<see cref="DecimalSql"/>), so a score or a
/// sum at an exact half or at a threshold gives .NET's answer rather than a nearby one.
/// </summary>
internal sealed partial class ExpressionTranslator
{
    private readonly HelperColumns helpers = new(dialect, helperPrefix);

    private DecimalSql Decimals => field ??= new DecimalSql(dialect, dialect.QuoteIdentifier(schema.IdField.Name), helpers);

    /// <summary>Writes the helper columns the expressions translated since the last call read, as CTEs after <paramref name="previous"/>; returns the last CTE.</summary>
    public string FlushHelpers(System.Text.StringBuilder sql, string previous, string cte, PassedColumns passed) => helpers.Flush(sql, previous, cte, passed);

    /// <summary>A number as a plain SQL value: a ratio becomes .NET's quotient (28 decimals at most).</summary>
    public Term Materialise(Term term) => term.IsRatio ? Rounded(MantissaOf(term), term) : term;

    /// <summary>A number holding .NET's value given by <paramref name="mantissa"/> (at 28 decimals).</summary>
    private Term Rounded(string mantissa, Term like)
    {
        var column = helpers.Let(mantissa);
        return new(SqlKind.Number, Decimals.ToDecimal(column))
        {
            Mantissa = column,
            Scale = 28,
            Nullable = like.Nullable,
            NonNegative = like.NonNegative,
        };
    }

    /// <summary>.NET's value of a number as a mantissa at 28 decimals (a whole number of the wide type).</summary>
    private string MantissaOf(Term term)
    {
        if (term.Mantissa is { } mantissa)
        {
            return mantissa;
        }

        if (term.IsRatio)
        {
            // .NET divides once: numerator·10^s / denominator, rounded as decimal rounds.
            var shift = term.DenScale + 28 - term.Scale;
            if (shift < 0 || term.Scale > 36 || term.DenScale > 36)
            {
                throw Unsupported("a quotient of numbers with too many decimals", "小数位过多的数相除所得的商");
            }

            var wide = dialect.WideIntegerType;
            return Decimals.Quotient($"CAST(({term.Sql}) * {Power(term.Scale)} AS {wide})", $"CAST(({term.Den}) * {Power(term.DenScale)} AS {wide})", shift);
        }

        if (term.Scale > 28)
        {
            throw Unsupported("a number with more than 28 decimals", "超过 28 位小数的数");
        }

        if (term.Constant is { } c)
        {
            if (dialect.WideIntegerDigits is not null && Math.Abs(c) >= 10_000_000_000m)
            {
                throw Unsupported("arithmetic with a quotient and a constant of 10^10 or more", "商与 10^10 及以上常数的运算");
            }

            var digits = c.ToString("F28", CultureInfo.InvariantCulture).Replace(".", "", StringComparison.Ordinal);
            return $"CAST({BigInteger.Parse(digits, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture)} AS {dialect.WideIntegerType})";
        }

        return Decimals.FromExact(term.Sql, term.Scale);
    }

    /// <summary>value ?? fallback where either is rounded: the mantissa named once, so nesting does not repeat it.</summary>
    private Term RoundedCoalesce(Term value, Term fallback) => Rounded($"COALESCE({MantissaOf(value)}, {MantissaOf(fallback)})", value) with
    {
        Nullable = fallback.Nullable,
        NonNegative = value.NonNegative && fallback.NonNegative,
    };

    /// <summary>Num.Max or Num.Min where either is rounded: GREATEST or LEAST of the mantissas (both non-null, as the helpers take decimals).</summary>
    private Term RoundedMaxOrMin(Term a, Term b, bool max) => Rounded($"{(max ? "GREATEST" : "LEAST")}({MantissaOf(a)}, {MantissaOf(b)})", a) with
    {
        Nullable = a.Nullable || b.Nullable,
        NonNegative = max ? a.NonNegative || b.NonNegative : a.NonNegative && b.NonNegative,
    };

    /// <summary>True when the number's value is .NET's rounding of something, not the exact value of plain SQL.</summary>
    private static bool IsRounded(Term term) => term.Mantissa is not null;

    /// <summary>a ± b where one is rounded (or a quotient): the exact sum of .NET's values, as .NET keeps it.</summary>
    private Term RoundedSum(Term a, Term b, string op) => Rounded(Decimals.Sum($"({MantissaOf(a)} {op} {MantissaOf(b)})"), a) with
    {
        Nullable = a.Nullable || b.Nullable,
        NonNegative = op == "+" && a.NonNegative && b.NonNegative,
    };

    /// <summary>a × b where one is rounded (or a quotient), or the exact product has more than 28 decimals.</summary>
    private Term RoundedProduct(Term a, Term b)
    {
        var (rounded, exact) = IsRounded(b) || b.IsRatio ? (b, a) : (a, b);
        if (IsRounded(exact) || exact.IsRatio)
        {
            if (dialect.WideIntegerDigits is not null)
            {
                throw Unsupported("a product of two quotients", "两个商的乘积");
            }

            exact = Materialise(exact);
            return Rounded(Decimals.Product(MantissaOf(rounded), exact.Sql, 28), a) with { Nullable = a.Nullable || b.Nullable, NonNegative = a.NonNegative && b.NonNegative };
        }

        return Rounded(Decimals.Product(MantissaOf(rounded), exact.Sql, exact.Scale), a) with { Nullable = a.Nullable || b.Nullable, NonNegative = a.NonNegative && b.NonNegative };
    }

    /// <summary>numerator / denominator where either is rounded or a quotient: .NET divides its values.</summary>
    private Term RoundedQuotient(Term numerator, Term denominator)
    {
        var n = MantissaOf(numerator);
        string b;
        int shift;
        if (IsRounded(denominator) || denominator.IsRatio)
        {
            if (dialect.WideIntegerDigits is not null)
            {
                throw Unsupported("a quotient whose divisor is itself a quotient", "除数本身为商的商");
            }

            (b, shift) = (MantissaOf(denominator), 28);
        }
        else
        {
            (b, shift) = ($"CAST(({denominator.Sql}) * {Power(denominator.Scale)} AS {dialect.WideIntegerType})", denominator.Scale);
        }

        return Rounded(Decimals.Quotient(n, b, shift), numerator) with
        {
            Nullable = true,
            NonNegative = numerator.NonNegative && denominator.NonNegative,
        };
    }

    /// <summary>
    /// The two sides of a comparison in which one is computed as .NET rounds it, as whole numbers
    /// compared alike: mantissas. With a bounded wide type, a computed value beyond the range is ±2^126
    /// and an exact value of 10^10 or more ±(2^126 − 1) (every computed value in range lies between): a
    /// comparison of two such values is unknown and stops the query, naming the row.
    /// </summary>
    private (string Left, string Right) RoundedSides(Term left, Term right)
    {
        if (dialect.WideIntegerDigits is null)
        {
            return (MantissaOf(left), MantissaOf(right));
        }

        var beyond = DecimalSql.Beyond.ToString(CultureInfo.InvariantCulture);
        var wide = dialect.WideIntegerType;
        string Key(Term side, out string large)
        {
            if (IsRounded(side) || side.IsRatio)
            {
                var mantissa = MantissaOf(side);
                large = $"ABS({mantissa}) >= CAST({beyond} AS {wide})";
                return mantissa;
            }

            if (side.Constant is { } c && Math.Abs(c) >= 10_000_000_000m)
            {
                large = "TRUE";
                return $"CAST({(c < 0 ? "-" : "")}{DecimalSql.Beyond - 1} AS {wide})";
            }

            if (side.Constant is not null)
            {
                large = "FALSE";
                return MantissaOf(side);
            }

            large = $"ABS({side.Sql}) >= 10000000000";
            return $"(CASE WHEN {large} THEN CAST(SIGN({side.Sql}) AS {wide}) * CAST({DecimalSql.Beyond - 1} AS {wide}) ELSE {MantissaOf(side)} END)";
        }

        var l = Key(left, out var leftLarge);
        var r = Key(right, out var rightLarge);
        return ($"(CASE WHEN ({leftLarge}) AND ({rightLarge}) THEN {Decimals.FailBeyond()} ELSE {l} END)", r);
    }
}

using System.Globalization;
using System.Linq.Expressions;
using System.Reflection;
using PolicyRules.Evaluation;
using PolicyRules.Expressions;
using PolicyRules.Model;

namespace PolicyRules.Sql;

/// <summary>The arithmetic of <see cref="ExpressionTranslator"/>: sums, products, quotients and ratios kept exact in fixed point.</summary>
internal sealed partial class ExpressionTranslator
{
    private Term AddOrSubtract(Term a, Term b, string op)
    {
        RequireNumber(a);
        RequireNumber(b);
        var constant = a.Constant is { } x && b.Constant is { } y ? (op == "+" ? x + y : x - y) : (decimal?)null;
        if (constant is { } value)
        {
            return Number(value) with { Integer = a.Integer && b.Integer };
        }

        if (!a.IsRatio && !b.IsRatio)
        {
            return new Term(SqlKind.Number, $"({a.Sql} {op} {b.Sql})")
            {
                Nullable = a.Nullable || b.Nullable,
                Scale = Math.Max(a.Scale, b.Scale),
                Integer = a.Integer && b.Integer,
                NonNegative = op == "+" && a.NonNegative && b.NonNegative,
            };
        }

        if ((a.IsRatio && b.IsRatio && a.Den != b.Den) || (a.IsRatio != b.IsRatio && (a.IsRatio ? b : a).Constant is null))
        {
            // Different denominators, or a ratio and a variable: a common denominator would multiply
            // money by money (or by a quotient) beyond DECIMAL(38); the quotients are taken instead.
            return AddOrSubtract(Materialise(a), Materialise(b), op);
        }

        // One denominator: n1/d ± n2/d, or n/d ± x = (n ± x·d)/d.
        var den = a.Den ?? b.Den!;
        var denScale = a.IsRatio ? a.DenScale : b.DenScale;
        var left = a.IsRatio ? a.Sql : $"({a.Sql}) * ({den})";
        var right = b.IsRatio ? b.Sql : $"({b.Sql}) * ({den})";
        return new Term(SqlKind.Number, $"({left} {op} {right})")
        {
            Den = den,
            DenScale = denScale,
            Nullable = a.Nullable || b.Nullable,
            Scale = Math.Max(a.IsRatio ? a.Scale : a.Scale + denScale, b.IsRatio ? b.Scale : b.Scale + denScale),
            NonNegative = op == "+" && a.NonNegative && b.NonNegative,
        };
    }

    private static Term Multiply(Term a, Term b)
    {
        RequireNumber(a);
        RequireNumber(b);
        if (a.Constant is { } x && b.Constant is { } y)
        {
            return Number(x * y) with { Integer = a.Integer && b.Integer };
        }

        var den = (a.Den, b.Den) switch
        {
            (null, null) => null,
            (null, var d) => d,
            (var d, null) => d,
            var (d1, d2) => $"({d1}) * ({d2})",
        };
        return new Term(SqlKind.Number, $"({a.Sql} * {b.Sql})")
        {
            Den = den,
            DenScale = a.DenScale + b.DenScale,
            Nullable = a.Nullable || b.Nullable,
            Scale = a.Scale + b.Scale,
            Integer = a.Integer && b.Integer,
            NonNegative = a.NonNegative && b.NonNegative,
        };
    }

    private Term Divide(Term a, Term b)
    {
        RequireNumber(a);
        RequireNumber(b);
        if (a.Integer && b.Integer)
        {
            if (b.Constant is not { } c || c == 0)
            {
                throw Unsupported("whole-number division by anything but a non-zero constant");
            }

            return Int(dialect.IntegerDivide($"CAST({a.Sql} AS {dialect.WideIntegerType})", $"CAST({b.Sql} AS {dialect.WideIntegerType})")) with { NonNegative = a.NonNegative && c > 0 };
        }

        if (b.Constant is { } divisor && divisor != 0 && !a.IsRatio && Reciprocal(divisor) is { } reciprocal)
        {
            // x / 2 = x * 0.5 exactly: .NET's quotient is the same number.
            return Multiply(a, Number(reciprocal));
        }

        if (b.Constant is not { } nonZero || nonZero == 0)
        {
            throw Unsupported("division by anything but a non-zero constant (write Ratio.Of(a, b))");
        }

        return Ratio(a, b);
    }

    /// <summary>1/<paramref name="divisor"/> when it is a terminating decimal of at most 12 places.</summary>
    private static decimal? Reciprocal(decimal divisor)
    {
        var r = 1m / divisor;
        return decimal.Round(r, 12) == r && r * divisor == 1m ? r : null;
    }

    /// <summary>numerator / denominator as a ratio: NULL denominator when it is zero, positive otherwise.</summary>
    private static Term Ratio(Term numerator, Term denominator)
    {
        if (denominator.Constant == 0)
        {
            return new Term(SqlKind.Number, "NULL") { Den = "NULL", Nullable = true };
        }

        // (n1/d1) / (n2/d2) = (n1·d2) / (d1·n2); only n2 may be zero or negative.
        var n = denominator.IsRatio ? $"({numerator.Sql}) * ({denominator.Den})" : numerator.Sql;
        var nScale = numerator.Scale + (denominator.IsRatio ? denominator.DenScale : 0);
        var raw = denominator.Sql;
        string d;
        if (denominator.Constant is { } c)
        {
            d = Lit(Math.Abs(c));
            n = c < 0 ? $"(-({n}))" : n;
        }
        else if (denominator.NonNegative)
        {
            d = $"NULLIF({raw}, 0)";
        }
        else
        {
            n = $"(CASE WHEN ({raw}) < 0 THEN -({n}) ELSE {n} END)";
            d = $"NULLIF(ABS({raw}), 0)";
        }

        if (numerator.IsRatio)
        {
            d = $"({numerator.Den}) * ({d})";
        }

        return new Term(SqlKind.Number, $"({n})")
        {
            Den = d,
            Scale = nScale,
            DenScale = denominator.Scale + (numerator.IsRatio ? numerator.DenScale : 0),
            Nullable = numerator.Nullable || denominator.Nullable || denominator.Constant is null,
            NonNegative = numerator.NonNegative && denominator.NonNegative,
        };
    }
}

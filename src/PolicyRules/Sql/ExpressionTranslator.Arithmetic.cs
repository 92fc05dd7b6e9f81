using System.Globalization;
using System.Linq.Expressions;
using System.Reflection;
using PolicyRules.Evaluation;
using PolicyRules.Expressions;
using PolicyRules.Model;

namespace PolicyRules.Sql;

/// <summary>The arithmetic of <see cref="ExpressionTranslator"/>: exact in fixed point, a quotient kept as a ratio, arithmetic on quotients as .NET rounds it.</summary>
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

        if (IsRounded(a) || IsRounded(b))
        {
            return RoundedSum(a, b, op);
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

        // A quotient plus anything: .NET has rounded the quotient before adding, so the sum is of its values.
        return RoundedSum(a, b, op);
    }

    /// <summary>
    /// .NET checks whole-number arithmetic (<see cref="Compilation.ExpressionChecker"/>): a 32-bit result out
    /// of range throws and the row is a reject. The SQL engines compute it in 64 bits or more, so the
    /// result is bound once and a value out of range fails the query, naming the row, rather than
    /// screening a row .NET rejects (64-bit results overflow in the engines as in .NET).
    /// </summary>
    private Term Checked(BinaryExpression node, Term term)
    {
        if ((Nullable.GetUnderlyingType(node.Type) ?? node.Type) != typeof(int) || term.Constant is not null || term.IsRatio)
        {
            return term;
        }

        var value = helpers.Let(term.Sql);
        var id = dialect.AsText(dialect.QuoteIdentifier(schema.IdField.Name));
        var fail = dialect.Fail(
            $"'id ' || {id} || ': a whole number beyond 32 bits, a reject to --engine dotnet (overflow): screen with it / id ' || {id} || '：整数超出 32 位，--engine dotnet 将其拒收（溢出）：请用它筛查'");
        return term with { Sql = $"(CASE WHEN {value} BETWEEN -2147483648 AND 2147483647 THEN {value} WHEN {value} IS NULL THEN NULL ELSE {fail} END)" };
    }

    private Term Multiply(Term a, Term b)
    {
        RequireNumber(a);
        RequireNumber(b);
        if (a.Constant is { } x && b.Constant is { } y)
        {
            return Number(x * y) with { Integer = a.Integer && b.Integer };
        }

        if (IsRounded(a) || IsRounded(b) || a.IsRatio || b.IsRatio || a.Scale + b.Scale > 28)
        {
            // .NET multiplies its rounded quotient (and rounds a product past 28 decimals).
            return RoundedProduct(a, b);
        }

        return new Term(SqlKind.Number, $"({a.Sql} * {b.Sql})")
        {
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
                throw Unsupported("whole-number division by anything but a non-zero constant", "除以非零常数以外的整数除法");
            }

            return Int(dialect.IntegerDivide($"CAST({a.Sql} AS {dialect.WideIntegerType})", $"CAST({b.Sql} AS {dialect.WideIntegerType})")) with { NonNegative = a.NonNegative && c > 0 };
        }

        if (b.Constant is { } divisor && divisor != 0 && !a.IsRatio && Reciprocal(divisor) is { } reciprocal)
        {
            // x / 2 = x * 0.5 exactly: .NET's quotient is the same number, rounded alike.
            return Multiply(a, Number(reciprocal));
        }

        if (b.Constant is not { } nonZero || nonZero == 0)
        {
            throw Unsupported("division by anything but a non-zero constant (write Ratio.Of(a, b))", "除以非零常数以外的除法（请写作 Ratio.Of(a, b)）");
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
    private Term Ratio(Term numerator, Term denominator)
    {
        if (denominator.Constant == 0)
        {
            return new Term(SqlKind.Number, "NULL") { Den = "NULL", Nullable = true };
        }

        if (numerator.IsRatio || denominator.IsRatio || IsRounded(numerator) || IsRounded(denominator))
        {
            // A quotient of a quotient: .NET rounds the inner one first.
            return RoundedQuotient(numerator, denominator);
        }

        // The denominator may be zero (no ratio) or negative (the sign moves to the numerator).
        var n = numerator.Sql;
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

        return new Term(SqlKind.Number, $"({n})")
        {
            Den = d,
            Scale = numerator.Scale,
            DenScale = denominator.Scale,
            Nullable = numerator.Nullable || denominator.Nullable || denominator.Constant is null,
            NonNegative = numerator.NonNegative && denominator.NonNegative,
        };
    }
}

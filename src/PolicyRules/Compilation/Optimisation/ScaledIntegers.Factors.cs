using System.Linq.Expressions;
using System.Numerics;

namespace PolicyRules.Compilation.Optimisation;

/// <summary>
/// <see cref="ScaledIntegers"/>' quotients by constants, compound factors, and comparisons of amounts
/// times constants reduced by their common factor.
/// </summary>
internal sealed partial class ScaledIntegers
{
    /// <summary>
    /// A quotient by a positive constant whose inverse is a decimal (<c>RevenueY1 / 10000</c>, the 万元 of
    /// the size table; <c>/ 2</c>, <c>/ 0.10</c>): the dividend times the inverse's mantissa, at the
    /// dividend's scale plus the inverse's. The caller's check that the result is below 2^96 at a scale of
    /// at most 28 makes it a decimal, so decimal's division, which rounds only a quotient it cannot hold,
    /// gives that very value.
    /// </summary>
    private Scaled? Quotient(BinaryExpression binary, Type type)
    {
        if (DivisorOf(binary.Right) is not { } divisor || ExactDivision.InverseOf(divisor) is not var (mantissa, scale)
            || Translate(binary.Left, type) is not { } dividend || dividend.Scale + scale > 28)
        {
            return null;
        }

        var value = mantissa == 1 ? dividend.Value : Expression.Multiply(dividend.Value, IntegerConstant(mantissa, type));
        return mantissa >= Limit(type) ? null : new Scaled(value, dividend.Scale + scale, dividend.Bound * mantissa, dividend.ReadsMoney);
    }

    /// <summary>
    /// <c>Ratio.CompoundFactor(rate, years)</c>. A rate chosen among constants (a tier table) gives a factor
    /// chosen among constants, each (1 + rate)^years computed here; any other rate, the products below.
    /// </summary>
    private Scaled? Compound(Expression rate, int years, Type type)
    {
        if (Translate(rate, type) is { } chosen && chosen.Scale * years <= 28)
        {
            var one = BigInteger.Pow(10, chosen.Scale);
            var bound = BigInteger.Zero;
            var factors = Leaves(chosen.Value, c =>
            {
                var factor = BigInteger.Pow(one + c, years);
                bound = BigInteger.Max(bound, BigInteger.Abs(factor));
                return factor;
            }, type);
            if (factors is not null && bound < Limit(type) && bound < ExactRange.DecimalLimit)
            {
                return new Scaled(factors, chosen.Scale * years, bound, chosen.ReadsMoney);
            }
        }

        return Translate(Compounded(rate, years), type);
    }

    /// <summary>A tree of choices whose every leaf is an integer constant, with each leaf mapped; null for any other tree.</summary>
    private static Expression? Leaves(Expression tree, Func<BigInteger, BigInteger> map, Type type)
    {
        if (ConstantOf(tree) is { } constant)
        {
            return IntegerConstant(map(constant), type);
        }

        return tree is ConditionalExpression choice && Leaves(choice.IfTrue, map, type) is { } yes && Leaves(choice.IfFalse, map, type) is { } no
            ? Expression.Condition(choice.Test, yes, no)
            : null;
    }

    /// <summary>
    /// <c>Ratio.CompoundFactor(rate, years)</c> as the products it computes — 1 × (1 + rate) × … — so that
    /// "revenue ≥ revenue three years back × (1 + rate)²" is decided in integers like any other product.
    /// </summary>
    private static Expression Compounded(Expression rate, int years)
    {
        Expression factor = Expression.Constant(1m);
        for (var i = 0; i < years; i++)
        {
            var step = Expression.Add(Expression.Constant(1m), rate);
            factor = i == 0 ? step : Expression.Multiply(factor, step);
        }

        return factor;
    }

    /// <summary>The decimal a divisor holds when it is a constant (or names one, or widens a whole-number one); else null.</summary>
    private decimal? DivisorOf(Expression divisor) => divisor switch
    {
        ConstantExpression { Value: decimal d } => d,
        UnaryExpression { NodeType: ExpressionType.Convert, Method: null, Operand: ConstantExpression { Value: int i } } => i,
        UnaryExpression { NodeType: ExpressionType.Convert, Method: null, Operand: ConstantExpression { Value: long l } } => l,
        ParameterExpression p when bodies.TryGetValue(p, out var body) && body is not ParameterExpression => DivisorOf(body),
        _ => null,
    };

    /// <summary>
    /// An amount times a constant against an amount times constants (revenue × 10^4 ≥ revenue three years
    /// back × a compound factor chosen by tier, 12100 … 15625), every constant sharing a factor g: the same
    /// comparison with each constant divided by g, in <see cref="long"/> when that cannot overflow — one
    /// multiplication each side instead of 128-bit arithmetic. Both sides divided by g &gt; 0: same order.
    /// </summary>
    private BinaryExpression? Reduced(ExpressionType op, Expression left, Expression right)
    {
        if (FenTimesConstants(left) is not var (x, k) || FenTimesConstants(right) is not var (y, l))
        {
            return null;
        }

        var leaves = new List<BigInteger>();
        Leaves(k, c => { leaves.Add(c); return c; }, typeof(Int128));
        var leftCount = leaves.Count;
        Leaves(l, c => { leaves.Add(c); return c; }, typeof(Int128));
        var g = leaves.Aggregate(BigInteger.Zero, BigInteger.GreatestCommonDivisor);
        if (g <= 1 || Fen.Bound * (leaves.Take(leftCount).Max(BigInteger.Abs) / g) >= LongLimit || Fen.Bound * (leaves.Skip(leftCount).Max(BigInteger.Abs) / g) >= LongLimit)
        {
            return null;
        }

        return Expression.MakeBinary(op,
            Expression.Multiply(x, Leaves(k, c => c / g, typeof(long))!),
            Expression.Multiply(y, Leaves(l, c => c / g, typeof(long))!));
    }

    /// <summary>A money field's fen widened to 128 bits times a constant, or a choice of constants; null for anything else.</summary>
    private (ParameterExpression Fen, Expression Constants)? FenTimesConstants(Expression side) =>
        side is BinaryExpression { NodeType: ExpressionType.Multiply, Left: UnaryExpression { NodeType: ExpressionType.Convert, Operand: ParameterExpression fen }, Right: var constants }
            && _fen.ContainsValue(fen) && Leaves(constants, c => c, typeof(Int128)) is not null
            ? (fen, constants)
            : null;
}

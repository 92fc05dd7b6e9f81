using System.Linq.Expressions;

namespace PolicyRules.Compilation.Optimisation;

/// <summary>
/// A tier table over a ratio (<c>Tiers.Lookup(rdToRevenue, "&gt;= 6%: 50; …")</c>, written out by
/// <see cref="TierInlining"/>) with each row's test decided without the division, as
/// <see cref="RatioComparisons"/> decides a criterion: <c>n ≥ t × d</c> in scaled integers where that
/// is provably exact for every row, else the table is left as it was. An undefined ratio (d = 0)
/// passes no row, as null passes none, so it still gives the table's <c>else</c>.
/// </summary>
/// <remarks>
/// Reads the shape <see cref="TierInlining"/> writes for a nullable value: a block of
/// <c>tierValue = argument; tierValue.HasValue ? { tierKnown = tierValue.Value; rows } : otherwise</c>,
/// the rows <c>tierKnown op bound ? result : next</c> ending in the same <c>otherwise</c>.
/// </remarks>
internal sealed class RatioTiers(RatioComparisons ratios) : ExpressionVisitor
{
    public Expression Rewrite(Expression expression) => Visit(expression)!;

    protected override Expression VisitBlock(BlockExpression node)
    {
        if (node.Variables is [var value, var known] && value.Type == typeof(decimal?) && known.Type == typeof(decimal)
            && node.Expressions is [BinaryExpression { NodeType: ExpressionType.Assign, Left: var target, Right: var argument }, ConditionalExpression written]
            && target == value
            && written.Test is MemberExpression { Member.Name: nameof(Nullable<decimal>.HasValue), Expression: var tested } && tested == value
            && written.IfTrue is BlockExpression { Expressions: [BinaryExpression { NodeType: ExpressionType.Assign, Left: var knownTarget }, var rows] } && knownTarget == known
            && Rows(rows, known, argument, written.IfFalse) is { } rewritten)
        {
            return rewritten;
        }

        return base.VisitBlock(node);
    }

    /// <summary>The rows with each test rewritten, or null when one is not (or the shape is not the one expected).</summary>
    private Expression? Rows(Expression rows, ParameterExpression known, Expression argument, Expression otherwise)
    {
        if (rows == otherwise)
        {
            return otherwise;
        }

        if (rows is not ConditionalExpression { Test: BinaryExpression { Right: ConstantExpression { Value: decimal bound } } test, IfTrue: ConstantExpression result } row
            || test.Left != known
            || test.NodeType is not (ExpressionType.GreaterThanOrEqual or ExpressionType.GreaterThan or ExpressionType.LessThanOrEqual or ExpressionType.LessThan))
        {
            return null;
        }

        // The row's test as a comparison of the (nullable) ratio itself, which RatioComparisons rewrites or returns unchanged.
        var asWritten = Expression.MakeBinary(test.NodeType, argument, Expression.Constant(bound, typeof(decimal?)));
        var holds = ratios.Rewrite(asWritten);
        if (holds == asWritten || Rows(row.IfFalse, known, argument, otherwise) is not { } next)
        {
            return null;
        }

        return Expression.Condition(holds, result, next);
    }
}

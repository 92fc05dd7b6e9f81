using System.Linq.Expressions;

namespace PolicyRules.Compilation.Optimisation;

/// <summary>
/// Decides each comparison of two decimals — an amount with a bound (<c>RevenueY1 ≥ 20000000</c>), a
/// three-year sum with a parameter, a count converted to decimal — in scaled integers
/// (<see cref="ScaledIntegers"/>): fen read once per record against a constant mantissa. Where money is
/// read the comparison becomes <c>contract ? in integers : as written</c>.
/// </summary>
/// <remarks>
/// A decimal comparison is exact; <see cref="ScaledIntegers"/> translates only operands that decimal
/// computes exactly, into integers holding the same value × 10^scale at one scale, so both compare the
/// same two numbers. Comparisons the ratio rewrite has already decided (under the contract) are left alone.
/// </remarks>
internal sealed class IntegerComparisons(ScaledIntegers integers) : ExpressionVisitor
{
    public Expression Rewrite(Expression body) => Visit(body)!;

    protected override Expression VisitConditional(ConditionalExpression node) =>
        node.Test == integers.Contract ? node : base.VisitConditional(node);

    protected override Expression VisitBinary(BinaryExpression node)
    {
        if (node.NodeType is ExpressionType.GreaterThanOrEqual or ExpressionType.GreaterThan or ExpressionType.LessThanOrEqual
                or ExpressionType.LessThan or ExpressionType.Equal or ExpressionType.NotEqual
            && node.Left.Type == typeof(decimal) && node.Right.Type == typeof(decimal) && node.Type == typeof(bool)
            && integers.Compare(node.NodeType, node.Left, node.Right, out var money) is { } integer)
        {
            return money ? Expression.Condition(integers.Contract, integer, node) : integer;
        }

        return base.VisitBinary(node);
    }
}

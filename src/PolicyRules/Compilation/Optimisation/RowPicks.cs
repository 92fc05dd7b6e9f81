using System.Linq.Expressions;
using System.Reflection;
using PolicyRules.Expressions;
using PolicyRules.Model;

namespace PolicyRules.Compilation.Optimisation;

/// <summary>
/// <c>SizeTable.Pick(rowAgriculture, rowIndustry, …)</c> — a chain of rows, each naming a parameter
/// <c>industry == X ? SizeTable.Row(true, …) : null</c> — as the first row whose test holds:
/// <c>industry == Agriculture ? Row(…) : industry == Industry ? Row(…) : …</c>. A row that applies is
/// never null, so the pick is the same; the rows are no longer computed one by one and coalesced (16
/// of them in the size table: half of SmeSize's kernel), and, read by nothing else, are computed only
/// where the money contract fails (<see cref="FailureFree"/>).
/// </summary>
internal sealed class RowPicks(Func<ParameterExpression, Expression?> bodyOf) : ExpressionVisitor
{
    private static readonly MethodInfo RowMethod = typeof(SizeTable).GetMethod(nameof(SizeTable.Row))!;

    public Expression Rewrite(Expression body) => Visit(body)!;

    protected override Expression VisitBinary(BinaryExpression node)
    {
        if (node.NodeType != ExpressionType.Coalesce || node.Type != typeof(SizeClass?))
        {
            return base.VisitBinary(node);
        }

        var operands = new List<Expression>();
        Expression rest = node;
        while (rest is BinaryExpression { NodeType: ExpressionType.Coalesce } link && link.Type == typeof(SizeClass?))
        {
            operands.Add(link.Left);
            rest = link.Right;
        }

        operands.Add(rest);
        var picked = Visit(AppliedRow(operands[^1]) is var (lastTest, lastRow) ? Expression.Condition(lastTest, lastRow, Expression.Constant(null, typeof(SizeClass?))) : operands[^1])!;
        for (var i = operands.Count - 2; i >= 0; i--)
        {
            picked = AppliedRow(operands[i]) is var (test, row)
                ? Expression.Condition(test, row, picked)
                : Expression.Coalesce(Visit(operands[i])!, picked);
        }

        return picked;
    }

    /// <summary>The test and the row of a parameter <c>test ? SizeTable.Row(true, …) : null</c> (never null where the test holds); else null.</summary>
    private (Expression Test, Expression Row)? AppliedRow(Expression operand) =>
        operand is ParameterExpression parameter
        && bodyOf(parameter) is ConditionalExpression { IfFalse: ConstantExpression { Value: null }, IfTrue: MethodCallExpression { Arguments: [ConstantExpression { Value: true }, ..] } row } choice
        && row.Method == RowMethod
            ? (choice.Test, row)
            : null;
}

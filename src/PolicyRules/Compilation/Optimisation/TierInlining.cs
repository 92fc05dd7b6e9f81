using System.Linq.Expressions;
using System.Reflection;
using PolicyRules.Expressions;

namespace PolicyRules.Compilation.Optimisation;

/// <summary>
/// Replaces <c>Tiers.Lookup(value, "table")</c> whose table is a constant by the table's rows written
/// out as conditionals over constants. The kernel then neither looks the text up in the table cache
/// nor walks the rows in a loop for every record: the table is read once, when the programme compiles.
/// The rows are tried in the same order with the same comparisons and give the same decimals (their
/// scale included), so results and the explaining kernel's captured values are unchanged.
/// </summary>
internal sealed class TierInlining : ExpressionVisitor
{
    private static readonly MethodInfo LookupMethod = typeof(Tiers).GetMethod(nameof(Tiers.Lookup))!;
    private static readonly MethodInfo TableLookupMethod = typeof(TierTable).GetMethod(nameof(TierTable.Lookup))!;

    public static Expression Rewrite(Expression expression) => new TierInlining().Visit(expression)!;

    protected override Expression VisitMethodCall(MethodCallExpression node)
    {
        // Tiers.Lookup(value, "text"), or TierTable.Lookup on a table the checker parsed already.
        var table = node.Method == LookupMethod && node.Arguments[1] is ConstantExpression { Value: string text } ? TryParse(text)
            : node.Method == TableLookupMethod && node.Object is ConstantExpression { Value: TierTable parsed } ? parsed
            : null;
        if (table is null)
        {
            return base.VisitMethodCall(node);
        }

        var argument = Visit(node.Arguments[0])!;
        var otherwise = Expression.Constant(table.Otherwise);
        // A value that cannot be null (a count or an amount converted to decimal?) needs no null test.
        if (argument is UnaryExpression { NodeType: ExpressionType.Convert, Operand: var operand } && Nullable.GetUnderlyingType(operand.Type) is null
            && (operand.Type == typeof(decimal) || operand.Type == typeof(int) || operand.Type == typeof(long)))
        {
            var plain = Expression.Variable(typeof(decimal), "tierValue");
            var asDecimal = operand.Type == typeof(decimal) ? operand : Expression.Convert(operand, typeof(decimal));
            return Expression.Block(typeof(decimal), [plain], Expression.Assign(plain, asDecimal), Rows(table, plain, otherwise));
        }

        var value = Expression.Variable(typeof(decimal?), "tierValue");
        var known = Expression.Variable(typeof(decimal), "tierKnown");
        return Expression.Block(typeof(decimal), [value, known],
            Expression.Assign(value, argument),
            Expression.Condition(
                Expression.Property(value, nameof(Nullable<decimal>.HasValue)),
                Expression.Block(typeof(decimal), Expression.Assign(known, Expression.Property(value, nameof(Nullable<decimal>.Value))), Rows(table, known, otherwise)),
                otherwise));
    }

    private static Expression Rows(TierTable table, ParameterExpression value, Expression otherwise)
    {
        Expression result = otherwise;
        var rows = table.Rows;
        for (var i = rows.Length - 1; i >= 0; i--)
        {
            var row = rows[i];
            var bound = Expression.Constant(row.Bound);
            Expression holds = row.Operator switch
            {
                TierOperator.AtLeast => Expression.GreaterThanOrEqual(value, bound),
                TierOperator.Above => Expression.GreaterThan(value, bound),
                TierOperator.AtMost => Expression.LessThanOrEqual(value, bound),
                _ => Expression.LessThan(value, bound),
            };
            result = Expression.Condition(holds, Expression.Constant(row.Result), result);
        }

        return result;
    }

    private static TierTable? TryParse(string text)
    {
        try
        {
            return TierTable.Parse(text);
        }
        catch (TierTableException)
        {
            return null; // left as written: it fails at run time exactly as before
        }
    }
}

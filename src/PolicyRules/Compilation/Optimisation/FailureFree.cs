using System.Linq.Expressions;
using System.Numerics;
using System.Reflection;
using PolicyRules.Expressions;

namespace PolicyRules.Compilation.Optimisation;

/// <summary>
/// Whether an expression can fail (throw) for a record whose money keeps the fast path's contract
/// (<see cref="Fen"/>): exact arithmetic <see cref="ExactRange"/> bounds below decimal's limits, and
/// <c>Ratio.Of</c> or <c>Ratio.Growth</c> of such values, whose quotient the bounds keep below 10^28;
/// comparisons and choices over the record's fields and computed values.
/// A parameter the fast kernel does not read — a growth shown in the explanation only — is then
/// computed only for a record that breaks the contract, where it could fail as written.
/// </summary>
internal sealed class FailureFree(ParameterExpression input, ExactRange.Analyser ranges, ScaledIntegers integers)
{
    private static readonly MethodInfo OfMethod = typeof(Ratio).GetMethod(nameof(Ratio.Of))!;
    private static readonly MethodInfo GrowthMethod = typeof(Ratio).GetMethod(nameof(Ratio.Growth))!;
    private static readonly MethodInfo RowMethod = typeof(SizeTable).GetMethod(nameof(SizeTable.Row))!;

    /// <summary>Below decimal's largest value (~7.9 × 10^28): a quotient no larger cannot overflow.</summary>
    private static readonly BigInteger QuotientLimit = BigInteger.Pow(10, 28);

    /// <summary>
    /// True when <paramref name="body"/> cannot fail under the contract; the money fields it reads are then
    /// read as fen (<see cref="ScaledIntegers.FenOf"/>), so the contract flag covers them.
    /// </summary>
    public bool UnderContract(Expression body)
    {
        var money = new HashSet<PropertyInfo>();
        if (!Holds(body, money))
        {
            return false;
        }

        foreach (var property in money)
        {
            integers.FenOf(property);
        }

        return true;
    }

    /// <summary>
    /// True when <paramref name="body"/> cannot fail for any record: logic alone (comparisons, choices, fields,
    /// computed values, size-table rows), no arithmetic. A parameter no criterion reads that holds it need
    /// not be computed at all (a row of the size table once <see cref="RowPicks"/> has chosen among them).
    /// </summary>
    public bool Always(Expression body) => Holds(body, null);

    /// <summary>Whether <paramref name="expression"/> cannot fail: under the contract when <paramref name="money"/> collects the fields it needs, for any record when null.</summary>
    private bool Holds(Expression expression, HashSet<PropertyInfo>? money)
    {
        if (money is not null && expression is MethodCallExpression call && (call.Method == OfMethod || call.Method == GrowthMethod))
        {
            // Ratio.Of(n, d) = n / d and Ratio.Growth(c, p) = (c − p) / p, null for a zero divisor.
            var numerator = call.Method == OfMethod ? call.Arguments[0] : Expression.Subtract(call.Arguments[0], call.Arguments[1]);
            if (ranges.Of(numerator) is not { } n || ranges.Of(call.Arguments[1]) is not { } d)
            {
                return false;
            }

            // |n / d| ≤ n's bound × 10^-n.Scale over the smallest non-zero |d|, 10^-d.Scale.
            var quotient = n.Bound * BigInteger.Pow(10, Math.Max(d.Scale - n.Scale, 0));
            money.UnionWith(n.Money);
            money.UnionWith(d.Money);
            return quotient < QuotientLimit;
        }

        if (money is not null && ranges.Of(expression) is { } range)
        {
            money.UnionWith(range.Money);
            return true;
        }

        // Logic over values that cannot fail: comparisons, choices, a field of the record, a computed
        // value, a size-table row (the rows of SizeTable.Pick, <see cref="RowPicks"/>).
        return expression switch
        {
            ConstantExpression or ParameterExpression => true,
            MemberExpression { Expression: var owner, Member: PropertyInfo } => owner == input,
            ConditionalExpression choice => Holds(choice.Test, money) && Holds(choice.IfTrue, money) && Holds(choice.IfFalse, money),
            BinaryExpression { NodeType: ExpressionType.Equal or ExpressionType.NotEqual or ExpressionType.LessThan or ExpressionType.LessThanOrEqual
                or ExpressionType.GreaterThan or ExpressionType.GreaterThanOrEqual or ExpressionType.AndAlso or ExpressionType.OrElse } binary
                => (binary.Method is null || binary.Method.DeclaringType == typeof(decimal) || binary.Method.DeclaringType == typeof(string))
                    && Holds(binary.Left, money) && Holds(binary.Right, money),
            UnaryExpression { NodeType: ExpressionType.Not, Method: null } not => Holds(not.Operand, money),
            UnaryExpression { NodeType: ExpressionType.Convert, Method: null } wrap when Nullable.GetUnderlyingType(wrap.Type) == wrap.Operand.Type => Holds(wrap.Operand, money),
            MethodCallExpression row when row.Method == RowMethod => row.Arguments.All(a => Holds(a, money)),
            _ => false,
        };
    }
}

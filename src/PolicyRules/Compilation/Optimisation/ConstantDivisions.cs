using System.Linq.Expressions;
using System.Reflection;
using PolicyRules.Expressions;

namespace PolicyRules.Compilation.Optimisation;

/// <summary>
/// A decimal divided by a positive constant whose inverse is a decimal — <c>Ratio.Of(x, rdCap)</c>
/// with <c>rdCap = 0.10m</c>, <c>share / 100</c>, <c>(growthY1 + growthY2) / 2</c> — directly or through a parameter that names the
/// constant, as <see cref="ExactDivision.Divide"/>: the same decimal, bit for bit, mostly without
/// dividing. Fast kernel only; the explaining kernel divides as written.
/// </summary>
internal sealed class ConstantDivisions(IReadOnlyDictionary<ParameterExpression, Expression> bodies) : ExpressionVisitor
{
    private static readonly MethodInfo OfMethod = typeof(Ratio).GetMethod(nameof(Ratio.Of))!;

    public Expression Rewrite(Expression body) => Visit(body)!;

    protected override Expression VisitMethodCall(MethodCallExpression node)
    {
        var visited = (MethodCallExpression)base.VisitMethodCall(node);
        return visited.Method == OfMethod && Divided(visited.Arguments[0], visited.Arguments[1]) is { } quotient
            ? Expression.Convert(quotient, typeof(decimal?)) // a positive divisor: never the null of a zero one
            : visited;
    }

    protected override Expression VisitBinary(BinaryExpression node)
    {
        var visited = base.VisitBinary(node);
        if (visited is not BinaryExpression { NodeType: ExpressionType.Divide, Type: var type, Left: var left, Right: var right, Method: var method }
            || (method is not null && method.DeclaringType != typeof(decimal)))
        {
            return visited;
        }

        if (type == typeof(decimal))
        {
            return Divided(left, right) ?? visited;
        }

        // Lifted (decimal? / decimal?), as an average of two growths is: null stays null.
        if (type == typeof(decimal?) && left.Type == typeof(decimal?))
        {
            var operand = Expression.Variable(typeof(decimal?), "dividend");
            if (Divided(Expression.Property(operand, nameof(Nullable<decimal>.Value)), right) is { } quotient)
            {
                return Expression.Block(
                    [operand],
                    Expression.Assign(operand, left),
                    Expression.Condition(Expression.Property(operand, nameof(Nullable<decimal>.HasValue)), Expression.Convert(quotient, typeof(decimal?)), Expression.Constant(null, typeof(decimal?))));
            }
        }

        return visited;
    }

    private MethodCallExpression? Divided(Expression dividend, Expression divisor) =>
        dividend.Type == typeof(decimal) && ConstantOf(divisor) is { } value && ExactDivision.InverseOf(value) is var (mantissa, scale)
            ? Expression.Call(ExactDivision.DivideMethod, dividend, Expression.Constant(mantissa), Expression.Constant(scale), Expression.Constant((int)value.Scale), Expression.Constant(value))
            : null;

    /// <summary>The decimal a constant (a nullable one too), or a parameter whose body is a constant, holds; null for anything else.</summary>
    private decimal? ConstantOf(Expression expression) => expression switch
    {
        ConstantExpression { Value: decimal d } => d,
        ParameterExpression p when bodies.TryGetValue(p, out var body) && body is ConstantExpression { Value: decimal d } => d,
        _ => null,
    };
}

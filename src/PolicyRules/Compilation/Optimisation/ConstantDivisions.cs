using System.Linq.Expressions;
using System.Reflection;
using PolicyRules.Expressions;

namespace PolicyRules.Compilation.Optimisation;

/// <summary>
/// A decimal divided by a positive constant whose inverse is a decimal — <c>Ratio.Of(x, rdCap)</c>
/// with <c>rdCap = 0.10m</c>, <c>share / 100</c> — directly or through a parameter that names the
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
        return visited is BinaryExpression { NodeType: ExpressionType.Divide, Type: var type, Left: var left, Right: var right, Method: var method }
            && type == typeof(decimal) && (method is null || method.DeclaringType == typeof(decimal))
            && Divided(left, right) is { } quotient
            ? quotient
            : visited;
    }

    private MethodCallExpression? Divided(Expression dividend, Expression divisor) =>
        dividend.Type == typeof(decimal) && ConstantOf(divisor) is { } value && ExactDivision.InverseOf(value) is var (mantissa, scale)
            ? Expression.Call(ExactDivision.DivideMethod, dividend, Expression.Constant(mantissa), Expression.Constant(scale), Expression.Constant((int)value.Scale), Expression.Constant(value))
            : null;

    /// <summary>The decimal a constant, or a parameter whose body is a constant, holds; null for anything else.</summary>
    private decimal? ConstantOf(Expression expression) => expression switch
    {
        ConstantExpression { Value: decimal d } => d,
        ParameterExpression p when bodies.TryGetValue(p, out var body) && body is ConstantExpression { Value: decimal d } => d,
        _ => null,
    };
}

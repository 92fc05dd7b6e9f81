using System.Linq.Expressions;
using System.Reflection;

namespace PolicyRules.Compilation.Optimisation;

/// <summary>
/// <c>x in ("Medium", "Small", "Micro")</c> — <c>Enumerable.Contains</c> over a constant array of text,
/// enum members or whole numbers — as <c>x == "Medium" || x == "Small" || …</c>: the same equality
/// (ordinal for text, as the default comparer; by value for the others), without the call through the
/// array's collection interface for every record. Arrays of more than <see cref="MaxItems"/> stay calls.
/// </summary>
internal sealed class Memberships : ExpressionVisitor
{
    private const int MaxItems = 8;

    private static readonly MethodInfo StringEquals = typeof(string).GetMethod(nameof(string.Equals), [typeof(string), typeof(string)])!;

    public static readonly Memberships Instance = new();

    public Expression Rewrite(Expression body) => Visit(body)!;

    protected override Expression VisitMethodCall(MethodCallExpression node)
    {
        var visited = (MethodCallExpression)base.VisitMethodCall(node);
        if (visited.Method.DeclaringType != typeof(Enumerable) || visited.Method.Name != nameof(Enumerable.Contains)
            || visited.Arguments is not [ConstantExpression { Value: Array items }, var value] || items.Length is 0 or > MaxItems)
        {
            return visited;
        }

        var type = value.Type;
        if (type != typeof(string) && !type.IsEnum && type != typeof(int) && type != typeof(long))
        {
            return visited;
        }

        // The value once, then each comparison: it may be a call (a used programme's class).
        var read = Expression.Variable(type, "member");
        Expression? test = null;
        foreach (var item in items)
        {
            var constant = Expression.Constant(item, type);
            Expression equal = type == typeof(string) ? Expression.Call(StringEquals, read, constant) : Expression.Equal(read, constant);
            test = test is null ? equal : Expression.OrElse(test, equal);
        }

        return Expression.Block(typeof(bool), [read], Expression.Assign(read, value), test!);
    }
}

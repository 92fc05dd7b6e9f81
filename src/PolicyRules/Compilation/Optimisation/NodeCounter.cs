using System.Linq.Expressions;

namespace PolicyRules.Compilation.Optimisation;

/// <summary>Counts an expression tree's nodes, stopping past a limit (a tree may share subtrees, each counted where it stands).</summary>
internal sealed class NodeCounter : ExpressionVisitor
{
    private readonly int _limit;
    private int _count;

    private NodeCounter(int limit) => _limit = limit;

    /// <summary>Whether <paramref name="expression"/> has at most <paramref name="limit"/> nodes; visits at most one more.</summary>
    public static bool AtMost(Expression expression, int limit)
    {
        var counter = new NodeCounter(limit);
        counter.Visit(expression);
        return counter._count <= limit;
    }

    public override Expression? Visit(Expression? node)
    {
        if (node is null || _count > _limit)
        {
            return node;
        }

        _count++;
        return base.Visit(node);
    }
}

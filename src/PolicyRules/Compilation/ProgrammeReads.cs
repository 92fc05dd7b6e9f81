using System.Linq.Expressions;
using System.Reflection;
using PolicyRules.Evaluation;

namespace PolicyRules.Compilation;

/// <summary>
/// Rewrites a kernel's reads of used programmes — <c>programmes.Eligible("HighTechEnterprise")</c>,
/// <c>Score</c>, <c>Classification</c> — to read by the name's <see cref="ProgrammeIds"/> id, fixed when
/// the kernel is compiled: the same outcome, found without hashing the name for every record.
/// </summary>
internal sealed class ProgrammeReads : ExpressionVisitor
{
    private static readonly Dictionary<string, MethodInfo> ById = new(StringComparer.Ordinal)
    {
        [nameof(ProgrammeOutcomes.Eligible)] = typeof(ProgrammeOutcomes).GetMethod(nameof(ProgrammeOutcomes.EligibleAt), BindingFlags.NonPublic | BindingFlags.Instance)!,
        [nameof(ProgrammeOutcomes.Score)] = typeof(ProgrammeOutcomes).GetMethod(nameof(ProgrammeOutcomes.ScoreAt), BindingFlags.NonPublic | BindingFlags.Instance)!,
        [nameof(ProgrammeOutcomes.Classification)] = typeof(ProgrammeOutcomes).GetMethod(nameof(ProgrammeOutcomes.ClassificationAt), BindingFlags.NonPublic | BindingFlags.Instance)!,
    };

    private static readonly ProgrammeReads Instance = new();

    public static Expression<T> Rewrite<T>(Expression<T> kernel) => (Expression<T>)Instance.Visit(kernel);

    protected override Expression VisitMethodCall(MethodCallExpression node)
    {
        var visited = (MethodCallExpression)base.VisitMethodCall(node);
        return visited.Method.DeclaringType == typeof(ProgrammeOutcomes) && visited.Object is not null
            && visited.Arguments is [ConstantExpression { Value: string name } argument] && ById.TryGetValue(visited.Method.Name, out var method)
            ? Expression.Call(visited.Object, method, Expression.Constant(ProgrammeIds.Of(name)), argument)
            : visited;
    }
}

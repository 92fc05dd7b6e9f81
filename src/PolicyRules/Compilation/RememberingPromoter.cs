using System.Collections.Concurrent;
using System.Linq.Dynamic.Core;
using System.Linq.Dynamic.Core.Parser;
using System.Linq.Expressions;

namespace PolicyRules.Compilation;

/// <summary>
/// System.Linq.Dynamic.Core's own promoter, remembering its answers by type. The parser asks it
/// whether an operand converts to a parameter type for every overload of every operator and helper
/// it tries, and each question it cannot answer from the types alone scans both types' public static
/// methods for an <c>op_Implicit</c> — about a third of loading the bundled rules (issue 19). For
/// anything but a literal or a lambda its answer depends only on the operand's type, the target
/// type and the two flags, and it is one of three shapes: the operand itself, a plain conversion of
/// it, or none. Those are remembered; any other answer (literals, enum conversions) is asked afresh
/// every time, so the trees are the ones the library builds by itself — and RulesEngine with it.
/// </summary>
internal sealed class RememberingPromoter(ParsingConfig config) : ExpressionPromoter(config)
{
    private enum Answer : byte
    {
        None,
        Operand,
        Conversion,
        AskEveryTime,
    }

    private static readonly ConcurrentDictionary<(Type From, Type To, bool Exact, bool Convert), Answer> Answers = new();

    public override Expression? Promote(Expression sourceExpression, Type type, bool exact, bool convertExpression)
    {
        // Types emitted for declared record kinds are collected with their rule set: memory must not keep them.
        if (sourceExpression is ConstantExpression or LambdaExpression || sourceExpression.Type.IsCollectible || type.IsCollectible)
        {
            return base.Promote(sourceExpression, type, exact, convertExpression);
        }

        var key = (sourceExpression.Type, type, exact, convertExpression);
        if (Answers.TryGetValue(key, out var answer))
        {
            return answer switch
            {
                Answer.None => null,
                Answer.Operand => sourceExpression,
                Answer.Conversion => Expression.Convert(sourceExpression, type),
                _ => base.Promote(sourceExpression, type, exact, convertExpression),
            };
        }

        var promoted = base.Promote(sourceExpression, type, exact, convertExpression);
        Answers.TryAdd(key, Classify(sourceExpression, type, promoted));
        return promoted;
    }

    /// <summary>True when some remembered answer names a type that could otherwise be collected (a test watches).</summary>
    internal static bool HoldsCollectibleTypes => Answers.Keys.Any(k => k.From.IsCollectible || k.To.IsCollectible);

    /// <summary>Which remembered shape <paramref name="promoted"/> has: one that the types alone rebuild equal.</summary>
    private static Answer Classify(Expression operand, Type type, Expression? promoted) => promoted switch
    {
        null => Answer.None,
        _ when ReferenceEquals(promoted, operand) => Answer.Operand,
        UnaryExpression { NodeType: ExpressionType.Convert } conversion
            when ReferenceEquals(conversion.Operand, operand) && conversion.Type == type && conversion.Method == Expression.Convert(operand, type).Method
            => Answer.Conversion,
        _ => Answer.AskEveryTime,
    };
}

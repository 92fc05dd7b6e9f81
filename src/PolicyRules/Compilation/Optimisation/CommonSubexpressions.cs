using System.Linq.Expressions;
using System.Reflection;
using System.Text;
using PolicyRules.Evaluation;

namespace PolicyRules.Compilation.Optimisation;

/// <summary>
/// Computes once per record, before the fast kernel's parameters, each sub-expression that occurs more
/// than once in a programme and reads only the record, the evaluation date and the used programmes'
/// outcomes — a choice of an enum field, a comparison of an amount with a bound, a used programme's
/// class read in several criteria. Parameters already give each named value one evaluation; this
/// covers what authors repeat without naming it.
/// </summary>
/// <remarks>
/// Evaluation is lazy only inside an expression (<c>&amp;&amp;</c>, <c>||</c>, <c>?:</c>, <c>??</c>) and
/// for outputs (computed for eligible records): every parameter and every criterion is evaluated. So
/// a value that cannot fail is hoisted whatever its positions; one that can (reading a used
/// programme's outcome) only when one of its occurrences is evaluated for every record anyway, so the
/// hoisting never makes a record fail that did not. Nothing here changes a value: the same tree is
/// evaluated, once.
/// </remarks>
internal sealed class CommonSubexpressions
{
    private readonly IReadOnlySet<ParameterExpression> _sources;
    private readonly Dictionary<string, Candidate> _candidates = new(StringComparer.Ordinal);

    private CommonSubexpressions(IReadOnlySet<ParameterExpression> sources) => _sources = sources;

    /// <param name="sources">The parameters a hoisted value may read: the record, the date, the used programmes.</param>
    /// <param name="always">Trees evaluated for every record (parameters, criteria).</param>
    /// <param name="sometimes">Trees evaluated for some (outputs).</param>
    public static CommonSubexpressions Find(IReadOnlySet<ParameterExpression> sources, IEnumerable<Expression> always, IEnumerable<Expression> sometimes)
    {
        var found = new CommonSubexpressions(sources);
        foreach (var tree in always)
        {
            found.Count(tree, evaluated: true);
        }

        foreach (var tree in sometimes)
        {
            found.Count(tree, evaluated: false);
        }

        var order = 0;
        foreach (var candidate in found._candidates.Values.Where(c => c.Count > 1 && (c.Safe || c.AlwaysEvaluated)).OrderBy(c => c.Size))
        {
            candidate.Variable = Expression.Variable(candidate.Tree.Type, "shared" + order++);
        }

        return found;
    }

    /// <summary>The hoisted values in an order where each may read those before it: assign them first.</summary>
    public IEnumerable<(ParameterExpression Variable, Expression Value)> Hoisted =>
        _candidates.Values.Where(c => c.Variable is not null).OrderBy(c => c.Size).Select(c => (c.Variable!, Replace(c.Tree, c)));

    /// <summary><paramref name="tree"/> reading the hoisted values instead of computing them again.</summary>
    public Expression Rewrite(Expression tree) => Replace(tree, null);

    private Expression Replace(Expression tree, Candidate? self) => new Replacer(this, self).Visit(tree)!;

    /// <summary>Counts the candidates in <paramref name="node"/>; returns (key, safe, size) of the node, key null when it cannot be hoisted.</summary>
    private (string? Key, bool Safe, int Size) Count(Expression? node, bool evaluated)
    {
        if (node is null)
        {
            return ("", true, 0);
        }

        var children = Children(node);
        var key = new StringBuilder().Append('(').Append(node.NodeType).Append(':').Append(node.Type.FullName);
        var hoistable = Own(node, key, out var safe);
        var size = 1;
        for (var i = 0; i < children.Count; i++)
        {
            var (child, childEvaluated) = children[i];
            var (childKey, childSafe, childSize) = Count(child, evaluated && childEvaluated);
            hoistable &= childKey is not null;
            safe &= childSafe;
            size += childSize;
            key.Append(' ').Append(childKey);
        }

        if (!hoistable)
        {
            return (null, false, size);
        }

        var text = key.Append(')').ToString();
        if (node is not (ConstantExpression or ParameterExpression or MemberExpression) && node.Type != typeof(void) && !(node is UnaryExpression { NodeType: ExpressionType.Convert, Operand: ConstantExpression or MemberExpression }))
        {
            if (!_candidates.TryGetValue(text, out var candidate))
            {
                _candidates[text] = candidate = new Candidate(node, text, safe, size);
            }

            candidate.Count++;
            candidate.AlwaysEvaluated |= evaluated;
        }

        return (text, safe, size);
    }

    /// <summary>Whether a node of this kind may be hoisted at all (its own part of the key appended), and whether it cannot fail.</summary>
    private bool Own(Expression node, StringBuilder key, out bool safe)
    {
        safe = true;
        switch (node)
        {
            case ConstantExpression { Value: null or string or bool or int or long or decimal or Enum or DateOnly } constant:
                key.Append('=').Append(constant.Value is decimal d ? d.ToString(System.Globalization.CultureInfo.InvariantCulture) : Convert.ToString(constant.Value, System.Globalization.CultureInfo.InvariantCulture)?.Replace(")", "\\)", StringComparison.Ordinal));
                return true;
            case ParameterExpression parameter:
                key.Append('$').Append(parameter.Name);
                return _sources.Contains(parameter);
            case MemberExpression { Member: PropertyInfo property }:
                // Record fields, Nullable.HasValue; Nullable.Value can fail.
                key.Append('.').Append(property.DeclaringType?.FullName).Append('.').Append(property.Name);
                safe = property.Name != "Value" || Nullable.GetUnderlyingType(property.DeclaringType!) is null;
                return true;
            case UnaryExpression { NodeType: ExpressionType.Convert or ExpressionType.Not } unary:
                key.Append(unary.Method?.Name);
                // Widening conversions and enum ↔ number cannot fail; a narrowing one (decimal to int) can.
                safe = unary.NodeType == ExpressionType.Not || Widening(unary.Operand.Type, unary.Type);
                return true;
            case BinaryExpression binary when binary.NodeType is ExpressionType.Equal or ExpressionType.NotEqual or ExpressionType.LessThan
                    or ExpressionType.LessThanOrEqual or ExpressionType.GreaterThan or ExpressionType.GreaterThanOrEqual
                    or ExpressionType.AndAlso or ExpressionType.OrElse:
                key.Append(binary.Method?.DeclaringType?.FullName).Append(binary.Method?.Name).Append(binary.IsLiftedToNull);
                return binary.Conversion is null;
            case ConditionalExpression:
                return true;
            case MethodCallExpression { Object: ParameterExpression } call when call.Method.DeclaringType == typeof(ProgrammeOutcomes):
                // Reading a used programme's outcome fails only when it was not evaluated first: the same for every occurrence.
                key.Append(call.Method.Name);
                safe = false;
                return true;
            case MethodCallExpression { Object: null } call when call.Method.DeclaringType == typeof(string) || call.Method == ContainsString:
                key.Append(call.Method.DeclaringType!.FullName).Append(call.Method.Name).Append(call.Arguments.Count);
                return true;
            case NewArrayExpression { NodeType: ExpressionType.NewArrayInit }:
                return true;
            default:
                return false;
        }
    }

    private static readonly MethodInfo ContainsString = typeof(Enumerable).GetMethods()
        .Single(m => m.Name == nameof(Enumerable.Contains) && m.GetParameters().Length == 2).MakeGenericMethod(typeof(string));

    /// <summary>A conversion that loses nothing (int or long to a wider number, an enum to its underlying type, T to T?).</summary>
    internal static bool Widening(Type from, Type to)
    {
        var target = Nullable.GetUnderlyingType(to) ?? to;
        return from == to || Nullable.GetUnderlyingType(to) == from
            || (from == typeof(int) && (target == typeof(long) || target == typeof(decimal)))
            || (from == typeof(long) && target == typeof(decimal))
            || (from.IsEnum && (target == Enum.GetUnderlyingType(from) || target == typeof(long)));
    }

    /// <summary>The operands of <paramref name="node"/>, each with whether it is evaluated whenever the node is.</summary>
    private static List<(Expression? Child, bool Evaluated)> Children(Expression node) => node switch
    {
        BinaryExpression { NodeType: ExpressionType.AndAlso or ExpressionType.OrElse or ExpressionType.Coalesce } b => [(b.Left, true), (b.Right, false)],
        BinaryExpression b => [(b.Left, true), (b.Right, true)],
        UnaryExpression u => [(u.Operand, true)],
        ConditionalExpression c => [(c.Test, true), (c.IfTrue, false), (c.IfFalse, false)],
        MethodCallExpression m => [(m.Object, true), .. m.Arguments.Select(a => ((Expression?)a, true))],
        MemberExpression m => [(m.Expression, true)],
        NewArrayExpression a => [.. a.Expressions.Select(e => ((Expression?)e, true))],
        _ => [(null, true)], // leaves; and nodes not hoisted, whose children are not looked into
    };

    private sealed class Candidate(Expression tree, string key, bool safe, int size)
    {
        public Expression Tree { get; } = tree;

        public string Key { get; } = key;

        public bool Safe { get; } = safe;

        public int Size { get; } = size;

        public int Count { get; set; }

        public bool AlwaysEvaluated { get; set; }

        public ParameterExpression? Variable { get; set; }
    }

    /// <summary>Replaces each hoisted sub-expression (the largest first) by its variable.</summary>
    private sealed class Replacer(CommonSubexpressions owner, Candidate? self) : ExpressionVisitor
    {
        public override Expression? Visit(Expression? node)
        {
            if (node is null)
            {
                return null;
            }

            var (key, _, _) = new CommonSubexpressions(owner._sources).Count(node, evaluated: false);
            if (key is not null && owner._candidates.TryGetValue(key, out var candidate) && candidate.Variable is not null && candidate != self)
            {
                return candidate.Variable;
            }

            return base.Visit(node);
        }
    }
}

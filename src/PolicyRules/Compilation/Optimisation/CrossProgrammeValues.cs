using System.Linq.Expressions;
using System.Reflection;
using System.Text;

namespace PolicyRules.Compilation.Optimisation;

/// <summary>
/// Finds the values that several sections of a combined kernel (one per programme of a screening
/// run) compute from the record and the date alone — three-year sums, ratios, comparisons, a size
/// class — so each is computed once per record (issue 19). The idea of <see cref="CommonSubexpressions"/>
/// across programmes, with two additions: a parameter stands for the expression that defines it (so
/// <c>rdTotal3y</c> of one programme and <c>revenueTotal3y</c>'s sum of another are the same value
/// when their definitions are), and arithmetic and helper calls, which can fail, are shared too.
/// </summary>
/// <remarks>
/// Where a value is computed decides which programme a failure is reported for. A value that cannot
/// fail is computed before every section. One that can is computed at the start of the first section
/// that evaluates it for every record, and read from there on; a section before it that evaluates it
/// only sometimes computes its own. So a record fails in the same programme as with separate kernels,
/// and no record fails that did not. Nothing here changes a value: the same tree is evaluated, once.
/// </remarks>
internal sealed class CrossProgrammeValues
{
    private const string Conflict = "\u0000conflict";

    private readonly IReadOnlySet<ParameterExpression> _inputs;
    private readonly ParameterExpression _input;
    private readonly ParameterExpression _asOf;
    private readonly Dictionary<Expression, string> _keys = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<ParameterExpression, (Expression Tree, string Key, bool Safe, int Size)> _definitions = [];
    private readonly HashSet<ParameterExpression> _assignedOnce;
    private readonly Dictionary<string, Candidate> _candidates = new(StringComparer.Ordinal);
    private int _section;

    private CrossProgrammeValues(IReadOnlySet<ParameterExpression> inputs, ParameterExpression input, ParameterExpression asOf, IEnumerable<Expression> sections)
    {
        _inputs = inputs;
        _input = input;
        _asOf = asOf;
        _assignedOnce = AssignmentCounter.AssignedOnce(sections);
    }

    /// <param name="inputs">Each section's typed record variable: all hold the one record.</param>
    /// <param name="input">The combined kernel's typed record variable, assigned before any hoisted value.</param>
    /// <param name="asOf">The evaluation date.</param>
    /// <param name="sections">The sections' bodies, in the order they run.</param>
    public static CrossProgrammeValues Find(IReadOnlySet<ParameterExpression> inputs, ParameterExpression input, ParameterExpression asOf, IReadOnlyList<Expression> sections)
    {
        var found = new CrossProgrammeValues(inputs, input, asOf, sections);
        for (var i = 0; i < sections.Count; i++)
        {
            found._section = i;
            found.Walk(sections[i], evaluated: true);
        }

        var order = 0;
        foreach (var candidate in found._candidates.Values.Where(c => c.Shared).OrderBy(c => c.Size))
        {
            candidate.Variable = Expression.Variable(candidate.Tree.Type, "common" + order++);
        }

        return found;
    }

    /// <summary>The values computed before every section (they cannot fail), each after those it reads.</summary>
    public IEnumerable<(ParameterExpression Variable, Expression Value)> BeforeAll => Hoisted(-1);

    /// <summary>The values computed at the start of section <paramref name="section"/>, each after those it reads.</summary>
    public IEnumerable<(ParameterExpression Variable, Expression Value)> AtStartOf(int section) => Hoisted(section);

    /// <summary>How many values are computed once instead of several times.</summary>
    public int Count => _candidates.Values.Count(c => c.Variable is not null);

    /// <summary>Section <paramref name="section"/>'s body reading the shared values computed by then instead of computing them again.</summary>
    public Expression Rewrite(Expression body, int section) => new Replacer(this, null, section).Visit(body)!;

    private IEnumerable<(ParameterExpression, Expression)> Hoisted(int section) =>
        _candidates.Values.Where(c => c.Variable is not null && c.Placement == section).OrderBy(c => c.Size)
            .Select(c => (c.Variable!, new Replacer(this, c, section).Visit(c.Tree)!));

    /// <summary>Walks a tree in evaluation order, counting candidates; returns the node's key (null: not a value of the record and date alone), whether it cannot fail, and its size.</summary>
    private (string? Key, bool Safe, int Size) Walk(Expression? node, bool evaluated)
    {
        switch (node)
        {
            case null:
                return ("", true, 0);
            case BlockExpression block:
                foreach (var statement in block.Expressions)
                {
                    Walk(statement, evaluated);
                }

                return (null, false, 1);
            case BinaryExpression { NodeType: ExpressionType.Assign, Left: ParameterExpression variable } assign:
                var (definitionKey, definitionSafe, definitionSize) = Walk(assign.Right, evaluated);
                if (definitionKey is not null && evaluated && _assignedOnce.Contains(variable))
                {
                    // Evaluated for every record reaching this section, before every later read.
                    _definitions[variable] = (assign.Right, definitionKey, definitionSafe, definitionSize);
                }

                return (null, false, 1);
        }

        var children = Children(node);
        var text = new StringBuilder().Append('(').Append(node.NodeType).Append(':').Append(node.Type.FullName);
        var hoistable = Own(node, text, out var ownSafe, out var parameterKey);
        if (parameterKey is { } parameter)
        {
            return Remember(node, parameter.Key, parameter.Safe, parameter.Size);
        }

        var allSafe = ownSafe;
        var size = 1;
        foreach (var (child, childEvaluated) in children)
        {
            var (childKey, childSafe, childSize) = Walk(child, evaluated && childEvaluated);
            hoistable &= childKey is not null;
            allSafe &= childSafe;
            size += childSize;
            text.Append(' ').Append(childKey);
        }

        if (!hoistable || node.Type == typeof(void))
        {
            return (null, false, size);
        }

        var nodeKey = text.Append(')').ToString();
        if (node is not (ConstantExpression or ParameterExpression or MemberExpression or NewArrayExpression)
            && !(node is UnaryExpression { NodeType: ExpressionType.Convert, Operand: ConstantExpression or MemberExpression or ParameterExpression }))
        {
            if (!_candidates.TryGetValue(nodeKey, out var candidate))
            {
                _candidates[nodeKey] = candidate = new Candidate(node, allSafe, size);
            }

            candidate.Occurrences.Add((_section, evaluated));
        }

        return Remember(node, nodeKey, allSafe, size);
    }

    private (string?, bool, int) Remember(Expression node, string key, bool safe, int size)
    {
        // The same node object read before and after a definition would have two keys: replace it nowhere.
        _keys[node] = _keys.TryGetValue(node, out var before) && before != key ? Conflict : key;
        return (key, safe, size);
    }

    /// <summary>Whether a node of this kind may be shared (its own part of the key appended) and whether it cannot fail; a parameter's whole key.</summary>
    private bool Own(Expression node, StringBuilder key, out bool safe, out (string Key, bool Safe, int Size)? parameterKey)
    {
        safe = true;
        parameterKey = null;
        switch (node)
        {
            case ConstantExpression { Value: null or string or bool or int or long or decimal or Enum or DateOnly } constant:
                key.Append('=').Append(constant.Value is decimal d ? d.ToString(System.Globalization.CultureInfo.InvariantCulture) : Convert.ToString(constant.Value, System.Globalization.CultureInfo.InvariantCulture)?.Replace(")", "\\)", StringComparison.Ordinal));
                return true;
            case ParameterExpression parameter when _inputs.Contains(parameter) || parameter == _input:
                parameterKey = ("(input)", true, 1);
                return true;
            case ParameterExpression parameter when parameter == _asOf:
                parameterKey = ("(asOf)", true, 1);
                return true;
            case ParameterExpression parameter when _definitions.TryGetValue(parameter, out var definition):
                parameterKey = (definition.Key, definition.Safe, definition.Size); // its size too: values it reads are computed before it
                return true;
            case ParameterExpression:
                safe = false;
                return false;
            case MemberExpression { Member: PropertyInfo property, Expression: not null }:
                key.Append('.').Append(property.DeclaringType?.FullName).Append('.').Append(property.Name);
                // A record's fields, Nullable.HasValue and a date's parts cannot fail; Nullable.Value and others can.
                safe = (property.DeclaringType is { } type && _inputs.Any(i => type.IsAssignableFrom(i.Type)))
                    || property.DeclaringType == typeof(DateOnly)
                    || (property.Name == "HasValue" && Nullable.GetUnderlyingType(property.DeclaringType!) is not null);
                return true;
            case UnaryExpression { NodeType: ExpressionType.Convert or ExpressionType.ConvertChecked or ExpressionType.Not or ExpressionType.Negate or ExpressionType.NegateChecked or ExpressionType.UnaryPlus } unary:
                key.Append(unary.Method?.DeclaringType?.FullName).Append(unary.Method?.Name);
                safe = unary.NodeType == ExpressionType.Not || (unary.NodeType == ExpressionType.Convert && unary.Method is null && CommonSubexpressions.Widening(unary.Operand.Type, unary.Type));
                return true;
            case BinaryExpression binary when binary.Conversion is null && binary.NodeType is ExpressionType.Equal or ExpressionType.NotEqual or ExpressionType.LessThan
                    or ExpressionType.LessThanOrEqual or ExpressionType.GreaterThan or ExpressionType.GreaterThanOrEqual
                    or ExpressionType.AndAlso or ExpressionType.OrElse or ExpressionType.Coalesce:
                key.Append(binary.Method?.DeclaringType?.FullName).Append(binary.Method?.Name).Append(binary.IsLiftedToNull);
                return true;
            case BinaryExpression binary when binary.NodeType is ExpressionType.Add or ExpressionType.AddChecked or ExpressionType.Subtract or ExpressionType.SubtractChecked
                    or ExpressionType.Multiply or ExpressionType.MultiplyChecked or ExpressionType.Divide or ExpressionType.Modulo:
                key.Append(binary.Method?.DeclaringType?.FullName).Append(binary.Method?.Name).Append(binary.IsLiftedToNull);
                safe = false; // decimal overflows, division by zero
                return true;
            case ConditionalExpression:
                return true;
            case MethodCallExpression call when Pure(call.Method):
                key.Append(call.Method.DeclaringType!.FullName).Append('.').Append(call.Method.Name).Append('`').Append(string.Join(",", call.Method.GetParameters().Select(p => p.ParameterType.Name)));
                safe = false;
                return true;
            case NewArrayExpression { NodeType: ExpressionType.NewArrayInit }:
                return true;
            default:
                safe = false;
                return false;
        }
    }

    /// <summary>Methods that read only their arguments: the helpers rules may call, the base library's members the allow-list admits.</summary>
    private static bool Pure(MethodInfo method) =>
        method.DeclaringType is { } type
        && (AllowList.HelperTypes.Contains(type) || type.Namespace == "PolicyRules.Expressions"
            || type == typeof(decimal) || type == typeof(string) || type == typeof(Math) || type == typeof(DateOnly)
            || (type == typeof(Enumerable) && method.Name == nameof(Enumerable.Contains)));

    /// <summary>The operands of <paramref name="node"/>, each with whether it is evaluated whenever the node is; for unknown kinds, every child, as sometimes evaluated.</summary>
    private static List<(Expression? Child, bool Evaluated)> Children(Expression node) => node switch
    {
        BinaryExpression { NodeType: ExpressionType.AndAlso or ExpressionType.OrElse or ExpressionType.Coalesce } b => [(b.Left, true), (b.Right, false)],
        BinaryExpression { NodeType: ExpressionType.Assign } b => [(b.Right, true)],
        BinaryExpression b => [(b.Left, true), (b.Right, true)],
        UnaryExpression u => [(u.Operand, true)],
        ConditionalExpression c => [(c.Test, true), (c.IfTrue, false), (c.IfFalse, false)],
        MethodCallExpression m => [(m.Object, true), .. m.Arguments.Select(a => ((Expression?)a, true))],
        MemberExpression m => [(m.Expression, true)],
        NewArrayExpression a => [.. a.Expressions.Select(e => ((Expression?)e, true))],
        ConstantExpression or ParameterExpression or DefaultExpression => [],
        _ => [.. DirectChildren.Of(node).Select(c => ((Expression?)c, false))],
    };

    private sealed class Candidate(Expression tree, bool safe, int size)
    {
        public Expression Tree { get; } = tree;

        public bool Safe { get; } = safe;

        public int Size { get; } = size;

        /// <summary>Each occurrence: its section, and whether that section evaluates it for every record.</summary>
        public List<(int Section, bool Evaluated)> Occurrences { get; } = [];

        /// <summary>
        /// Where the value is computed: before every section (-1) when it cannot fail; else at the start
        /// of the first section that evaluates it for every record (earlier sections compute their own).
        /// </summary>
        public int Placement => Safe ? -1 : Occurrences.Where(o => o.Evaluated).Select(o => o.Section).DefaultIfEmpty(int.MaxValue).Min();

        /// <summary>Whether computing it once saves work: it is read at least twice where it is available.</summary>
        public bool Shared => Placement != int.MaxValue && Occurrences.Count(o => o.Section >= Placement) > 1;

        public ParameterExpression? Variable { get; set; }
    }

    /// <summary>
    /// Replaces each shared value (the largest first) by its variable; in a hoisted value, also each
    /// section's record variable by the combined one and each parameter by its definition.
    /// </summary>
    private sealed class Replacer(CrossProgrammeValues owner, Candidate? self, int section) : ExpressionVisitor
    {
        public override Expression? Visit(Expression? node)
        {
            if (node is null)
            {
                return null;
            }

            if (owner._keys.TryGetValue(node, out var key) && owner._candidates.TryGetValue(key, out var candidate)
                && candidate.Variable is not null && candidate != self && node is not ParameterExpression && candidate.Placement <= section)
            {
                return candidate.Variable;
            }

            if (self is not null && node is ParameterExpression parameter)
            {
                if (owner._inputs.Contains(parameter))
                {
                    return owner._input;
                }

                if (owner._definitions.TryGetValue(parameter, out var definition))
                {
                    return Visit(definition.Tree);
                }
            }

            return base.Visit(node);
        }
    }

    /// <summary>The variables assigned exactly once (and written in no other way) in the sections.</summary>
    private sealed class AssignmentCounter : ExpressionVisitor
    {
        private readonly Dictionary<ParameterExpression, int> _writes = [];

        public static HashSet<ParameterExpression> AssignedOnce(IEnumerable<Expression> sections)
        {
            var counter = new AssignmentCounter();
            foreach (var section in sections)
            {
                counter.Visit(section);
            }

            return [.. counter._writes.Where(w => w.Value == 1).Select(w => w.Key)];
        }

        protected override Expression VisitBinary(BinaryExpression node)
        {
            if (node.Left is ParameterExpression variable && (node.NodeType == ExpressionType.Assign || Compound(node.NodeType)))
            {
                _writes[variable] = _writes.GetValueOrDefault(variable) + (node.NodeType == ExpressionType.Assign ? 1 : 2);
            }

            return base.VisitBinary(node);
        }

        private static bool Compound(ExpressionType type) => type is ExpressionType.AddAssign or ExpressionType.AddAssignChecked or ExpressionType.SubtractAssign
            or ExpressionType.SubtractAssignChecked or ExpressionType.MultiplyAssign or ExpressionType.MultiplyAssignChecked or ExpressionType.DivideAssign
            or ExpressionType.ModuloAssign or ExpressionType.AndAssign or ExpressionType.OrAssign or ExpressionType.ExclusiveOrAssign or ExpressionType.PowerAssign
            or ExpressionType.LeftShiftAssign or ExpressionType.RightShiftAssign;

        protected override Expression VisitUnary(UnaryExpression node)
        {
            if (node.Operand is ParameterExpression variable && node.NodeType is ExpressionType.PreIncrementAssign or ExpressionType.PreDecrementAssign
                    or ExpressionType.PostIncrementAssign or ExpressionType.PostDecrementAssign)
            {
                _writes[variable] = 2;
            }

            return base.VisitUnary(node);
        }
    }

    /// <summary>The direct children of a node of any kind.</summary>
    private sealed class DirectChildren : ExpressionVisitor
    {
        private readonly List<Expression> _found = [];
        private bool _inside;

        public static List<Expression> Of(Expression node)
        {
            var children = new DirectChildren();
            children.Visit(node);
            return children._found;
        }

        public override Expression? Visit(Expression? node)
        {
            if (node is null)
            {
                return null;
            }

            if (_inside)
            {
                _found.Add(node);
                return node;
            }

            _inside = true;
            return base.Visit(node);
        }
    }
}

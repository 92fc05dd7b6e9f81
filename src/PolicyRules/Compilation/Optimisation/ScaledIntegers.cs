using System.Collections.Immutable;
using System.Linq.Expressions;
using System.Numerics;
using System.Reflection;
using PolicyRules.Expressions;
using PolicyRules.Model;

namespace PolicyRules.Compilation.Optimisation;

/// <summary>
/// Restates a decimal expression over the record as a scaled integer: an expression of type
/// <see cref="long"/> or <see cref="Int128"/> whose value is exactly the decimal's × 10^Scale. Money
/// fields are read as fen, once per record (<see cref="Prologue"/>); counts as themselves; constants as
/// their mantissas; sums align scales by a power of ten; products add them.
/// </summary>
/// <remarks>
/// <para>Why the integer equals the decimal: every node translated is one <see cref="ExactRange"/>
/// proves exact in decimal (no mantissa reaches 2^96, no scale passes 28), so the decimal the rule as
/// written computes is the exact rational value; the integer computes the same value × 10^Scale, and
/// each node's bound (checked at compile time, below 2^63 or 2^127) shows it cannot overflow. Whole
/// number (int, long) arithmetic is taken as written, wrapping included, and only widened.</para>
/// <para>That holds for money within the fast path's contract (whole fen, at most <see cref="Fen.MaxFen"/>);
/// the contract flag <see cref="Contract"/> is true only when every money field read holds it, and each
/// rewritten criterion tests it first, falling back to the rule as written.</para>
/// </remarks>
internal sealed partial class ScaledIntegers(ParameterExpression input, RecordSchema schema, IReadOnlyDictionary<ParameterExpression, Expression> bodies, ParameterExpression contract)
{
    private static readonly BigInteger LongLimit = BigInteger.One << 63;
    private static readonly BigInteger Int128Limit = BigInteger.One << 127;
    private static readonly MethodInfo MaxMethod = typeof(Num).GetMethod(nameof(Num.Max))!;
    private static readonly MethodInfo MinMethod = typeof(Num).GetMethod(nameof(Num.Min))!;
    private static readonly MethodInfo CompoundFactorMethod = typeof(Ratio).GetMethod(nameof(Ratio.CompoundFactor))!;
    private static readonly ConstructorInfo Int128Constructor = typeof(Int128).GetConstructor([typeof(ulong), typeof(ulong)])!;

    private readonly Dictionary<PropertyInfo, ParameterExpression> _fen = [];
    private readonly HashSet<ParameterExpression> _visiting = [];

    /// <summary>True for the record when every money field the integer criteria read keeps the contract.</summary>
    public ParameterExpression Contract => contract;

    /// <summary>Whether any money field is read as fen (and so the contract must be computed).</summary>
    public bool ReadsMoney => _fen.Count > 0;

    /// <summary>
    /// What the kernel computes first for each record: the contract, then each money field in fen (the
    /// per-record cache the criteria share), each conversion clearing the contract when its field breaks it.
    /// </summary>
    public IEnumerable<(ParameterExpression Variable, Expression Value)> Prologue
    {
        get
        {
            if (_fen.Count == 0)
            {
                yield break;
            }

            yield return (contract, Expression.Constant(true));
            foreach (var (property, variable) in _fen.OrderBy(f => f.Key.Name, StringComparer.Ordinal))
            {
                yield return (variable, Expression.Call(Fen.OfMethod, Expression.Property(input, property), contract));
            }
        }
    }

    /// <summary>The fen of a money field (a <see cref="long"/>), registered for the prologue (also for criteria that only need its contract).</summary>
    public ParameterExpression FenOf(PropertyInfo property)
    {
        if (!_fen.TryGetValue(property, out var variable))
        {
            _fen[property] = variable = Expression.Variable(typeof(long), "fen" + property.Name);
        }

        return variable;
    }

    /// <summary>
    /// <paramref name="expression"/> (decimal, or a whole number) as an integer of <paramref name="type"/>
    /// (long or Int128) scaled by 10^Scale, or null when that is not provably exact. Callers try long first.
    /// </summary>
    public Scaled? Translate(Expression expression, Type type)
    {
        var limit = type == typeof(long) ? LongLimit : Int128Limit;
        var result = expression switch
        {
            ConstantExpression { Value: decimal d } => Constant(d, type),
            ConstantExpression { Value: int i } => Whole(expression, i, type),
            ConstantExpression { Value: long l } => Whole(expression, l, type),
            MemberExpression { Expression: var owner, Member: PropertyInfo property } when owner == input => Field(expression, property, type),
            ParameterExpression variable => Variable(variable, type),
            UnaryExpression { NodeType: ExpressionType.Convert, Operand: var operand } convert => Convert(convert, operand, type),
            BinaryExpression { NodeType: ExpressionType.Add or ExpressionType.Subtract } binary when binary.Type == typeof(decimal) => Sum(binary, type),
            BinaryExpression { NodeType: ExpressionType.Multiply } binary when binary.Type == typeof(decimal) => Product(binary, type),
            BinaryExpression { NodeType: ExpressionType.Divide } binary
                when binary.Type == typeof(decimal) && (binary.Method is null || binary.Method.DeclaringType == typeof(decimal)) => Quotient(binary, type),
            BinaryExpression { NodeType: ExpressionType.Add or ExpressionType.Subtract or ExpressionType.Multiply } binary
                when binary.Type == typeof(int) || binary.Type == typeof(long) => Wrapped(binary, type),
            MethodCallExpression call when call.Method == MaxMethod || call.Method == MinMethod => Extreme(call, type),
            MethodCallExpression { Arguments: [var rate, ConstantExpression { Value: int years }] } call
                when call.Method == CompoundFactorMethod && years is >= 0 and <= 10 => Compound(rate, years, type),
            ConditionalExpression conditional when conditional.Type == typeof(decimal) => Choice(conditional, type),
            BlockExpression block when block.Type == typeof(decimal) => Block(block, type),
            _ => null,
        };
        // A decimal node must also be exact in decimal, as the rule as written computes it: no mantissa
        // reaching 2^96, no scale past 28 (then decimal neither rounds nor overflows).
        var exactInDecimal = expression.Type != typeof(decimal) || result is { Bound: var b, Scale: <= 28 } && b < ExactRange.DecimalLimit;
        return result is { } r && r.Bound < limit && exactInDecimal ? r : null;
    }

    /// <summary>
    /// A comparison of two decimals (or whole numbers) as the same comparison of integers at one scale,
    /// or null. <paramref name="money"/> tells whether it reads fen (and so needs the contract).
    /// </summary>
    public Expression? Compare(ExpressionType op, Expression left, Expression right, out bool money)
    {
        money = false;
        foreach (var type in (ReadOnlySpan<Type>)[typeof(long), typeof(Int128)])
        {
            if (Translate(left, type) is { } l && Translate(right, type) is { } r
                && Align(l, Math.Max(l.Scale, r.Scale), type) is { } a && Align(r, Math.Max(l.Scale, r.Scale), type) is { } b)
            {
                money = l.ReadsMoney || r.ReadsMoney;
                return (type == typeof(long) ? null : Reduced(op, a.Value, b.Value)) ?? Expression.MakeBinary(op, a.Value, b.Value);
            }
        }

        return null;
    }

    /// <summary><paramref name="value"/> restated at the finer <paramref name="scale"/>, or null when that could overflow.</summary>
    public static Scaled? Align(Scaled value, int scale, Type type)
    {
        if (scale == value.Scale)
        {
            return value;
        }

        var factor = BigInteger.Pow(10, scale - value.Scale);
        var bound = value.Bound * factor;
        // The factor is a constant of the type too: a zero (bound 0) aligned to 19 decimals needs 10^19, past long.
        if (bound >= Limit(type) || factor >= Limit(type))
        {
            return null;
        }

        // A constant is aligned here: the kernel would otherwise multiply two constants for every record.
        var aligned = ConstantOf(value.Value) is { } constant
            ? IntegerConstant(constant * factor, type)
            : Expression.Multiply(value.Value, IntegerConstant(factor, type));
        return value with { Value = aligned, Scale = scale, Bound = bound };
    }

    /// <summary>The value of an integer constant made by <see cref="IntegerConstant"/>, or null for anything else.</summary>
    private static BigInteger? ConstantOf(Expression expression) => expression switch
    {
        ConstantExpression { Value: long l } => l,
        ConstantExpression { Value: int i } => i,
        UnaryExpression { NodeType: ExpressionType.Convert, Operand: ConstantExpression { Value: long l } } => l,
        NewExpression { Constructor: var constructor, Arguments: [ConstantExpression { Value: ulong upper }, ConstantExpression { Value: ulong lower }] }
            when constructor == Int128Constructor => (BigInteger)new Int128(upper, lower),
        _ => null,
    };

    /// <summary>A constant integer of <paramref name="type"/> the JIT sees as one (never a boxed closure constant).</summary>
    public static Expression IntegerConstant(BigInteger value, Type type)
    {
        if (type == typeof(long))
        {
            return Expression.Constant((long)value);
        }

        if (value >= long.MinValue && value <= long.MaxValue)
        {
            return Expression.Convert(Expression.Constant((long)value), typeof(Int128));
        }

        var bits = (UInt128)(Int128)value;
        return Expression.New(Int128Constructor, Expression.Constant((ulong)(bits >> 64)), Expression.Constant((ulong)bits));
    }

    private static Scaled? Constant(decimal value, Type type)
    {
        var bits = decimal.GetBits(value);
        var mantissa = new BigInteger((uint)bits[0]) | (new BigInteger((uint)bits[1]) << 32) | (new BigInteger((uint)bits[2]) << 64);
        var signed = bits[3] < 0 ? -mantissa : mantissa;
        return mantissa < Limit(type) ? new Scaled(IntegerConstant(signed, type), value.Scale, mantissa, false) : null;
    }

    private static Scaled? Whole(Expression expression, BigInteger value, Type type) =>
        BigInteger.Abs(value) < Limit(type) ? new(IntegerConstant(value, type), 0, BigInteger.Abs(value), false) : null;

    /// <summary>2^63 or 2^127: every magnitude of a node (and of a constant made) stays below it.</summary>
    public static BigInteger Limit(Type type) => type == typeof(long) ? LongLimit : Int128Limit;

    private Scaled? Field(Expression expression, PropertyInfo property, Type type)
    {
        if (property.PropertyType == typeof(int) || property.PropertyType == typeof(long))
        {
            return AsWhole(expression, type);
        }

        if (property.PropertyType == typeof(decimal) && schema.FieldOf(property)?.Kind is FieldKind.Money or FieldKind.SignedMoney)
        {
            var fen = FenOf(property);
            return new Scaled(type == typeof(long) ? fen : Expression.Convert(fen, type), 2, Fen.Bound, true);
        }

        return null;
    }

    /// <summary>A whole-number expression taken as written (its wrapping included) and widened.</summary>
    private static Scaled AsWhole(Expression expression, Type type) => new(
        expression.Type == type ? expression : Expression.Convert(expression, type),
        0,
        expression.Type == typeof(int) ? BigInteger.One << 31 : BigInteger.One << 63,
        false);

    /// <summary>Whole-number arithmetic over the record, taken as written (it wraps as written) and widened; it reads no fen.</summary>
    private Scaled? Wrapped(BinaryExpression binary, Type type) => Pure(binary) ? AsWhole(binary, type) : null;

    private Scaled? Convert(UnaryExpression convert, Expression operand, Type type)
    {
        if (convert.Method is not null && convert.Method.DeclaringType != typeof(decimal))
        {
            return null;
        }

        // Widening only: int or long to decimal or long, decimal to decimal; a whole number keeps its value.
        var from = operand.Type;
        var to = convert.Type;
        var widening = (from == typeof(int) && (to == typeof(long) || to == typeof(decimal)))
            || (from == typeof(long) && to == typeof(decimal))
            || (from == to && from == typeof(decimal));
        return widening ? Translate(operand, type) : null;
    }

    private Scaled? Sum(BinaryExpression binary, Type type)
    {
        if (Translate(binary.Left, type) is not { } left || Translate(binary.Right, type) is not { } right)
        {
            return null;
        }

        var scale = Math.Max(left.Scale, right.Scale);
        if (Align(left, scale, type) is not { } a || Align(right, scale, type) is not { } b)
        {
            return null;
        }

        var value = binary.NodeType == ExpressionType.Add ? Expression.Add(a.Value, b.Value) : Expression.Subtract(a.Value, b.Value);
        return new Scaled(value, scale, a.Bound + b.Bound, a.ReadsMoney || b.ReadsMoney);
    }

    private Scaled? Product(BinaryExpression binary, Type type)
    {
        if (Translate(binary.Left, type) is not { } left || Translate(binary.Right, type) is not { } right || left.Scale + right.Scale > 28)
        {
            return null;
        }

        return new Scaled(Expression.Multiply(left.Value, right.Value), left.Scale + right.Scale, left.Bound * right.Bound, left.ReadsMoney || right.ReadsMoney);
    }

    private Scaled? Extreme(MethodCallExpression call, Type type)
    {
        if (Translate(call.Arguments[0], type) is not { } first || Translate(call.Arguments[1], type) is not { } second)
        {
            return null;
        }

        var scale = Math.Max(first.Scale, second.Scale);
        if (Align(first, scale, type) is not { } a || Align(second, scale, type) is not { } b)
        {
            return null;
        }

        var name = call.Method == MaxMethod ? nameof(Int128.Max) : nameof(Int128.Min);
        var pick = (type == typeof(long) ? typeof(Math) : type).GetMethod(name, BindingFlags.Public | BindingFlags.Static, [type, type])!;
        return new Scaled(Expression.Call(pick, a.Value, b.Value), scale, BigInteger.Max(a.Bound, b.Bound), a.ReadsMoney || b.ReadsMoney);
    }

    private Scaled? Choice(ConditionalExpression conditional, Type type)
    {
        if (Translate(conditional.IfTrue, type) is not { } yes || Translate(conditional.IfFalse, type) is not { } no)
        {
            return null;
        }

        var scale = Math.Max(yes.Scale, no.Scale);
        if (Align(yes, scale, type) is not { } a || Align(no, scale, type) is not { } b)
        {
            return null;
        }

        // The test as written unless it is a comparison this class can decide in integers too.
        var test = conditional.Test;
        var money = false;
        if (test is BinaryExpression { NodeType: ExpressionType.GreaterThanOrEqual or ExpressionType.GreaterThan or ExpressionType.LessThanOrEqual
                or ExpressionType.LessThan or ExpressionType.Equal or ExpressionType.NotEqual } comparison
            && (comparison.Method is null || comparison.Method.DeclaringType == typeof(decimal))
            && Compare(comparison.NodeType, comparison.Left, comparison.Right, out money) is { } integer)
        {
            test = integer;
        }
        else if (!Pure(test))
        {
            return null;
        }

        return new Scaled(Expression.Condition(test, a.Value, b.Value), scale, BigInteger.Max(a.Bound, b.Bound), a.ReadsMoney || b.ReadsMoney || money);
    }

    /// <summary>A block that only names values (as the written-out tier tables do): its result with the names replaced by their values.</summary>
    private Scaled? Block(BlockExpression block, Type type)
    {
        var values = new Dictionary<ParameterExpression, Expression>();
        for (var i = 0; i < block.Expressions.Count - 1; i++)
        {
            if (block.Expressions[i] is not BinaryExpression { NodeType: ExpressionType.Assign, Left: ParameterExpression variable, Right: var value }
                || !block.Variables.Contains(variable) || values.ContainsKey(variable))
            {
                return null;
            }

            values[variable] = new Substitution(values).Visit(value)!;
        }

        return Translate(new Substitution(values).Visit(block.Result)!, type);
    }

    /// <summary>Whether <paramref name="expression"/> reads only the record and constants (so it may be evaluated anywhere, any number of times).</summary>
    private bool Pure(Expression expression) => new PurityCheck(input).Holds(expression);

    /// <summary>An integer value and what is known of it: the decimal × 10^<see cref="Scale"/>, of magnitude at most <see cref="Bound"/>.</summary>
    internal readonly record struct Scaled(Expression Value, int Scale, BigInteger Bound, bool ReadsMoney);

    private sealed class Substitution(Dictionary<ParameterExpression, Expression> values) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => values.TryGetValue(node, out var value) ? value : node;
    }

    /// <summary>Record fields, constants, arithmetic, comparisons and conditionals: nothing that can fail or read a variable.</summary>
    private sealed class PurityCheck(ParameterExpression input) : ExpressionVisitor
    {
        private bool _pure = true;

        public bool Holds(Expression expression)
        {
            Visit(expression);
            return _pure;
        }

        public override Expression? Visit(Expression? node)
        {
            if (!_pure || node is null)
            {
                return node;
            }

            var allowed = node switch
            {
                ConstantExpression => true,
                ParameterExpression p => p == input,
                MemberExpression { Expression: var owner, Member: PropertyInfo } => owner == input,
                UnaryExpression { NodeType: ExpressionType.Convert or ExpressionType.Not, Method: null } => true,
                BinaryExpression { NodeType: ExpressionType.Add or ExpressionType.Subtract or ExpressionType.Multiply } b => b.Type == typeof(int) || b.Type == typeof(long),
                BinaryExpression { NodeType: ExpressionType.GreaterThanOrEqual or ExpressionType.GreaterThan or ExpressionType.LessThanOrEqual or ExpressionType.LessThan
                    or ExpressionType.Equal or ExpressionType.NotEqual or ExpressionType.AndAlso or ExpressionType.OrElse } => true,
                ConditionalExpression => true,
                _ => false,
            };
            _pure &= allowed;
            return _pure ? base.Visit(node) : node;
        }
    }
}

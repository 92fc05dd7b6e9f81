using System.Collections.Immutable;
using System.Linq.Expressions;
using System.Numerics;
using System.Reflection;
using PolicyRules.Expressions;
using PolicyRules.Model;

namespace PolicyRules.Compilation.Optimisation;

/// <summary>
/// What is known at compile time of a number an expression computes, from the declared kinds of the
/// fields it reads: it is a whole multiple of 10^-<see cref="Scale"/> no larger than
/// <see cref="Bound"/> × 10^-<see cref="Scale"/> in magnitude, and every decimal operation on the way
/// to it is exact (no mantissa exceeds 96 bits) — provided each money field in <see cref="Money"/>
/// holds the fast path's contract (<see cref="Fen.Of"/>: whole fen, at most <see cref="Fen.MaxFen"/>).
/// </summary>
internal sealed record ExactRange(int Scale, BigInteger Bound, ImmutableHashSet<PropertyInfo> Money)
{
    /// <summary>2^96: a decimal's mantissa is below it; a bound reaching it could have been rounded.</summary>
    public static readonly BigInteger DecimalLimit = BigInteger.One << 96;

    private static readonly MethodInfo MaxMethod = typeof(Num).GetMethod(nameof(Num.Max))!;
    private static readonly MethodInfo MinMethod = typeof(Num).GetMethod(nameof(Num.Min))!;

    /// <summary>The bound restated at a finer <paramref name="scale"/> (not below <see cref="Scale"/>).</summary>
    public BigInteger BoundAt(int scale) => Bound * BigInteger.Pow(10, scale - Scale);

    /// <summary>Analyses expressions over one record parameter; variables are seen through to their bodies.</summary>
    internal sealed class Analyser(ParameterExpression input, RecordSchema schema, IReadOnlyDictionary<ParameterExpression, Expression> bodies)
    {
        private readonly Dictionary<ParameterExpression, ExactRange?> _memo = [];

        public ExactRange? Of(Expression expression)
        {
            var range = expression switch
            {
                ConstantExpression { Value: decimal d } => Constant(d),
                ConstantExpression { Value: int i } => new ExactRange(0, BigInteger.Abs(i), []),
                ConstantExpression { Value: long l } => new ExactRange(0, BigInteger.Abs(l), []),
                MemberExpression { Expression: var owner, Member: PropertyInfo property } when owner == input => Field(property),
                ParameterExpression variable => Variable(variable),
                UnaryExpression { NodeType: ExpressionType.Convert, Operand: var operand } convert => Convert(convert, operand),
                BinaryExpression { NodeType: ExpressionType.Add or ExpressionType.Subtract } binary => Sum(binary),
                BinaryExpression { NodeType: ExpressionType.Multiply } binary => Product(binary),
                MethodCallExpression call when call.Method == MaxMethod || call.Method == MinMethod => Either(Of(call.Arguments[0]), Of(call.Arguments[1])),
                ConditionalExpression conditional => Either(Of(conditional.IfTrue), Of(conditional.IfFalse)),
                BlockExpression block => Of(block.Result),
                _ => null,
            };
            return range is { } r && (r.Bound >= DecimalLimit || r.Scale > 28) ? null : range;
        }

        private static ExactRange Constant(decimal value)
        {
            var scale = value.Scale;
            var mantissa = BigInteger.Abs(new BigInteger(value * Pow10(scale)));
            return new ExactRange(scale, mantissa, []);
        }

        private static decimal Pow10(int scale)
        {
            var result = 1m;
            for (var i = 0; i < scale; i++)
            {
                result *= 10m;
            }

            return result;
        }

        private ExactRange? Field(PropertyInfo property)
        {
            if (property.PropertyType == typeof(int))
            {
                return new ExactRange(0, BigInteger.One << 31, []); // any int, whatever the reader let through
            }

            if (property.PropertyType == typeof(long))
            {
                return new ExactRange(0, BigInteger.One << 63, []);
            }

            return property.PropertyType == typeof(decimal) && schema.FieldOf(property)?.Kind is FieldKind.Money or FieldKind.SignedMoney
                ? new ExactRange(2, Fen.Bound, [property])
                : null;
        }

        private ExactRange? Variable(ParameterExpression variable)
        {
            if (_memo.TryGetValue(variable, out var known))
            {
                return known;
            }

            _memo[variable] = null; // a cycle cannot occur (parameters refer only to earlier ones), but never loop
            var range = bodies.TryGetValue(variable, out var body) ? Of(body) : null;
            _memo[variable] = range;
            return range;
        }

        private ExactRange? Convert(UnaryExpression convert, Expression operand)
        {
            // Widening only: int or long to decimal or long, decimal to decimal. Nothing nullable.
            var from = operand.Type;
            var to = convert.Type;
            var widening = (from == typeof(int) && (to == typeof(long) || to == typeof(decimal)))
                || (from == typeof(long) && to == typeof(decimal))
                || from == to;
            return widening ? Of(operand) : null;
        }

        private ExactRange? Sum(BinaryExpression binary)
        {
            if (binary.Type == typeof(int) || binary.Type == typeof(long))
            {
                // Unchecked whole-number arithmetic: any value of the type.
                return Of(binary.Left) is { } l && Of(binary.Right) is { } r
                    ? new ExactRange(0, binary.Type == typeof(int) ? BigInteger.One << 31 : BigInteger.One << 63, l.Money.Union(r.Money))
                    : null;
            }

            if (binary.Type != typeof(decimal) || Of(binary.Left) is not { } left || Of(binary.Right) is not { } right)
            {
                return null;
            }

            var scale = Math.Max(left.Scale, right.Scale);
            return new ExactRange(scale, left.BoundAt(scale) + right.BoundAt(scale), left.Money.Union(right.Money));
        }

        private ExactRange? Product(BinaryExpression binary)
        {
            if (binary.Type != typeof(decimal) || Of(binary.Left) is not { } left || Of(binary.Right) is not { } right)
            {
                return null;
            }

            return new ExactRange(left.Scale + right.Scale, left.Bound * right.Bound, left.Money.Union(right.Money));
        }

        private static ExactRange? Either(ExactRange? a, ExactRange? b)
        {
            if (a is null || b is null)
            {
                return null;
            }

            var scale = Math.Max(a.Scale, b.Scale);
            return new ExactRange(scale, BigInteger.Max(a.BoundAt(scale), b.BoundAt(scale)), a.Money.Union(b.Money));
        }
    }
}

using System.Collections.Immutable;
using System.Linq.Expressions;
using System.Numerics;
using System.Reflection;

namespace PolicyRules.Compilation.Optimisation;

/// <summary>
/// Rewrites a criterion that compares a ratio with a threshold — <c>Ratio.Of(n, d) ≥ t</c>, or
/// <c>Ratio.Growth(c, p) ≥ t</c> as <c>(c − p) / p ≥ t</c>, directly or through the parameters that
/// name them — into a comparison without the division: <c>n ≥ t × d</c> for a positive d, the
/// comparison reversed for a negative one, and the ratio's "undefined" (null) answer for d = 0.
/// </summary>
/// <remarks>
/// <para>The rewrite is made only where it is provably exact, decided from the declared kinds
/// (<see cref="ExactRange"/>): n, d and t are whole multiples of 10^-sn, 10^-sd, 10^-st with bounds
/// BN, BD, BT; then t × d is exact when BT·BD &lt; 2^96, and the decimal quotient n / d cannot fall on
/// the other side of t than the exact one when (BN·10^sd + BD)·10^(sn+st) &lt; 10^27: two distinct
/// values n/d and t differ by at least 1 / (|D|·10^(sn+st)), while decimal division errs by less than
/// (|n/d| + 1)·10^-27 (its quotient keeps 28 significant digits, or 28 decimals).</para>
/// <para>The comparison without division is made in scaled integers where it can be
/// (<see cref="ScaledIntegers"/>: fen and counts in <see cref="long"/>, in <see cref="Int128"/> where a bound needs it), else in
/// decimal; both compute n op t × d exactly, so they agree with each other and, by the bound above,
/// with the division as written.</para>
/// <para>That proof needs the money fields it reads to keep their contract (whole fen, at most
/// 10^18 yuan), which every reader enforces but a record built in code may not: the rewritten criterion
/// is <c>contract ? without division : as written</c>, with the contract found once per record while
/// each field is read as fen (<see cref="Fen"/>).</para>
/// </remarks>
internal sealed class RatioComparisons(ExactRange.Analyser analyser, IReadOnlyDictionary<ParameterExpression, Expression> bodies, ScaledIntegers integers)
{
    private static readonly MethodInfo OfMethod = typeof(PolicyRules.Expressions.Ratio).GetMethod(nameof(PolicyRules.Expressions.Ratio.Of))!;
    private static readonly MethodInfo GrowthMethod = typeof(PolicyRules.Expressions.Ratio).GetMethod(nameof(PolicyRules.Expressions.Ratio.Growth))!;
    private static readonly BigInteger CrossingLimit = BigInteger.Pow(10, 27);

    private ImmutableHashSet<PropertyInfo> _guarded = [];
    private readonly HashSet<ParameterExpression> _inlined = [];

    /// <summary>The money fields whose contract the rewritten criteria rely on.</summary>
    public ImmutableHashSet<PropertyInfo> Guarded => _guarded;

    /// <summary>The parameters whose ratio a rewrite computes again where it still needs it (only when the contract fails).</summary>
    public IReadOnlySet<ParameterExpression> Inlined => _inlined;

    /// <summary>The criterion <paramref name="body"/> without its division, or itself when no rewrite is provably exact.</summary>
    public Expression Rewrite(Expression body)
    {
        if (body is not BinaryExpression { NodeType: ExpressionType.GreaterThanOrEqual or ExpressionType.GreaterThan or ExpressionType.LessThanOrEqual
                or ExpressionType.LessThan or ExpressionType.Equal or ExpressionType.NotEqual } comparison || comparison.Type != typeof(bool))
        {
            return body;
        }

        if (RatioOf(comparison.Left) is { } left && Threshold(comparison.Right) is { } right)
        {
            return Build(comparison.NodeType, left, right, body) ?? body;
        }

        if (Threshold(comparison.Left) is { } leftThreshold && RatioOf(comparison.Right) is { } rightRatio)
        {
            return Build(Mirror(comparison.NodeType), rightRatio, leftThreshold, body) ?? body;
        }

        return body;
    }

    private Expression? Build(ExpressionType op, RatioParts ratio, Expression threshold, Expression original)
    {
        if (analyser.Of(ratio.Numerator) is not { } n || analyser.Of(ratio.Denominator) is not { } d || analyser.Of(threshold) is not { } t)
        {
            return null;
        }

        // t × d exact; the quotient cannot cross t (see the remarks).
        if (t.Bound * d.Bound >= ExactRange.DecimalLimit || t.Scale + d.Scale > 28
            || ((n.Bound * BigInteger.Pow(10, d.Scale)) + d.Bound) * BigInteger.Pow(10, n.Scale + t.Scale) >= CrossingLimit)
        {
            return null;
        }

        var money = n.Money.Union(d.Money).Union(t.Money);
        _guarded = _guarded.Union(money);
        foreach (var field in money)
        {
            integers.FenOf(field); // its contract is tested once per record, with its fen
        }

        if (ratio.Through is { } variable)
        {
            _inlined.Add(variable);
        }

        var isGrowth = ratio.Call.Method == GrowthMethod;
        var crossed = InIntegers(op, isGrowth ? ratio.Numerator : ratio.Call.Arguments[0], ratio.Denominator, threshold, out var readsFen)
            ?? InDecimals(op, ratio, threshold);
        if (money.IsEmpty && !readsFen)
        {
            return crossed; // whole numbers only (staff counts): exact for every record
        }

        return Expression.Condition(integers.Contract, crossed, ratio.Through is null ? original : Substitute(original, ratio.Through, ratio.Call));
    }

    /// <summary>
    /// n / d op t as N·10^(S−sn) op T·D·10^(S−st−sd) in integers (<see cref="ScaledIntegers"/>), the
    /// comparison mirrored for a negative D and "undefined" for D = 0; null when a bound could overflow.
    /// Equal to the decimal cross-multiplication: both compute n op t × d exactly (t × d is exact in
    /// decimal by the bounds checked in <see cref="Build"/>, and the integers by theirs, checked here).
    /// </summary>
    private BlockExpression? InIntegers(ExpressionType op, Expression numerator, Expression denominator, Expression threshold, out bool readsFen)
    {
        readsFen = false;
        foreach (var type in (ReadOnlySpan<Type>)[typeof(long), typeof(Int128)])
        {
            if (integers.Translate(numerator, type) is not { } n || integers.Translate(denominator, type) is not { } d || integers.Translate(threshold, type) is not { } t)
            {
                continue;
            }

            var scale = Math.Max(n.Scale, t.Scale + d.Scale);
            var factor = BigInteger.Pow(10, scale - t.Scale - d.Scale);
            var limit = ScaledIntegers.Limit(type);
            if (ScaledIntegers.Align(n, scale, type) is not { } left || t.Bound * d.Bound * factor >= limit || t.Bound * factor >= limit || factor >= limit)
            {
                continue;
            }

            var den = Expression.Variable(type, "denominatorScaled");
            var num = Expression.Variable(type, "numeratorScaled");
            var product = Expression.Variable(type, "scaledThreshold");

            // A constant threshold folds with its power of ten into one constant.
            Expression scaledThreshold = threshold is ConstantExpression { Value: decimal constant }
                ? Expression.Multiply(ScaledIntegers.IntegerConstant(Mantissa(constant) * factor, type), den)
                : factor.IsOne ? Expression.Multiply(t.Value, den) : Expression.Multiply(Expression.Multiply(t.Value, ScaledIntegers.IntegerConstant(factor, type)), den);
            var zero = ScaledIntegers.IntegerConstant(BigInteger.Zero, type);
            readsFen = n.ReadsMoney || d.ReadsMoney || t.ReadsMoney;
            return Expression.Block(typeof(bool), [den, num, product],
                Expression.Assign(den, d.Value),
                Expression.Condition(Expression.Equal(den, zero), Expression.Constant(op == ExpressionType.NotEqual),
                    Expression.Block(typeof(bool),
                        Expression.Assign(num, left.Value),
                        Expression.Assign(product, scaledThreshold),
                        Expression.Condition(Expression.GreaterThan(den, zero),
                            Expression.MakeBinary(op, num, product),
                            Expression.MakeBinary(Mirror(op), num, product)))));
        }

        return null;
    }

    private static BigInteger Mantissa(decimal value)
    {
        var bits = decimal.GetBits(value);
        var mantissa = new BigInteger((uint)bits[0]) | (new BigInteger((uint)bits[1]) << 32) | (new BigInteger((uint)bits[2]) << 64);
        return bits[3] < 0 ? -mantissa : mantissa;
    }

    /// <summary>n / d op t as n op t × d in decimal: where the integers could overflow (never for the bundled rules).</summary>
    private static BlockExpression InDecimals(ExpressionType op, RatioParts ratio, Expression threshold)
    {
        var num = Expression.Variable(typeof(decimal), "numerator");
        var den = Expression.Variable(typeof(decimal), "denominator");
        var thr = Expression.Variable(typeof(decimal), "threshold");
        var product = Expression.Variable(typeof(decimal), "scaledThreshold");
        var zero = Expression.Constant(0m);
        var undefined = Expression.Constant(op == ExpressionType.NotEqual); // null ≠ t holds; every other comparison with null fails
        var steps = new List<Expression> { Expression.Assign(num, ratio.Call.Arguments[0]), Expression.Assign(den, ratio.Call.Arguments[1]) };
        if (ratio.Call.Method == GrowthMethod)
        {
            steps.Add(Expression.SubtractAssign(num, den)); // Growth(c, p) = (c − p) / p
        }

        steps.Add(Expression.Assign(thr, threshold));
        return Expression.Block(typeof(bool), [num, den, thr, product],
            [.. steps,
            Expression.Condition(Expression.Equal(den, zero), undefined,
                Expression.Block(typeof(bool),
                    Expression.Assign(product, Expression.Multiply(thr, den)),
                    Expression.Condition(Expression.GreaterThan(den, zero),
                        Expression.MakeBinary(op, num, product),
                        Expression.MakeBinary(Mirror(op), num, product))))]);
    }

    /// <summary>The ratio on one side: a call of Ratio.Of or Ratio.Growth, or a parameter whose body is one (maybe converted to decimal?).</summary>
    private RatioParts? RatioOf(Expression side)
    {
        if (side is UnaryExpression { NodeType: ExpressionType.Convert, Operand: var inner } && inner.Type == typeof(decimal?))
        {
            side = inner;
        }

        ParameterExpression? through = null;
        if (side is ParameterExpression variable && bodies.TryGetValue(variable, out var body))
        {
            through = variable;
            side = body;
        }

        if (side is not MethodCallExpression call)
        {
            return null;
        }

        if (call.Method == OfMethod)
        {
            return new RatioParts(call.Arguments[0], call.Arguments[1], call, through);
        }

        // Growth(c, p) is (c − p) / p, computed by the helper exactly as written here.
        return call.Method == GrowthMethod
            ? new RatioParts(Expression.Subtract(call.Arguments[0], call.Arguments[1]), call.Arguments[1], call, through)
            : null;
    }

    /// <summary>The other side: a decimal (not nullable) value, perhaps converted to decimal? for the comparison.</summary>
    private static Expression? Threshold(Expression side) => side switch
    {
        ConstantExpression { Value: decimal value } => Expression.Constant(value),
        UnaryExpression { NodeType: ExpressionType.Convert, Operand: var inner } when inner.Type == typeof(decimal) => inner,
        _ when side.Type == typeof(decimal) => side,
        _ => null,
    };

    private static ExpressionType Mirror(ExpressionType op) => op switch
    {
        ExpressionType.GreaterThanOrEqual => ExpressionType.LessThanOrEqual,
        ExpressionType.GreaterThan => ExpressionType.LessThan,
        ExpressionType.LessThanOrEqual => ExpressionType.GreaterThanOrEqual,
        ExpressionType.LessThan => ExpressionType.GreaterThan,
        _ => op,
    };

    private static Expression Substitute(Expression expression, ParameterExpression variable, Expression replacement) =>
        new Substitution(variable, replacement).Visit(expression)!;

    private sealed record RatioParts(Expression Numerator, Expression Denominator, MethodCallExpression Call, ParameterExpression? Through);

    private sealed class Substitution(ParameterExpression variable, Expression replacement) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == variable ? replacement : node;
    }
}

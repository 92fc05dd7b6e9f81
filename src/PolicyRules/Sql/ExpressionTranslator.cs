using System.Globalization;
using System.Linq.Expressions;
using System.Reflection;
using PolicyRules.Evaluation;
using PolicyRules.Expressions;
using PolicyRules.Model;

namespace PolicyRules.Sql;

/// <summary>
/// Translates one checked expression tree (as the .NET kernels are built from) to SQL, exactly:
/// money stays fixed-point, ratios are compared by cross-multiplication, helpers of the allow-list
/// become CASE expressions. Anything else throws <see cref="SqlTranslationException"/>, which the
/// caller reports at the expression's line and column: never SQL that might answer differently.
/// </summary>
internal sealed partial class ExpressionTranslator(ISqlDialect dialect, RecordSchema schema, DateOnly asOf, IReadOnlyDictionary<ParameterExpression, Term> bound, Func<string, string, string> programmeColumn, string helperPrefix)
{
    public Term Translate(Expression node) => node switch
    {
        ConstantExpression c => Constant(c.Value, c.Type),
        ParameterExpression p => Parameter(p),
        MemberExpression m => Member(m),
        UnaryExpression u => Unary(u),
        BinaryExpression b => Binary(b),
        ConditionalExpression c => Conditional(Bool(c.Test), Translate(c.IfTrue), Translate(c.IfFalse)),
        MethodCallExpression call => Call(call),
        _ => throw Unsupported($"the {node.NodeType} construct", $"{node.NodeType} 结构"),
    };

    /// <summary>A boolean expression as SQL that is never NULL.</summary>
    public string Bool(Expression node)
    {
        var term = Translate(node);
        return term.Kind == SqlKind.Boolean ? term.Sql : throw Unsupported("a value used as a condition", "用作条件的值");
    }

    /// <summary>
    /// A ratio as two whole numbers of <see cref="ISqlDialect.WideIntegerType"/> with the same quotient:
    /// the numerator (any sign) and the denominator (positive, or NULL for no ratio), for exact rounding.
    /// </summary>
    public (string Numerator, string Denominator) WholeRatio(Term term)
    {
        var wide = dialect.WideIntegerType;
        if (term.Scale + term.DenScale > 36)
        {
            throw Unsupported("a quotient of numbers with too many decimals", "小数位过多的数相除所得的商");
        }

        return ($"(CAST(({term.Sql}) * {Power(term.Scale)} AS {wide}) * CAST({Power(term.DenScale)} AS {wide}))",
            $"(CAST(({term.Den}) * {Power(term.DenScale)} AS {wide}) * CAST({Power(term.Scale)} AS {wide}))");
    }

    private Term Parameter(ParameterExpression p) =>
        bound.TryGetValue(p, out var term) ? term
        : p.Type == typeof(DateOnly) ? new Term(SqlKind.Date, DateLiteral(asOf))
        : p.Type == typeof(ProgrammeOutcomes) || p.Type == schema.RecordType ? throw Unsupported($"'{p.Name}' on its own", $"单独使用的 '{p.Name}'")
        : throw new SqlTranslationException("", "") { Cascade = true }; // a parameter already reported

    private Term Member(MemberExpression m)
    {
        if (m.Expression is ParameterExpression p && !bound.ContainsKey(p) && schema.FieldOf(m.Member) is { } field)
        {
            return Field(field);
        }

        if (m.Expression is null)
        {
            throw Unsupported($"'{m.Member.Name}'", $"'{m.Member.Name}'");
        }

        var target = Translate(m.Expression);
        var owner = m.Member.DeclaringType;
        if (owner == typeof(DateOnly) && target.Kind == SqlKind.Date)
        {
            return m.Member.Name switch
            {
                nameof(DateOnly.Year) => Int($"CAST(EXTRACT(YEAR FROM {target.Sql}) AS BIGINT)"),
                nameof(DateOnly.Month) => Int($"CAST(EXTRACT(MONTH FROM {target.Sql}) AS BIGINT)"),
                nameof(DateOnly.Day) => Int($"CAST(EXTRACT(DAY FROM {target.Sql}) AS BIGINT)"),
                nameof(DateOnly.DayNumber) => Int(dialect.DaysBetween(DateLiteral(DateOnly.MinValue), target.Sql)),
                _ => throw Unsupported($"DateOnly.{m.Member.Name}", $"DateOnly.{m.Member.Name}"),
            };
        }

        if (owner is { IsGenericType: true } && owner.GetGenericTypeDefinition() == typeof(Nullable<>))
        {
            return m.Member.Name == "HasValue" ? new Term(SqlKind.Boolean, $"(NOT {target.IsNullSql})") : target with { Nullable = false };
        }

        throw Unsupported($"{owner?.Name}.{m.Member.Name}", $"{owner?.Name}.{m.Member.Name}");
    }

    private Term Field(ProfileField field)
    {
        var column = dialect.QuoteIdentifier(field.Name);
        return field.Kind switch
        {
            FieldKind.Boolean => new Term(SqlKind.Boolean, column),
            FieldKind.Date => new Term(SqlKind.Date, column),
            FieldKind.Text or FieldKind.Industry or FieldKind.Choice => new Term(SqlKind.Text, column),
            FieldKind.Count => new Term(SqlKind.Number, column) { Integer = true, NonNegative = true },
            FieldKind.Money => new Term(SqlKind.Number, column) { Scale = InputScales.Money, NonNegative = true },
            FieldKind.SignedMoney => new Term(SqlKind.Number, column) { Scale = InputScales.Money },
            FieldKind.Score or FieldKind.Percent => new Term(SqlKind.Number, column) { Scale = InputScales.Fraction, NonNegative = true },
            FieldKind.Number => new Term(SqlKind.Number, column) { Scale = InputScales.Fraction, NonNegative = field.Min >= 0 },
            _ => throw Unsupported($"a field of kind {field.Kind}", $"类型为 {field.Kind} 的字段"),
        };
    }

    private static Term Constant(object? value, Type type) => value switch
    {
        null => new Term(SqlKind.Null, "NULL") { Nullable = true },
        bool b => new Term(SqlKind.Boolean, b ? "TRUE" : "FALSE"),
        int or long => Number(System.Convert.ToDecimal(value, CultureInfo.InvariantCulture)) with { Integer = true },
        decimal d => Number(d),
        string s => new Term(SqlKind.Text, Quote(s)),
        DateOnly date => new Term(SqlKind.Date, DateLiteral(date)),
        Enum e => new Term(SqlKind.Text, Quote(e.ToString())),
        _ => throw Unsupported($"a constant of type {type.Name}", $"类型为 {type.Name} 的常量"),
    };

    private Term Unary(UnaryExpression u)
    {
        switch (u.NodeType)
        {
            case ExpressionType.Not when u.Operand.Type == typeof(bool):
                return new Term(SqlKind.Boolean, $"(NOT {Bool(u.Operand)})");
            case ExpressionType.Negate:
                var operand = Translate(u.Operand);
                RequireNumber(operand);
                return operand with { Sql = $"(-{operand.Sql})", Mantissa = operand.Mantissa is { } m ? $"(-{m})" : null, NonNegative = false, Constant = -operand.Constant };
            case ExpressionType.UnaryPlus:
                return Translate(u.Operand);
            case ExpressionType.Convert:
                return ConvertTerm(u);
            default:
                throw Unsupported($"the {u.NodeType} operator", $"{u.NodeType} 运算符");
        }
    }

    private Term ConvertTerm(UnaryExpression u)
    {
        var from = Nullable.GetUnderlyingType(u.Operand.Type) ?? u.Operand.Type;
        var to = Nullable.GetUnderlyingType(u.Type) ?? u.Type;
        var term = Translate(u.Operand);
        if (from == to)
        {
            return term;
        }

        if (to == typeof(decimal) && (from == typeof(int) || from == typeof(long) || from == typeof(decimal)))
        {
            return term with { Integer = false };
        }

        if (to == typeof(long) && from == typeof(int))
        {
            return term;
        }

        throw Unsupported($"a conversion from {from.Name} to {to.Name}", $"从 {from.Name} 到 {to.Name} 的转换");
    }

    private Term Binary(BinaryExpression b)
    {
        switch (b.NodeType)
        {
            case ExpressionType.AndAlso:
            case ExpressionType.And when b.Type == typeof(bool):
                return new Term(SqlKind.Boolean, $"({Bool(b.Left)} AND {Bool(b.Right)})");
            case ExpressionType.OrElse:
            case ExpressionType.Or when b.Type == typeof(bool):
                return new Term(SqlKind.Boolean, $"({Bool(b.Left)} OR {Bool(b.Right)})");
            case ExpressionType.Equal:
            case ExpressionType.NotEqual:
            case ExpressionType.LessThan:
            case ExpressionType.LessThanOrEqual:
            case ExpressionType.GreaterThan:
            case ExpressionType.GreaterThanOrEqual:
                return Compare(b.NodeType, Translate(b.Left), Translate(b.Right));
            case ExpressionType.Coalesce:
                return Coalesce(Translate(b.Left), Translate(b.Right));
            case ExpressionType.Add:
                return AddOrSubtract(Translate(b.Left), Translate(b.Right), "+");
            case ExpressionType.AddChecked:
                return Checked(b, AddOrSubtract(Translate(b.Left), Translate(b.Right), "+"));
            case ExpressionType.Subtract:
                return AddOrSubtract(Translate(b.Left), Translate(b.Right), "-");
            case ExpressionType.SubtractChecked:
                return Checked(b, AddOrSubtract(Translate(b.Left), Translate(b.Right), "-"));
            case ExpressionType.Multiply:
                return Multiply(Translate(b.Left), Translate(b.Right));
            case ExpressionType.MultiplyChecked:
                return Checked(b, Multiply(Translate(b.Left), Translate(b.Right)));
            case ExpressionType.Divide:
                return Divide(Translate(b.Left), Translate(b.Right));
            default:
                throw Unsupported($"the {b.NodeType} operator", $"{b.NodeType} 运算符");
        }
    }

    /// <summary>A comparison as .NET makes it: exact, and lifted (a missing value compares false; == and != compare missing values as equal).</summary>
    public Term Compare(ExpressionType op, Term left, Term right)
    {
        string sql;
        if (left.Kind == SqlKind.Null || right.Kind == SqlKind.Null)
        {
            if (op is not (ExpressionType.Equal or ExpressionType.NotEqual))
            {
                throw Unsupported("an ordering comparison with null", "与 null 的大小比较");
            }

            var isNull = left.Kind == SqlKind.Null ? right.IsNullSql : left.IsNullSql;
            return new Term(SqlKind.Boolean, op == ExpressionType.Equal ? isNull : $"(NOT {isNull})");
        }

        if (left.Kind == SqlKind.Number && right.Kind == SqlKind.Number && (IsRounded(left) || IsRounded(right)))
        {
            // One side went through .NET's rounding: compare .NET's values, not the exact ones.
            var (l, r) = RoundedSides(left, right);
            sql = $"({l} {Operator(op)} {r})";
        }
        else if (left.Kind == SqlKind.Number && right.Kind == SqlKind.Number && (left.IsRatio || right.IsRatio) && !(left.IsRatio ? right.SmallExact : left.SmallExact))
        {
            // Two quotients, or a quotient and a number it could round onto: compare .NET's rounded values.
            var (l, r) = RoundedSides(left, right);
            sql = $"({l} {Operator(op)} {r})";
        }
        else if (left.Kind == SqlKind.Number && right.Kind == SqlKind.Number)
        {
            var l = left.IsRatio || right.IsRatio ? $"({left.Sql}) * ({right.Den ?? "1"})" : left.Sql;
            var r = left.IsRatio || right.IsRatio ? $"({right.Sql}) * ({left.Den ?? "1"})" : right.Sql;
            sql = $"({l} {Operator(op)} {r})";
        }
        else if (left.Kind == right.Kind && (left.Kind is SqlKind.Date or SqlKind.Boolean || op is ExpressionType.Equal or ExpressionType.NotEqual))
        {
            sql = $"({left.Sql} {Operator(op)} {right.Sql})";
        }
        else
        {
            throw Unsupported($"a comparison of {left.Kind} with {right.Kind} by '{Operator(op)}'", $"以 '{Operator(op)}' 比较 {left.Kind} 与 {right.Kind}");
        }

        if (!left.Nullable && !right.Nullable)
        {
            return new Term(SqlKind.Boolean, sql);
        }

        return op switch
        {
            ExpressionType.Equal => new Term(SqlKind.Boolean, $"(CASE WHEN {left.IsNullSql} AND {right.IsNullSql} THEN TRUE WHEN {left.IsNullSql} OR {right.IsNullSql} THEN FALSE ELSE {sql} END)"),
            ExpressionType.NotEqual => new Term(SqlKind.Boolean, $"(CASE WHEN {left.IsNullSql} AND {right.IsNullSql} THEN FALSE WHEN {left.IsNullSql} OR {right.IsNullSql} THEN TRUE ELSE {sql} END)"),
            _ => new Term(SqlKind.Boolean, $"COALESCE({sql}, FALSE)"),
        };
    }

    private static string Operator(ExpressionType op) => op switch
    {
        ExpressionType.Equal => "=",
        ExpressionType.NotEqual => "<>",
        ExpressionType.LessThan => "<",
        ExpressionType.LessThanOrEqual => "<=",
        ExpressionType.GreaterThan => ">",
        _ => ">=",
    };

    private Term Coalesce(Term value, Term fallback)
    {
        if (!value.Nullable)
        {
            return value;
        }

        if (value.Kind == SqlKind.Number && fallback.Kind == SqlKind.Number && (IsRounded(value) || IsRounded(fallback)))
        {
            return RoundedCoalesce(value, fallback);
        }

        return Conditional($"(NOT {value.IsNullSql})", value with { Nullable = false }, fallback);
    }

    /// <summary>CASE WHEN test THEN a ELSE b END, keeping a ratio a ratio.</summary>
    private Term Conditional(string test, Term a, Term b)
    {
        if (a.Kind == SqlKind.Null)
        {
            return b with
            {
                Sql = $"(CASE WHEN {test} THEN NULL ELSE {b.Sql} END)",
                Den = b.Den is null ? null : $"(CASE WHEN {test} THEN NULL ELSE {b.Den} END)",
                Mantissa = b.Mantissa is null ? null : $"(CASE WHEN {test} THEN NULL ELSE {b.Mantissa} END)",
                Nullable = true,
                Constant = null,
            };
        }

        if (b.Kind == SqlKind.Null)
        {
            return Conditional($"(NOT {test})", b, a);
        }

        if (a.Kind != b.Kind)
        {
            throw Unsupported($"a choice between {a.Kind} and {b.Kind}", $"{a.Kind} 与 {b.Kind} 之间的选择");
        }

        var nullable = a.Nullable || b.Nullable;
        if (IsRounded(a) || IsRounded(b))
        {
            return Rounded($"(CASE WHEN {test} THEN {MantissaOf(a)} ELSE {MantissaOf(b)} END)", a) with
            {
                Nullable = nullable,
                NonNegative = a.NonNegative && b.NonNegative,
            };
        }

        if (a.IsRatio || b.IsRatio)
        {
            return new Term(SqlKind.Number, $"(CASE WHEN {test} THEN {a.Sql} ELSE {b.Sql} END)")
            {
                Den = $"(CASE WHEN {test} THEN {a.Den ?? "1"} ELSE {b.Den ?? "1"} END)",
                Nullable = nullable,
                Scale = Math.Max(a.Scale, b.Scale),
                DenScale = Math.Max(a.DenScale, b.DenScale),
                NonNegative = a.NonNegative && b.NonNegative,
            };
        }

        return new Term(a.Kind, $"(CASE WHEN {test} THEN {a.Sql} ELSE {b.Sql} END)")
        {
            SmallExact = a.SmallExact && b.SmallExact,
            Nullable = nullable,
            Scale = Math.Max(a.Scale, b.Scale),
            Integer = a.Integer && b.Integer,
            NonNegative = a.NonNegative && b.NonNegative,
        };
    }

    private static void RequireNumber(Term term)
    {
        if (term.Kind != SqlKind.Number)
        {
            throw new SqlTranslationException($"arithmetic on a {term.Kind} value cannot be translated to SQL", $"{term.Kind} 值的算术运算无法翻译为 SQL");
        }
    }

    private static Term Int(string sql) => new(SqlKind.Number, sql) { Integer = true };

    private static Term Number(decimal value) => new(SqlKind.Number, Lit(value))
    {
        Constant = value,
        SmallExact = IsSmallExact(value),
        Scale = DecimalScale(value),
        NonNegative = value >= 0,
    };

    /// <summary>See <see cref="Term.SmallExact"/>.</summary>
    private static bool IsSmallExact(decimal value) => Math.Abs(value) < 7.9m && DecimalScale(value) <= 4;

    private static int DecimalScale(decimal value) => (decimal.GetBits(value)[3] >> 16) & 0xFF;

    /// <summary>An exact decimal literal, parenthesised when negative.</summary>
    internal static string Lit(decimal value)
    {
        var text = value.ToString(CultureInfo.InvariantCulture);
        return value < 0 ? $"({text})" : text;
    }

    internal static string Quote(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    internal static string DateLiteral(DateOnly date) => $"DATE '{date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}'";

    /// <summary>10^<paramref name="exponent"/> as a whole-number literal.</summary>
    private static string Power(int exponent) => "1" + new string('0', exponent);

    /// <summary>A construct with no exact translation, named in each language (a helper's or member's name in both as written).</summary>
    private static SqlTranslationException Unsupported(string what, string whatZh) =>
        new($"{what} has no exact SQL translation", $"{whatZh} 无法精确翻译为 SQL");
}

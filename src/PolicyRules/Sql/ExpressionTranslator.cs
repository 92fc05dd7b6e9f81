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
internal sealed class ExpressionTranslator(ISqlDialect dialect, RecordSchema schema, DateOnly asOf, IReadOnlyDictionary<ParameterExpression, Term> bound, Func<string, string, string> programmeColumn)
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
        _ => throw Unsupported($"the {node.NodeType} construct"),
    };

    /// <summary>A boolean expression as SQL that is never NULL.</summary>
    public string Bool(Expression node)
    {
        var term = Translate(node);
        return term.Kind == SqlKind.Boolean ? term.Sql : throw Unsupported("a value used as a condition");
    }

    /// <summary>A number as a plain SQL value: a ratio is divided here, at the dialect's quotient scale.</summary>
    public Term Materialise(Term term)
    {
        if (!term.IsRatio)
        {
            return term;
        }

        var s = dialect.QuotientScale;
        var wide = dialect.WideIntegerType;
        var n = $"CAST(({term.Sql}) * {Power(term.Scale)} AS {wide})";
        var d = $"CAST(({term.Den}) * {Power(term.DenScale)} AS {wide})";
        var shift = s + term.DenScale - term.Scale;
        if (shift > 38 || shift < -38)
        {
            throw Unsupported("a quotient of numbers with too many decimals");
        }

        var quotient = shift >= 0
            ? dialect.IntegerDivide($"{n} * CAST({Power(shift)} AS {wide})", d)
            : dialect.IntegerDivide(n, $"{d} * CAST({Power(-shift)} AS {wide})");
        return new Term(SqlKind.Number, $"(CAST({quotient} AS {dialect.DecimalType(0)}) * 0.{new string('0', s - 1)}1)")
        {
            Nullable = term.Nullable,
            Scale = s,
            NonNegative = term.NonNegative,
        };
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
            throw Unsupported("a quotient of numbers with too many decimals");
        }

        return ($"(CAST(({term.Sql}) * {Power(term.Scale)} AS {wide}) * CAST({Power(term.DenScale)} AS {wide}))",
            $"(CAST(({term.Den}) * {Power(term.DenScale)} AS {wide}) * CAST({Power(term.Scale)} AS {wide}))");
    }

    private Term Parameter(ParameterExpression p) =>
        bound.TryGetValue(p, out var term) ? term
        : p.Type == typeof(DateOnly) ? new Term(SqlKind.Date, DateLiteral(asOf))
        : p.Type == typeof(ProgrammeOutcomes) || p.Type == schema.RecordType ? throw Unsupported($"'{p.Name}' on its own")
        : throw new SqlTranslationException("") { Cascade = true }; // a parameter already reported

    private Term Member(MemberExpression m)
    {
        if (m.Expression is ParameterExpression p && !bound.ContainsKey(p) && schema.FieldOf(m.Member) is { } field)
        {
            return Field(field);
        }

        if (m.Expression is null)
        {
            throw Unsupported($"'{m.Member.Name}'");
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
                _ => throw Unsupported($"DateOnly.{m.Member.Name}"),
            };
        }

        if (owner is { IsGenericType: true } && owner.GetGenericTypeDefinition() == typeof(Nullable<>))
        {
            return m.Member.Name == "HasValue" ? new Term(SqlKind.Boolean, $"(NOT {target.IsNullSql})") : target with { Nullable = false };
        }

        throw Unsupported($"{owner?.Name}.{m.Member.Name}");
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
            _ => throw Unsupported($"a field of kind {field.Kind}"),
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
        _ => throw Unsupported($"a constant of type {type.Name}"),
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
                return operand with { Sql = $"(-{operand.Sql})", NonNegative = false, Constant = -operand.Constant };
            case ExpressionType.UnaryPlus:
                return Translate(u.Operand);
            case ExpressionType.Convert:
                return ConvertTerm(u);
            default:
                throw Unsupported($"the {u.NodeType} operator");
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

        throw Unsupported($"a conversion from {from.Name} to {to.Name}");
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
            case ExpressionType.AddChecked:
                return AddOrSubtract(Translate(b.Left), Translate(b.Right), "+");
            case ExpressionType.Subtract:
            case ExpressionType.SubtractChecked:
                return AddOrSubtract(Translate(b.Left), Translate(b.Right), "-");
            case ExpressionType.Multiply:
            case ExpressionType.MultiplyChecked:
                return Multiply(Translate(b.Left), Translate(b.Right));
            case ExpressionType.Divide:
                return Divide(Translate(b.Left), Translate(b.Right));
            default:
                throw Unsupported($"the {b.NodeType} operator");
        }
    }

    /// <summary>A comparison as .NET makes it: exact, and lifted (a missing value compares false; == and != compare missing values as equal).</summary>
    public static Term Compare(ExpressionType op, Term left, Term right)
    {
        string sql;
        if (left.Kind == SqlKind.Null || right.Kind == SqlKind.Null)
        {
            if (op is not (ExpressionType.Equal or ExpressionType.NotEqual))
            {
                throw Unsupported("an ordering comparison with null");
            }

            var isNull = left.Kind == SqlKind.Null ? right.IsNullSql : left.IsNullSql;
            return new Term(SqlKind.Boolean, op == ExpressionType.Equal ? isNull : $"(NOT {isNull})");
        }

        if (left.Kind == SqlKind.Number && right.Kind == SqlKind.Number)
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
            throw Unsupported($"a comparison of {left.Kind} with {right.Kind} by '{Operator(op)}'");
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

    private static Term Coalesce(Term value, Term fallback)
    {
        if (!value.Nullable)
        {
            return value;
        }

        return Conditional($"(NOT {value.IsNullSql})", value with { Nullable = false }, fallback);
    }

    /// <summary>CASE WHEN test THEN a ELSE b END, keeping a ratio a ratio.</summary>
    private static Term Conditional(string test, Term a, Term b)
    {
        if (a.Kind == SqlKind.Null)
        {
            return b with { Sql = $"(CASE WHEN {test} THEN NULL ELSE {b.Sql} END)", Den = b.Den is null ? null : $"(CASE WHEN {test} THEN NULL ELSE {b.Den} END)", Nullable = true, Constant = null };
        }

        if (b.Kind == SqlKind.Null)
        {
            return Conditional($"(NOT {test})", b, a);
        }

        if (a.Kind != b.Kind)
        {
            throw Unsupported($"a choice between {a.Kind} and {b.Kind}");
        }

        var nullable = a.Nullable || b.Nullable;
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
            Nullable = nullable,
            Scale = Math.Max(a.Scale, b.Scale),
            Integer = a.Integer && b.Integer,
            NonNegative = a.NonNegative && b.NonNegative,
        };
    }

    private Term AddOrSubtract(Term a, Term b, string op)
    {
        RequireNumber(a);
        RequireNumber(b);
        var constant = a.Constant is { } x && b.Constant is { } y ? (op == "+" ? x + y : x - y) : (decimal?)null;
        if (constant is { } value)
        {
            return Number(value) with { Integer = a.Integer && b.Integer };
        }

        if (!a.IsRatio && !b.IsRatio)
        {
            return new Term(SqlKind.Number, $"({a.Sql} {op} {b.Sql})")
            {
                Nullable = a.Nullable || b.Nullable,
                Scale = Math.Max(a.Scale, b.Scale),
                Integer = a.Integer && b.Integer,
                NonNegative = op == "+" && a.NonNegative && b.NonNegative,
            };
        }

        if ((a.IsRatio && b.IsRatio && a.Den != b.Den) || (a.IsRatio != b.IsRatio && (a.IsRatio ? b : a).Constant is null))
        {
            // Different denominators, or a ratio and a variable: a common denominator would multiply
            // money by money (or by a quotient) beyond DECIMAL(38); the quotients are taken instead.
            return AddOrSubtract(Materialise(a), Materialise(b), op);
        }

        // One denominator: n1/d ± n2/d, or n/d ± x = (n ± x·d)/d.
        var den = a.Den ?? b.Den!;
        var denScale = a.IsRatio ? a.DenScale : b.DenScale;
        var left = a.IsRatio ? a.Sql : $"({a.Sql}) * ({den})";
        var right = b.IsRatio ? b.Sql : $"({b.Sql}) * ({den})";
        return new Term(SqlKind.Number, $"({left} {op} {right})")
        {
            Den = den,
            DenScale = denScale,
            Nullable = a.Nullable || b.Nullable,
            Scale = Math.Max(a.IsRatio ? a.Scale : a.Scale + denScale, b.IsRatio ? b.Scale : b.Scale + denScale),
            NonNegative = op == "+" && a.NonNegative && b.NonNegative,
        };
    }

    private static Term Multiply(Term a, Term b)
    {
        RequireNumber(a);
        RequireNumber(b);
        if (a.Constant is { } x && b.Constant is { } y)
        {
            return Number(x * y) with { Integer = a.Integer && b.Integer };
        }

        var den = (a.Den, b.Den) switch
        {
            (null, null) => null,
            (null, var d) => d,
            (var d, null) => d,
            var (d1, d2) => $"({d1}) * ({d2})",
        };
        return new Term(SqlKind.Number, $"({a.Sql} * {b.Sql})")
        {
            Den = den,
            DenScale = a.DenScale + b.DenScale,
            Nullable = a.Nullable || b.Nullable,
            Scale = a.Scale + b.Scale,
            Integer = a.Integer && b.Integer,
            NonNegative = a.NonNegative && b.NonNegative,
        };
    }

    private Term Divide(Term a, Term b)
    {
        RequireNumber(a);
        RequireNumber(b);
        if (a.Integer && b.Integer)
        {
            if (b.Constant is not { } c || c == 0)
            {
                throw Unsupported("whole-number division by anything but a non-zero constant");
            }

            return Int(dialect.IntegerDivide($"CAST({a.Sql} AS {dialect.WideIntegerType})", $"CAST({b.Sql} AS {dialect.WideIntegerType})")) with { NonNegative = a.NonNegative && c > 0 };
        }

        if (b.Constant is { } divisor && divisor != 0 && !a.IsRatio && Reciprocal(divisor) is { } reciprocal)
        {
            // x / 2 = x * 0.5 exactly: .NET's quotient is the same number.
            return Multiply(a, Number(reciprocal));
        }

        if (b.Constant is not { } nonZero || nonZero == 0)
        {
            throw Unsupported("division by anything but a non-zero constant (write Ratio.Of(a, b))");
        }

        return Ratio(a, b);
    }

    /// <summary>1/<paramref name="divisor"/> when it is a terminating decimal of at most 12 places.</summary>
    private static decimal? Reciprocal(decimal divisor)
    {
        var r = 1m / divisor;
        return decimal.Round(r, 12) == r && r * divisor == 1m ? r : null;
    }

    /// <summary>numerator / denominator as a ratio: NULL denominator when it is zero, positive otherwise.</summary>
    private static Term Ratio(Term numerator, Term denominator)
    {
        if (denominator.Constant == 0)
        {
            return new Term(SqlKind.Number, "NULL") { Den = "NULL", Nullable = true };
        }

        // (n1/d1) / (n2/d2) = (n1·d2) / (d1·n2); only n2 may be zero or negative.
        var n = denominator.IsRatio ? $"({numerator.Sql}) * ({denominator.Den})" : numerator.Sql;
        var nScale = numerator.Scale + (denominator.IsRatio ? denominator.DenScale : 0);
        var raw = denominator.Sql;
        string d;
        if (denominator.Constant is { } c)
        {
            d = Lit(Math.Abs(c));
            n = c < 0 ? $"(-({n}))" : n;
        }
        else if (denominator.NonNegative)
        {
            d = $"NULLIF({raw}, 0)";
        }
        else
        {
            n = $"(CASE WHEN ({raw}) < 0 THEN -({n}) ELSE {n} END)";
            d = $"NULLIF(ABS({raw}), 0)";
        }

        if (numerator.IsRatio)
        {
            d = $"({numerator.Den}) * ({d})";
        }

        return new Term(SqlKind.Number, $"({n})")
        {
            Den = d,
            Scale = nScale,
            DenScale = denominator.Scale + (numerator.IsRatio ? numerator.DenScale : 0),
            Nullable = numerator.Nullable || denominator.Nullable || denominator.Constant is null,
            NonNegative = numerator.NonNegative && denominator.NonNegative,
        };
    }

    private Term Call(MethodCallExpression call)
    {
        var type = call.Method.DeclaringType;
        var name = call.Method.Name;
        if (type == typeof(Ratio))
        {
            return name switch
            {
                nameof(Expressions.Ratio.Of) => Ratio(Translate(call.Arguments[0]), Translate(call.Arguments[1])),
                nameof(Expressions.Ratio.Growth) => Growth(Translate(call.Arguments[0]), Translate(call.Arguments[1])),
                nameof(Expressions.Ratio.CompoundFactor) => CompoundFactor(Translate(call.Arguments[0]), Translate(call.Arguments[1])),
                _ => throw Unsupported($"Ratio.{name}"),
            };
        }

        if (type == typeof(Num))
        {
            return name switch
            {
                nameof(Num.Max) => MaxOrMin(Translate(call.Arguments[0]), Translate(call.Arguments[1]), max: true),
                nameof(Num.Min) => MaxOrMin(Translate(call.Arguments[0]), Translate(call.Arguments[1]), max: false),
                nameof(Num.Round) => Round(Translate(call.Arguments[0]), Translate(call.Arguments[1])),
                _ => throw Unsupported($"Num.{name}"),
            };
        }

        if (type == typeof(Tiers) && name == nameof(Tiers.Lookup))
        {
            return call.Arguments[1] is ConstantExpression { Value: string text }
                ? TierLookup(Translate(call.Arguments[0]), TierTable.Parse(text))
                : throw Unsupported("Tiers.Lookup with a table that is not a constant string");
        }

        if (type == typeof(TierTable) && name == nameof(TierTable.Lookup) && call.Object is ConstantExpression { Value: TierTable table })
        {
            // The compiler parses a constant table once and calls its Lookup.
            return TierLookup(Translate(call.Arguments[0]), table);
        }

        if (type == typeof(Dates))
        {
            return DatesCall(name, [.. call.Arguments.Select(Translate)]);
        }

        if (type == typeof(SizeTable))
        {
            return name == nameof(SizeTable.Row) ? SizeRow(call) : SizePick(call);
        }

        if (type == typeof(ProgrammeOutcomes) && call.Arguments[0] is ConstantExpression { Value: string programme })
        {
            return name switch
            {
                nameof(ProgrammeOutcomes.Eligible) => new Term(SqlKind.Boolean, programmeColumn(programme, "eligible")),
                nameof(ProgrammeOutcomes.Score) => new Term(SqlKind.Number, $"COALESCE({programmeColumn(programme, "score")}, 0)") { Scale = dialect.QuotientScale },
                nameof(ProgrammeOutcomes.Classification) => new Term(SqlKind.Text, $"COALESCE({programmeColumn(programme, "classification")}, '')"),
                _ => throw Unsupported($"programmes.{name}"),
            };
        }

        if (type == typeof(Enumerable) && name == nameof(Enumerable.Contains) && call.Arguments.Count == 2)
        {
            return In(call.Arguments[0], Translate(call.Arguments[1]));
        }

        if ((type == typeof(string) || type == typeof(decimal)) && name is "op_Equality" or "op_Inequality" or "op_LessThan" or "op_LessThanOrEqual" or "op_GreaterThan" or "op_GreaterThanOrEqual")
        {
            var op = name switch
            {
                "op_Equality" => ExpressionType.Equal,
                "op_Inequality" => ExpressionType.NotEqual,
                "op_LessThan" => ExpressionType.LessThan,
                "op_LessThanOrEqual" => ExpressionType.LessThanOrEqual,
                "op_GreaterThan" => ExpressionType.GreaterThan,
                _ => ExpressionType.GreaterThanOrEqual,
            };
            return Compare(op, Translate(call.Arguments[0]), Translate(call.Arguments[1]));
        }

        throw Unsupported($"{type?.Name}.{name}");
    }

    private Term Growth(Term current, Term previous) => Ratio(AddOrSubtract(current, previous, "-"), previous);

    private Term CompoundFactor(Term rate, Term years)
    {
        if (years.Constant is not { } y || y < 0 || y > 10 || y != decimal.Truncate(y))
        {
            throw Unsupported("Ratio.CompoundFactor with a number of years that is not a constant from 0 to 10");
        }

        if (rate.Constant is { } r)
        {
            return Number(Expressions.Ratio.CompoundFactor(r, (int)y));
        }

        var factor = Number(1m);
        var step = AddOrSubtract(Number(1m), rate, "+");
        for (var i = 0; i < (int)y; i++)
        {
            factor = Multiply(factor, step);
        }

        return factor;
    }

    private static Term MaxOrMin(Term a, Term b, bool max)
    {
        var test = Compare(max ? ExpressionType.GreaterThanOrEqual : ExpressionType.LessThanOrEqual, a, b).Sql;
        var chosen = Conditional(test, a, b);
        return chosen with { NonNegative = max ? a.NonNegative || b.NonNegative : a.NonNegative && b.NonNegative };
    }

    private Term Round(Term value, Term digits)
    {
        if (digits.Constant is not { } d || d != decimal.Truncate(d))
        {
            throw Unsupported("Num.Round with a number of digits that is not a whole constant");
        }

        var places = (int)Math.Clamp(d, 0, 28);
        var plain = Materialise(value);
        if (plain.Scale <= places)
        {
            return plain;
        }

        // ROUND on exact decimals rounds halves away from zero in both DuckDB and PostgreSQL, as Num.Round does.
        return plain with { Sql = $"ROUND({plain.Sql}, {places})", Scale = places, Constant = null };
    }

    private static Term TierLookup(Term value, TierTable table)
    {
        var sql = new System.Text.StringBuilder("(CASE");
        var scale = DecimalScale(table.Otherwise);
        foreach (var row in table.Rows)
        {
            var op = row.Operator switch
            {
                TierOperator.AtLeast => ExpressionType.GreaterThanOrEqual,
                TierOperator.Above => ExpressionType.GreaterThan,
                TierOperator.AtMost => ExpressionType.LessThanOrEqual,
                _ => ExpressionType.LessThan,
            };
            sql.Append(" WHEN ").Append(Compare(op, value, Number(row.Bound)).Sql).Append(" THEN ").Append(Lit(row.Result));
            scale = Math.Max(scale, DecimalScale(row.Result));
        }

        sql.Append(" ELSE ").Append(Lit(table.Otherwise)).Append(" END)");
        return new Term(SqlKind.Number, sql.ToString())
        {
            Scale = scale,
            NonNegative = table.Otherwise >= 0 && table.Rows.All(r => r.Result >= 0),
        };
    }

    private Term DatesCall(string name, Term[] args)
    {
        switch (name)
        {
            case nameof(Dates.DaysBetween):
                return Int(dialect.DaysBetween(args[0].Sql, args[1].Sql));
            case nameof(Dates.FullYearsBetween):
            {
                var years = $"(EXTRACT(YEAR FROM {args[1].Sql}) - EXTRACT(YEAR FROM {args[0].Sql}))";
                return Int($"CAST(CASE WHEN {args[1].Sql} < {dialect.AddYears(args[0].Sql, years)} THEN {years} - 1 ELSE {years} END AS BIGINT)");
            }

            case nameof(Dates.Anniversary):
                return new Term(SqlKind.Date, dialect.AddYears(args[0].Sql, args[1].Sql));
            case nameof(Dates.FullFiscalYearsOperated):
            {
                var r = args[0].Sql;
                var first = $"(CASE WHEN EXTRACT(MONTH FROM {r}) = 1 AND EXTRACT(DAY FROM {r}) = 1 THEN EXTRACT(YEAR FROM {r}) ELSE EXTRACT(YEAR FROM {r}) + 1 END)";
                return Int($"CAST(GREATEST(0, EXTRACT(YEAR FROM {args[1].Sql}) - {first}) AS BIGINT)") with { NonNegative = true };
            }

            default:
                throw Unsupported($"Dates.{name}");
        }
    }

    private Term SizeRow(MethodCallExpression call)
    {
        var a = call.Arguments.Select(Bool).ToArray();
        return new Term(SqlKind.Text,
            $"(CASE WHEN NOT {a[0]} THEN NULL WHEN NOT {a[1]} THEN '{SizeClass.Large}' WHEN {a[2]} THEN '{SizeClass.Medium}' WHEN {a[3]} THEN '{SizeClass.Small}' ELSE '{SizeClass.Micro}' END)")
        {
            Nullable = true,
        };
    }

    private Term SizePick(MethodCallExpression call)
    {
        if (call.Arguments is not [NewArrayExpression { NodeType: ExpressionType.NewArrayInit } rows])
        {
            throw Unsupported("SizeTable.Pick without its rows written out");
        }

        var terms = rows.Expressions.Select(Translate).Where(t => t.Kind != SqlKind.Null).ToList();
        return terms.Count == 0
            ? new Term(SqlKind.Null, "NULL") { Nullable = true }
            : new Term(SqlKind.Text, $"COALESCE({string.Join(", ", terms.Select(t => t.Sql))})") { Nullable = true };
    }

    private Term In(Expression set, Term value)
    {
        IEnumerable<Term> items = set switch
        {
            ConstantExpression { Value: System.Collections.IEnumerable values } => values.Cast<object?>().Select(v => Constant(v, set.Type.GetElementType() ?? typeof(object))),
            NewArrayExpression array => array.Expressions.Select(Translate),
            _ => throw Unsupported("'in' over anything but a list written out"),
        };
        var tests = items.Select(item => Compare(ExpressionType.Equal, value, item).Sql).ToList();
        return new Term(SqlKind.Boolean, tests.Count == 0 ? "FALSE" : $"({string.Join(" OR ", tests)})");
    }

    private static void RequireNumber(Term term)
    {
        if (term.Kind != SqlKind.Number)
        {
            throw new SqlTranslationException($"arithmetic on a {term.Kind} value cannot be translated to SQL / {term.Kind} 值的算术运算无法翻译为 SQL");
        }
    }

    private static Term Int(string sql) => new(SqlKind.Number, sql) { Integer = true };

    private static Term Number(decimal value) => new(SqlKind.Number, Lit(value))
    {
        Constant = value,
        Scale = DecimalScale(value),
        NonNegative = value >= 0,
    };

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

    private static SqlTranslationException Unsupported(string what) =>
        new($"{what} has no exact SQL translation / {what} 无法精确翻译为 SQL");
}

/// <summary>The decimals the SQL input stage keeps for each kind of number.</summary>
internal static class InputScales
{
    /// <summary>Money is to the fen, as every reader requires.</summary>
    public const int Money = 2;

    /// <summary>Scores, percentages and decimals: more decimals than this are refused as a reject (the .NET readers take up to 28).</summary>
    public const int Fraction = 12;
}

using System.Globalization;
using System.Linq.Expressions;
using System.Reflection;
using PolicyRules.Evaluation;
using PolicyRules.Expressions;
using PolicyRules.Model;

namespace PolicyRules.Sql;

/// <summary>The allow-list helpers of <see cref="ExpressionTranslator"/>: Ratio, Num, Dates, Tiers, SizeTable and set membership.</summary>
internal sealed partial class ExpressionTranslator
{
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
                _ => throw Unsupported($"Ratio.{name}", $"Ratio.{name}"),
            };
        }

        if (type == typeof(Num))
        {
            return name switch
            {
                nameof(Num.Max) => MaxOrMin(Translate(call.Arguments[0]), Translate(call.Arguments[1]), max: true),
                nameof(Num.Min) => MaxOrMin(Translate(call.Arguments[0]), Translate(call.Arguments[1]), max: false),
                nameof(Num.Round) => Round(Translate(call.Arguments[0]), Translate(call.Arguments[1])),
                _ => throw Unsupported($"Num.{name}", $"Num.{name}"),
            };
        }

        if (type == typeof(Tiers) && name == nameof(Tiers.Lookup))
        {
            return call.Arguments[1] is ConstantExpression { Value: string text }
                ? TierLookup(Translate(call.Arguments[0]), TierTable.Parse(text))
                : throw Unsupported("Tiers.Lookup with a table that is not a constant string", "表不是常量字符串的 Tiers.Lookup");
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
                nameof(ProgrammeOutcomes.Score) => new Term(SqlKind.Number, $"COALESCE({programmeColumn(programme, "score")}, 0)") { Scale = 28 },
                nameof(ProgrammeOutcomes.Classification) => new Term(SqlKind.Text, $"COALESCE({programmeColumn(programme, "classification")}, '')"),
                _ => throw Unsupported($"programmes.{name}", $"programmes.{name}"),
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

        throw Unsupported($"{type?.Name}.{name}", $"{type?.Name}.{name}");
    }

    private Term Growth(Term current, Term previous) => Ratio(AddOrSubtract(current, previous, "-"), previous);

    private Term CompoundFactor(Term rate, Term years)
    {
        if (years.Constant is not { } y || y < 0 || y > 10 || y != decimal.Truncate(y))
        {
            throw Unsupported("Ratio.CompoundFactor with a number of years that is not a constant from 0 to 10", "年数不是 0 至 10 之间常数的 Ratio.CompoundFactor");
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

    private Term MaxOrMin(Term a, Term b, bool max)
    {
        if (IsRounded(a) || IsRounded(b))
        {
            return RoundedMaxOrMin(a, b, max);
        }

        var test = Compare(max ? ExpressionType.GreaterThanOrEqual : ExpressionType.LessThanOrEqual, a, b).Sql;
        var chosen = Conditional(test, a, b);
        return chosen with { NonNegative = max ? a.NonNegative || b.NonNegative : a.NonNegative && b.NonNegative };
    }

    private Term Round(Term value, Term digits)
    {
        if (digits.Constant is not { } d || d != decimal.Truncate(d))
        {
            throw Unsupported("Num.Round with a number of digits that is not a whole constant", "位数不是整数常量的 Num.Round");
        }

        var places = (int)Math.Clamp(d, 0, 28);
        var plain = Materialise(value);
        if (plain.Scale <= places)
        {
            return plain;
        }

        // ROUND on exact decimals rounds halves away from zero in both DuckDB and PostgreSQL, as Num.Round does.
        return plain with { Sql = $"ROUND({plain.Sql}, {places})", Scale = places, Constant = null, Mantissa = null };
    }

    private Term TierLookup(Term value, TierTable table)
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
            SmallExact = IsSmallExact(table.Otherwise) && table.Rows.All(r => IsSmallExact(r.Result)),
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
                throw Unsupported($"Dates.{name}", $"Dates.{name}");
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
            throw Unsupported("SizeTable.Pick without its rows written out", "未逐行写出的 SizeTable.Pick");
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
            _ => throw Unsupported("'in' over anything but a list written out", "对逐项写出的列表以外的对象使用 'in'"),
        };
        var tests = items.Select(item => Compare(ExpressionType.Equal, value, item).Sql).ToList();
        return new Term(SqlKind.Boolean, tests.Count == 0 ? "FALSE" : $"({string.Join(" OR ", tests)})");
    }
}

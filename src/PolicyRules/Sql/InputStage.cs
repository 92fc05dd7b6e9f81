using System.Text;
using PolicyRules.Model;

namespace PolicyRules.Sql;

/// <summary>
/// The first stages of a screening query: every column read as text (so a source typed DOUBLE,
/// DECIMAL(10,3) or VARCHAR is judged alike), checked against its declared kind exactly as the .NET
/// readers check it, and cast to an exact type. A value that fails names its row, column and reason
/// in the reject columns; it never fails the query.
/// </summary>
internal static class InputStage
{
    public const string Row = "_row";
    public const string RejectColumns = "_reject_columns";
    public const string RejectReasons = "_reject_reasons";

    /// <summary>Appends the CTEs <c>raw</c>, <c>typed</c> and <c>checked</c> (no leading WITH).</summary>
    public static void Append(StringBuilder sql, ISqlDialect dialect, IReadOnlyList<ProfileField> fields, string from)
    {
        string Q(string name) => dialect.QuoteIdentifier(name);
        sql.Append("raw AS (SELECT row_number() OVER () AS ").Append(Q(Row));
        foreach (var field in fields)
        {
            // Outer spaces trimmed, as the CSV reader trims an unquoted cell.
            sql.Append(", trim(").Append(dialect.AsText(Q(field.Name))).Append(") AS ").Append(Q(field.Name));
        }

        sql.Append(" FROM ").Append(from).Append("),\n");
        sql.Append("typed AS (SELECT ").Append(Q(Row));
        foreach (var field in fields)
        {
            var t = Q(field.Name);
            var (valid, value, reason) = Kind(dialect, field, t);
            sql.Append(",\n  (CASE WHEN ").Append(valid).Append(" THEN ").Append(value).Append(" END) AS ").Append(t);
            sql.Append(",\n  (CASE WHEN ").Append(t).Append(" IS NULL OR ").Append(t).Append(" = '' THEN ")
                .Append(ExpressionTranslator.Quote(EmptyReason))
                .Append(" WHEN NOT (").Append(valid).Append(") THEN ").Append(reason).Append(" END) AS ").Append(Q(field.Name + "!"));
        }

        sql.Append("\n  FROM raw),\n");
        sql.Append("checked AS (SELECT *, concat_ws(';'");
        foreach (var field in fields)
        {
            sql.Append(", CASE WHEN ").Append(Q(field.Name + "!")).Append(" IS NOT NULL THEN ").Append(ExpressionTranslator.Quote(field.Name)).Append(" END");
        }

        sql.Append(") AS ").Append(Q(RejectColumns)).Append(", concat_ws(' | '");
        foreach (var field in fields)
        {
            sql.Append(", ").Append(Q(field.Name + "!"));
        }

        sql.Append(") AS ").Append(Q(RejectReasons)).Append(" FROM typed)");
    }

    /// <summary>The CSV reader's reason for an empty cell of a field the programmes read (ProfileCsvReader).</summary>
    internal const string EmptyReason = "empty cell: the value is needed, and an empty cell is not a zero / 空单元格：该值为必需，空值不视为零";

    /// <summary>Stands for the value shown in a reason: the readers' own texts are split around it.</summary>
    private const string Shown = "\u0001";

    private static (string Valid, string Value, string Reason) Kind(ISqlDialect dialect, ProfileField field, string t)
    {
        var present = $"{t} IS NOT NULL AND {t} <> ''";
        string Guarded(string pattern, string test) => $"(CASE WHEN {present} AND {dialect.FullMatch(t, pattern)} THEN {test} ELSE FALSE END)";

        // The reason exactly as the .NET readers word it, the value cut at 40 characters as they cut it.
        var shown = $"(CASE WHEN length({t}) > 40 THEN substring({t}, 1, 40) || '…' ELSE {t} END)";
        string Reason(string template) =>
            "(" + string.Join(" || " + shown + " || ", template.Split(Shown).Select(ExpressionTranslator.Quote)) + ")";

        switch (field.Kind)
        {
            case FieldKind.Text:
                return (present, t, "NULL");
            case FieldKind.Boolean:
                return ($"({present} AND lower({t}) IN ('true', 'false'))", $"(lower({t}) = 'true')", Reason(RecordSchema.Reason(Shown, "expected true or false", "应为 true 或 false")));
            case FieldKind.Date:
            {
                // Digits by their codes, not by casts: an engine may evaluate a repeated expression before
                // the CASE that guards it (DuckDB lifts common subexpressions), and then no cast may fail.
                string Digits(int from, int count) =>
                    "(" + string.Join(" + ", Enumerable.Range(0, count).Select(k => $"(ascii(substring({t}, {from + k}, 1)) - 48) * {(int)Math.Pow(10, count - 1 - k)}")) + ")";
                var y = Digits(1, 4);
                var m = Digits(6, 2);
                var d = Digits(9, 2);
                var days = $"(CASE WHEN {m} IN (1, 3, 5, 7, 8, 10, 12) THEN 31 WHEN {m} IN (4, 6, 9, 11) THEN 30 WHEN ({y} % 4 = 0 AND {y} % 100 <> 0) OR {y} % 400 = 0 THEN 29 ELSE 28 END)";
                var valid = Guarded("[0-9]{4}-[0-9]{2}-[0-9]{2}", $"({y} >= 1 AND {m} BETWEEN 1 AND 12 AND {d} BETWEEN 1 AND {days})");
                return (valid, $"CAST({t} AS DATE)", Reason(RecordSchema.DateReason(Shown)));
            }

            case FieldKind.Count:
            {
                var value = $"CAST({dialect.TextToDecimal(t, 0)} AS BIGINT)";
                return (Guarded("[+-]?0*[0-9]{1,12}", Range(field, value)), value, Reason(RecordSchema.NumberReason(field, Shown)));
            }

            case FieldKind.Money or FieldKind.SignedMoney or FieldKind.Score or FieldKind.Percent or FieldKind.Number:
            {
                var money = field.Kind is FieldKind.Money or FieldKind.SignedMoney;
                var scale = money ? InputScales.Money : InputScales.Fraction;
                var whole = field.Kind is FieldKind.Score or FieldKind.Percent ? 3 : 19;
                var value = dialect.TextToDecimal(t, scale);
                var pattern = $@"[+-]?(0*[0-9]{{1,{whole}}}(\.[0-9]{{0,{scale}}}0*)?|\.[0-9]{{1,{scale}}}0*)";
                var reason = Reason(RecordSchema.NumberReason(field, Shown));
                if (!money)
                {
                    // The .NET readers keep up to 28 decimals; the SQL engines keep 12, and refuse more rather than round.
                    var longer = dialect.FullMatch(t, $@"[+-]?[0-9]*\.[0-9]{{{scale},}}[0-9]*[1-9]0*");
                    reason = $"(CASE WHEN {present} AND {longer} THEN {Reason(RecordSchema.Reason(Shown, $"more than {scale} decimals, which the SQL engines do not keep (screen this file with the .NET engine)", $"小数超过 {scale} 位，SQL 引擎不保留（请改用 .NET 引擎筛查此文件）"))} ELSE {reason} END)";
                }

                return (Guarded(pattern, Range(field, value)), value, reason);
            }

            case FieldKind.Industry or FieldKind.Choice:
            {
                var names = field.Values.IsDefaultOrEmpty ? [.. Enum.GetNames(field.Property.PropertyType)] : field.Values;
                var lower = string.Join(", ", names.Select(n => ExpressionTranslator.Quote(n.ToLowerInvariant())));
                var value = new StringBuilder($"(CASE lower({t})");
                foreach (var name in names)
                {
                    value.Append(" WHEN ").Append(ExpressionTranslator.Quote(name.ToLowerInvariant())).Append(" THEN ").Append(ExpressionTranslator.Quote(name));
                }

                value.Append(" END)");
                var reason = field.Kind == FieldKind.Industry ? RecordSchema.Reason(Shown, "expected one of " + string.Join(", ", names), "应为以下行业名称之一：" + string.Join("、", names))
                    : field.Property.PropertyType == typeof(GreenFactoryLevel) ? RecordSchema.Reason(Shown, "expected one of " + string.Join(", ", names), "应为以下等级名称之一：" + string.Join("、", names))
                    : RecordSchema.Reason(Shown, "expected one of " + string.Join(", ", names), "应为以下取值之一：" + string.Join("、", names));
                return ($"({present} AND lower({t}) IN ({lower}))", value.ToString(), Reason(reason));
            }

            default:
                throw new InvalidOperationException($"Unknown field kind {field.Kind}.");
        }
    }

    /// <summary>The field's range (its kind's, narrowed by its declaration's Min and Max), as the readers check it.</summary>
    private static string Range(ProfileField field, string value) =>
        $"({value} BETWEEN {ExpressionTranslator.Lit(field.Min ?? 0m)} AND {ExpressionTranslator.Lit(field.Max ?? 0m)})";
}

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
            sql.Append(", ").Append(dialect.AsText(Q(field.Name))).Append(" AS ").Append(Q(field.Name));
        }

        sql.Append(" FROM ").Append(from).Append("),\n");
        sql.Append("typed AS (SELECT ").Append(Q(Row));
        foreach (var field in fields)
        {
            var t = Q(field.Name);
            var (valid, value, reason) = Kind(dialect, field, t);
            sql.Append(",\n  (CASE WHEN ").Append(valid).Append(" THEN ").Append(value).Append(" END) AS ").Append(t);
            sql.Append(",\n  (CASE WHEN ").Append(t).Append(" IS NULL OR ").Append(t).Append(" = '' THEN ")
                .Append(ExpressionTranslator.Quote($"{field.Name}: missing value / {field.Name}：缺少取值"))
                .Append(" WHEN NOT (").Append(valid).Append(") THEN ").Append(reason).Append(" END) AS ").Append(Q(field.Name + "!"));
        }

        sql.Append("\n  FROM raw),\n");
        sql.Append("checked AS (SELECT *, concat_ws(';'");
        foreach (var field in fields)
        {
            sql.Append(", CASE WHEN ").Append(Q(field.Name + "!")).Append(" IS NOT NULL THEN ").Append(ExpressionTranslator.Quote(field.Name)).Append(" END");
        }

        sql.Append(") AS ").Append(Q(RejectColumns)).Append(", concat_ws('; '");
        foreach (var field in fields)
        {
            sql.Append(", ").Append(Q(field.Name + "!"));
        }

        sql.Append(") AS ").Append(Q(RejectReasons)).Append(" FROM typed)");
    }

    private static (string Valid, string Value, string Reason) Kind(ISqlDialect dialect, ProfileField field, string t)
    {
        var present = $"{t} IS NOT NULL AND {t} <> ''";
        string Guarded(string pattern, string test) => $"(CASE WHEN {present} AND {dialect.FullMatch(t, pattern)} THEN {test} ELSE FALSE END)";
        string Reason(string english, string chinese) =>
            $"('{field.Name}: {english}, got ''' || substring({t}, 1, 40) || ''' / {field.Name}：{chinese}，实为 ''' || substring({t}, 1, 40) || '''')";
        switch (field.Kind)
        {
            case FieldKind.Text:
                return (present, t, "NULL");
            case FieldKind.Boolean:
                return ($"({present} AND lower({t}) IN ('true', 'false'))", $"(lower({t}) = 'true')", Reason("expected true or false", "应为 true 或 false"));
            case FieldKind.Date:
            {
                var y = $"CAST(substring({t}, 1, 4) AS INTEGER)";
                var m = $"CAST(substring({t}, 6, 2) AS INTEGER)";
                var d = $"CAST(substring({t}, 9, 2) AS INTEGER)";
                var days = $"(CASE WHEN {m} IN (1, 3, 5, 7, 8, 10, 12) THEN 31 WHEN {m} IN (4, 6, 9, 11) THEN 30 WHEN ({y} % 4 = 0 AND {y} % 100 <> 0) OR {y} % 400 = 0 THEN 29 ELSE 28 END)";
                var valid = Guarded("[0-9]{4}-[0-9]{2}-[0-9]{2}", $"({y} >= 1 AND {m} BETWEEN 1 AND 12 AND {d} BETWEEN 1 AND {days})");
                return (valid, $"CAST({t} AS DATE)", Reason("expected a date YYYY-MM-DD", "应为日期 YYYY-MM-DD"));
            }

            case FieldKind.Count:
            {
                var value = $"CAST({t} AS BIGINT)";
                return (Guarded("[+-]?0*[0-9]{1,12}", $"({value} BETWEEN 0 AND 2147483647)"), value, Reason("expected a whole number ≥ 0", "应为不小于 0 的整数"));
            }

            case FieldKind.Money or FieldKind.SignedMoney:
            {
                var value = dialect.TextToDecimal(t, InputScales.Money);
                var range = field.Kind == FieldKind.Money ? $"{value} BETWEEN 0 AND 1000000000000000000" : $"{value} BETWEEN -1000000000000000000 AND 1000000000000000000";
                var reason = field.Kind == FieldKind.Money
                    ? Reason("expected an amount in yuan between 0 and 10^18, to the fen (at most 2 decimals)", "应为 0 至 10^18 之间的金额（元），精确到分（最多两位小数）")
                    : Reason("expected an amount in yuan between -10^18 and 10^18, to the fen (at most 2 decimals)", "应为 -10^18 至 10^18 之间的金额（元），精确到分（最多两位小数）");
                return (Guarded(@"[+-]?(0*[0-9]{1,19}(\.[0-9]{0,2}0*)?|\.[0-9]{1,2}0*)", $"({range})"), value, reason);
            }

            case FieldKind.Score or FieldKind.Percent:
            {
                var value = dialect.TextToDecimal(t, InputScales.Fraction);
                var reason = field.Kind == FieldKind.Score
                    ? Reason("expected a score between 0 and 100 (at most 12 decimals)", "应为 0 至 100 之间的分数（最多 12 位小数）")
                    : Reason("expected a percentage between 0 and 100 (at most 12 decimals)", "应为 0 至 100 之间的百分数（最多 12 位小数）");
                return (Guarded(@"[+-]?(0*[0-9]{1,3}(\.[0-9]{0,12}0*)?|\.[0-9]{1,12}0*)", $"({value} BETWEEN 0 AND 100)"), value, reason);
            }

            case FieldKind.Industry or FieldKind.Choice:
            {
                var names = Enum.GetNames(field.Property.PropertyType);
                var lower = string.Join(", ", names.Select(n => ExpressionTranslator.Quote(n.ToLowerInvariant())));
                var value = new StringBuilder($"(CASE lower({t})");
                foreach (var name in names)
                {
                    value.Append(" WHEN ").Append(ExpressionTranslator.Quote(name.ToLowerInvariant())).Append(" THEN ").Append(ExpressionTranslator.Quote(name));
                }

                value.Append(" END)");
                return ($"({present} AND lower({t}) IN ({lower}))", value.ToString(), Reason("expected one of " + string.Join(", ", names), "应为取值之一"));
            }

            default:
                throw new InvalidOperationException($"Unknown field kind {field.Kind}.");
        }
    }
}

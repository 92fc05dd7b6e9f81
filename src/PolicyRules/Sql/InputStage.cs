using System.Collections.Immutable;
using System.Text;
using PolicyRules.Model;
using PolicyRules.Records;

namespace PolicyRules.Sql;

/// <summary>
/// The first stages of a screening query: every column read as text (so a source typed DOUBLE,
/// DECIMAL(10,3) or VARCHAR is judged alike), checked against its declared kind exactly as the .NET
/// readers check it, and cast to an exact type. The results query keeps the rows whose every value
/// passes; the rejects query spells out row, columns and reasons for the others only. A value that
/// fails never fails the query: where the engine has casts that yield NULL rather than an error
/// (<see cref="ISqlDialect.CastOrNull"/>), each value is cast once, unguarded, and checked by its
/// text's shape and its range; elsewhere the cast runs only under the check that guards it.
/// </summary>
internal static class InputStage
{
    public const string Row = "_row";

    /// <summary>
    /// Appends the CTEs <c>raw</c> (text), <c>typed</c> (text and value) and <c>ready</c> (the values
    /// of the rows whose every value passes), no leading WITH; <paramref name="numbered"/> adds
    /// <see cref="Row"/>, the row's place in the input.
    /// </summary>
    public static void AppendReady(StringBuilder sql, ISqlDialect dialect, IReadOnlyList<ProfileField> fields, string from, bool numbered, bool typedSource)
    {
        string Q(string name) => dialect.QuoteIdentifier(name);
        var stages = AppendTyped(sql, dialect, fields, from, numbered, typedSource);
        sql.Append(",\nready AS (SELECT ").Append(numbered ? Q(Row) + ", " : "").Append(string.Join(", ", fields.Select(f => Q(f.Name))));
        sql.Append("\n  FROM typed WHERE ").Append(Accepts(stages)).Append(')');
    }

    /// <summary>The column of the rows query naming a rejected row's failing columns (<c>;</c>-separated); NULL for a row that passes.</summary>
    public const string RejectedColumns = "_rejected_columns";

    /// <summary>The column of the rows query giving a rejected row's reasons (<c> | </c>-separated); NULL for a row that passes.</summary>
    public const string RejectedReasons = "_rejected_reasons";

    /// <summary>
    /// Appends the CTEs of the rows query, no leading WITH: as <see cref="AppendReady"/>, but <c>ready</c>
    /// keeps every row. A row that fails has NULL values (so no later expression computes with a value
    /// the readers refuse), its id as read, and <see cref="RejectedColumns"/> and
    /// <see cref="RejectedReasons"/>, spelt out for the failing rows only.
    /// </summary>
    /// <remarks><c>checked</c> ends with <see cref="ISqlDialect.SubqueryFence"/>: its test is computed once per row.</remarks>
    public static void AppendAllRows(StringBuilder sql, ISqlDialect dialect, IReadOnlyList<ProfileField> fields, ProfileField idField, string from, bool numbered, bool typedSource)
    {
        string Q(string name) => dialect.QuoteIdentifier(name);
        var stages = AppendTyped(sql, dialect, fields, from, numbered, typedSource);
        var ok = Q("_ok");
        sql.Append(",\nchecked AS (SELECT COALESCE(").Append(Accepts(stages)).Append(", FALSE) AS ").Append(ok).Append(", * FROM typed")
            .Append(dialect.SubqueryFence).Append("),\n");
        sql.Append("ready AS (SELECT ").Append(numbered ? Q(Row) + ", " : "");
        sql.Append(string.Join(", ", fields.Select(f => f == idField ? Q(f.Name) : $"(CASE WHEN {ok} THEN {Q(f.Name)} END) AS {Q(f.Name)}")));
        var (columns, reasons) = Why(dialect, fields, idField, stages);
        sql.Append(",\n  (CASE WHEN NOT ").Append(ok).Append(" THEN ").Append(columns).Append(" END) AS ").Append(Q(RejectedColumns));
        sql.Append(",\n  (CASE WHEN NOT ").Append(ok).Append(" THEN ").Append(reasons).Append(" END) AS ").Append(Q(RejectedReasons));
        sql.Append("\n  FROM checked)");
    }

    /// <summary>
    /// The rejects query: <c>row</c>, <c>id</c> (the text read), <c>columns</c> and <c>reasons</c> of
    /// every row a value of which fails, and of every later row with an accepted row's id
    /// (<see cref="RecordSchema.DuplicateIdReason(long)"/>), in input order. The reasons are spelt out for those rows only.
    /// </summary>
    public static string Rejects(ISqlDialect dialect, IReadOnlyList<ProfileField> fields, ProfileField idField, string from, bool typedSource)
    {
        string Q(string name) => dialect.QuoteIdentifier(name);
        var sql = new StringBuilder("WITH ");
        var stages = AppendTyped(sql, dialect, fields, from, numbered: false, typedSource);
        var failed = Q("_failed");
        var first = Q("_first");
        var (row, id, columns, reasons) = (Q("row"), Q("id"), Q("columns"), Q("reasons"));
        sql.Append(",\nchecks AS (SELECT NOT COALESCE(").Append(Accepts(stages)).Append(", FALSE) AS ").Append(failed).Append(", * FROM typed),\n");
        var (why, because) = Why(dialect, fields, idField, stages);
        sql.Append("marked AS (SELECT row_number() OVER () AS ").Append(row).Append(", ").Append(failed).Append(", ").Append(TrimSpaces(Q(Text(idField)))).Append(" AS ").Append(id);
        sql.Append(",\n  (CASE WHEN ").Append(failed).Append(" THEN ").Append(why).Append(" END) AS ").Append(columns);
        sql.Append(",\n  (CASE WHEN ").Append(failed).Append(" THEN ").Append(because).Append(" END) AS ").Append(reasons);
        sql.Append("\n  FROM checks),\n");
        sql.Append("firsts AS (SELECT *, min(CASE WHEN NOT ").Append(failed).Append(" THEN ").Append(row).Append(" END) OVER (PARTITION BY ").Append(id).Append(") AS ").Append(first).Append(" FROM marked)\n");
        sql.Append("SELECT ").Append(row).Append(", ").Append(id)
            .Append(", (CASE WHEN ").Append(failed).Append(" THEN ").Append(columns).Append(" ELSE ").Append(ExpressionTranslator.Quote(idField.Name)).Append(" END) AS ").Append(columns)
            .Append(", (CASE WHEN ").Append(failed).Append(" THEN ").Append(reasons).Append(" ELSE ").Append(DuplicateIdReason(dialect, first)).Append(" END) AS ").Append(reasons)
            .Append(" FROM firsts WHERE ").Append(failed).Append(" OR ").Append(row).Append(" > ").Append(first).Append(" ORDER BY ").Append(row);
        return sql.ToString();
    }

    /// <summary>The reason of a row rejected for its duplicate id, the first row's number read from <paramref name="first"/>.</summary>
    internal static string DuplicateIdReason(ISqlDialect dialect, string first) =>
        "(" + string.Join(" || " + dialect.AsText(first) + " || ", RecordSchema.DuplicateIdReason(Shown).Split(Shown).Select(ExpressionTranslator.Quote)) + ")";

    /// <summary>
    /// Every field's test ANDed (TRUE only when all are TRUE), each shape matched on its own text: one
    /// match over the texts joined by a separator gave the same verdicts and measured slower in DuckDB.
    /// </summary>
    private static string Accepts(List<Stage> stages) => string.Join("\n    AND ", stages.Select(s => s.Passes));

    /// <summary>The name under which <c>raw</c> and <c>typed</c> carry a field's text.</summary>
    private static string Text(ProfileField field) => field.Name + "$text";

    /// <summary>
    /// A field in the stages: its text read from the source, its value cast from that text, and the test
    /// that it passes (TRUE, or FALSE or NULL).
    /// </summary>
    private sealed record Stage(string Text, string Value, string Passes)
    {
        /// <summary>The field's text as a reason shows it: the text read, or a typed value's text.</summary>
        public string? Shown { get; init; }
    }

    /// <summary>
    /// The row's columns that fail (<c>;</c>-separated) and why (<c> | </c>-separated), as the .NET
    /// readers list them; meant for failing rows only, each field judged by its own test.
    /// </summary>
    private static (string Columns, string Reasons) Why(ISqlDialect dialect, IReadOnlyList<ProfileField> fields, ProfileField idField, List<Stage> stages)
    {
        var reasons = fields.Select((f, i) => Reason(dialect, f, stages[i], f == idField ? RecordSchema.BlankIdReason : EmptyReason)).ToList();
        var columns = "concat_ws(';', " + string.Join(", ", fields.Select((f, i) => $"CASE WHEN {reasons[i]} IS NOT NULL THEN {ExpressionTranslator.Quote(f.Name)} END")) + ")";
        return (columns, "concat_ws(' | ', " + string.Join(", ", reasons) + ")");
    }

    private static List<Stage> AppendTyped(StringBuilder sql, ISqlDialect dialect, IReadOnlyList<ProfileField> fields, string from, bool numbered, bool typedSource)
    {
        string Q(string name) => dialect.QuoteIdentifier(name);
        var stages = fields.Select(f => (typedSource ? TypedStageOf(dialect, f) : null) ?? StageOf(dialect, f)).ToList();
        sql.Append("raw AS (SELECT ").Append(numbered ? "row_number() OVER () AS " + Q(Row) + ", " : "");
        sql.Append(string.Join(", ", fields.Select((f, i) => $"{stages[i].Text} AS {Q(Text(f))}")));
        sql.Append(" FROM ").Append(from).Append("),\n");
        sql.Append("typed AS (SELECT ").Append(numbered ? Q(Row) + ", " : "").Append(string.Join(", ", fields.Select(f => Q(Text(f)))));
        for (var i = 0; i < fields.Count; i++)
        {
            sql.Append(",\n  ").Append(stages[i].Value).Append(" AS ").Append(Q(fields[i].Name));
        }

        sql.Append("\n  FROM raw").Append(dialect.SubqueryFence).Append(')');
        return stages;
    }

    /// <summary>
    /// How a field is read from a source that gives it typed (<see cref="ScreeningSqlOptions.PlainTypedSource"/>:
    /// DuckDB's CSV reader, every text of the field known to be plain), or null for a kind read as text:
    /// the value as given (a decimal widened to its scale in 38 digits, as the text's cast gives it), only
    /// its range checked. A reason shows the value's text as the engine writes it (<c>-5.00</c> for
    /// <c>-5</c>); the engine's own run takes every reason from this library's reader.
    /// </summary>
    private static Stage? TypedStageOf(ISqlDialect dialect, ProfileField field)
    {
        if (dialect.CastOrNull("''", "DATE") is null)
        {
            return null;
        }

        var source = dialect.QuoteIdentifier(field.Name);
        var t = dialect.QuoteIdentifier(Text(field)); // here the typed value, passed through raw under the text's name
        var v = dialect.QuoteIdentifier(field.Name);
        var shown = dialect.AsText(t);
        return field.Kind switch
        {
            FieldKind.Date => new(source, t, $"({v} >= DATE '0001-01-01')") { Shown = shown },
            FieldKind.Count => new(source, t, Range(field, v)) { Shown = shown },
            FieldKind.Money or FieldKind.SignedMoney or FieldKind.Score or FieldKind.Percent or FieldKind.Number =>
                new(source, $"CAST({t} AS DECIMAL(38,{Scale(field)}))", Range(field, v)) { Shown = shown },
            _ => null,
        };
    }

    /// <summary>
    /// How a field is read. Outer spaces do not count, as the CSV reader trims an unquoted cell: text,
    /// true/false and names are trimmed; numbers and dates are matched with the spaces allowed around
    /// them (and cast, which ignores them), so the common value takes no trim.
    /// </summary>
    private static Stage StageOf(ISqlDialect dialect, ProfileField field)
    {
        var source = dialect.AsText(dialect.QuoteIdentifier(field.Name));
        var t = dialect.QuoteIdentifier(Text(field));
        var v = dialect.QuoteIdentifier(field.Name);
        var safe = dialect.CastOrNull(t, "DATE") is not null;
        // The shape stays a regular expression where casts yield NULL: tests built on the cast instead
        // (not NULL, a digit first and last, no e, E or _, the decimals counted) measured slower in
        // DuckDB, as each string function costs a sizeable part of a match and the cast must then run
        // in the filter too; so did the range folded into the pattern (DuckDbInputStageSweepTests holds
        // any replacement to the .NET reader's verdicts).
        Stage Shaped(string value, string pattern, string rest) =>
            new(source, value, $"({dialect.FullMatch(t, " *(" + pattern + ") *")} AND {rest})");
        // The digits before the point are matched unbounded and counted apart (leading zeros and sign
        // aside): PostgreSQL's regular expressions run several times slower with a counted repeat
        // such as {1,19}, on every value. The texts that pass are the same.
        string Guarded(string pattern, int whole, string value) =>
            $"(CASE WHEN {t} IS NOT NULL AND {t} <> '' AND {dialect.FullMatch(t, pattern)} AND (length({t}) <= {whole} OR length(ltrim(split_part({t}, '.', 1), '+-0')) <= {whole}) THEN {value} END)";
        switch (field.Kind)
        {
            case FieldKind.Text:
                return new(TrimSpaces(source), $"NULLIF({t}, '')", $"({v} IS NOT NULL AND {NoReplacement(t)})");
            case FieldKind.Boolean:
                return new(source, $"(CASE {t} WHEN 'true' THEN TRUE WHEN 'false' THEN FALSE ELSE (CASE lower({TrimSpaces(t)}) WHEN 'true' THEN TRUE WHEN 'false' THEN FALSE END) END)", $"{v} IS NOT NULL");
            case FieldKind.Industry or FieldKind.Choice:
            {
                var value = new StringBuilder($"(CASE lower({TrimSpaces(t)})");
                foreach (var name in Names(field))
                {
                    value.Append(" WHEN ").Append(ExpressionTranslator.Quote(name.ToLowerInvariant())).Append(" THEN ").Append(ExpressionTranslator.Quote(name));
                }

                return new(source, value.Append(" END)").ToString(), $"{v} IS NOT NULL");
            }

            case FieldKind.Date when safe:
                // The cast refuses 30 February; the shape refuses what it would take besides (2024-2-1,
                // 2024/02/01, times, BC); year 0 is no year to the .NET readers.
                return Shaped(dialect.CastOrNull(t, "DATE")!, DatePattern, $"{v} >= DATE '0001-01-01'");
            case FieldKind.Date:
                return new(TrimSpaces(source), CheckedDate(dialect, t), $"{v} IS NOT NULL");
            case FieldKind.Count when safe:
                return Shaped(dialect.CastOrNull(t, "BIGINT")!, CountPattern, InRange(field, t, v));
            case FieldKind.Count:
                return new(TrimSpaces(source), Guarded("[+-]?[0-9]+", CountDigits, $"CAST({t} AS BIGINT)"), Range(field, v));
            case FieldKind.Money or FieldKind.SignedMoney or FieldKind.Score or FieldKind.Percent or FieldKind.Number:
            {
                var scale = Scale(field);
                var whole = field.Kind is FieldKind.Score or FieldKind.Percent ? 3 : 19;
                var pattern = $@"[+-]?(0*[0-9]{{1,{whole}}}(\.[0-9]{{0,{scale}}}0*)?|\.[0-9]{{1,{scale}}}0*)";
                return safe
                    ? Shaped(dialect.TextToDecimal(t, scale), pattern, InRange(field, t, v))
                    : new(TrimSpaces(source), Guarded($@"[+-]?([0-9]+(\.[0-9]{{0,{scale}}}0*)?|\.[0-9]{{1,{scale}}}0*)", whole, dialect.TextToDecimal(t, scale)), Range(field, v));
            }

            default:
                throw new InvalidOperationException($"Unknown field kind {field.Kind}.");
        }
    }

    /// <summary>
    /// The text without the ASCII spaces around it, as the CSV reader trims an unquoted cell. Only
    /// spaces: DuckDB's <c>trim(x)</c> also strips Unicode spaces (U+00A0, U+3000), which the .NET
    /// readers keep (a choice or a true/false with one is a reject there; an id keeps it).
    /// </summary>
    private static string TrimSpaces(string text) => $"trim({text}, ' ')";

    private const string DatePattern = "[0-9]{4}-[0-9]{2}-[0-9]{2}";

    private const int CountDigits = 12;

    private const string CountPattern = "[+-]?0*[0-9]{1,12}";

    /// <summary>
    /// A date checked before its cast, for engines whose casts fail on bad text: once the shape holds,
    /// month and day are compared as two-digit texts (bytewise), and the year's digits, by their codes
    /// rather than by a cast, only for 29 February — as an engine may evaluate a repeated expression
    /// before the CASE that guards it, no cast may fail. Checking every part by its digits' codes cost
    /// some forty function calls a date.
    /// </summary>
    private static string CheckedDate(ISqlDialect dialect, string t)
    {
        string Part(int from, int count) => dialect.Ordinal($"substring({t}, {from}, {count})");
        var y = "(" + string.Join(" + ", Enumerable.Range(0, 4).Select(k => $"(ascii(substring({t}, {1 + k}, 1)) - 48) * {(int)Math.Pow(10, 3 - k)}")) + ")";
        var m = Part(6, 2);
        var days = $"(CASE WHEN {m} IN ('04', '06', '09', '11') THEN '30' WHEN {m} <> '02' THEN '31' WHEN ({y} % 4 = 0 AND {y} % 100 <> 0) OR {y} % 400 = 0 THEN '29' ELSE '28' END)";
        return $"(CASE WHEN {t} IS NOT NULL AND {t} <> '' AND {dialect.FullMatch(t, DatePattern)} AND {Part(1, 4)} <> '0000' AND {m} BETWEEN '01' AND '12' AND {Part(9, 2)} BETWEEN '01' AND {days} THEN CAST({t} AS DATE) END)";
    }

    /// <summary>Why the field's text fails, or NULL: empty (<paramref name="empty"/>: the id's reason differs), or the reason the .NET readers give.</summary>
    private static string Reason(ISqlDialect dialect, ProfileField field, Stage stage, string empty)
    {
        var t = TrimSpaces(stage.Shown ?? dialect.QuoteIdentifier(Text(field)));
        return $"(CASE WHEN {t} IS NULL OR {t} = '' THEN {ExpressionTranslator.Quote(empty)} WHEN NOT {NoReplacement(t)} THEN {ExpressionTranslator.Quote(ReplacementReason)} WHEN NOT COALESCE({stage.Passes}, FALSE) THEN {FailReason(dialect, field, t)} END)";
    }

    /// <summary>
    /// The text holds no U+FFFD. The CSV reader decodes leniently, so U+FFFD in a cell may be a byte it
    /// could not decode, and it rejects every cell holding one (<see cref="ReplacementReason"/>); the query
    /// rejects them too, whatever the kind (a text field would take any text), so a row the reader
    /// rejects is never screened here.
    /// </summary>
    private static string NoReplacement(string t) => $"(position({ExpressionTranslator.Quote("\uFFFD")} IN {t}) = 0)";

    /// <summary>The CSV reader's reason for a cell holding U+FFFD in a UTF-8 file (the SQL engines read UTF-8, and are held to such a file's reader).</summary>
    internal static readonly string ReplacementReason = Input.TextDecoding.InvalidTextReason(Input.InputEncoding.Utf8);

    /// <summary>The CSV reader's reason for an empty cell of a field the programmes read (ProfileCsvReader).</summary>
    internal const string EmptyReason = "empty cell: the value is needed, and an empty cell is not a zero / 空单元格：该值为必需，空值不视为零";

    /// <summary>Stands for the value shown in a reason: the readers' own texts are split around it.</summary>
    private const string Shown = "\u0001";

    private static int Scale(ProfileField field) => field.Kind is FieldKind.Money or FieldKind.SignedMoney ? InputScales.Money : InputScales.Fraction;

    private static ImmutableArray<string> Names(ProfileField field) =>
        field.Values.IsDefaultOrEmpty ? [.. Enum.GetNames(field.Property.PropertyType)] : field.Values;

    /// <summary>Why a present text <paramref name="t"/> is not a value of the field, exactly as the .NET readers word it (the value cut at 40 characters as they cut it).</summary>
    private static string FailReason(ISqlDialect dialect, ProfileField field, string t)
    {
        var shown = $"(CASE WHEN length({t}) > 40 THEN substring({t}, 1, 40) || '…' ELSE {t} END)";
        string Reason(string template) =>
            "(" + string.Join(" || " + shown + " || ", template.Split(Shown).Select(ExpressionTranslator.Quote)) + ")";
        switch (field.Kind)
        {
            case FieldKind.Text:
                return "NULL";
            case FieldKind.Boolean:
                return Reason(RecordSchema.Reason(Shown, "expected true or false", "应为 true 或 false"));
            case FieldKind.Date:
                return Reason(RecordSchema.DateReason(Shown));
            case FieldKind.Count or FieldKind.Money or FieldKind.SignedMoney:
                return Reason(RecordSchema.NumberReason(field, Shown));
            case FieldKind.Score or FieldKind.Percent or FieldKind.Number:
            {
                // The .NET readers keep up to 28 decimals; the SQL engines keep 12, and refuse more rather than round.
                var scale = Scale(field);
                var longer = dialect.FullMatch(t, $@"[+-]?[0-9]*\.[0-9]{{{scale},}}[0-9]*[1-9]0*");
                return $"(CASE WHEN {longer} THEN {Reason(RecordSchema.Reason(Shown, $"more than {scale} decimals, which the SQL engines do not keep (screen this file with the .NET engine)", $"小数超过 {scale} 位，SQL 引擎不保留（请改用 .NET 引擎筛查此文件）"))} ELSE {Reason(RecordSchema.NumberReason(field, Shown))} END)";
            }

            case FieldKind.Industry or FieldKind.Choice:
            {
                var names = Names(field);
                return Reason(field.Kind == FieldKind.Industry ? RecordSchema.Reason(Shown, "expected one of " + string.Join(", ", names), "应为以下行业名称之一：" + string.Join("、", names))
                    : field.Property.PropertyType == typeof(GreenFactoryLevel) ? RecordSchema.Reason(Shown, "expected one of " + string.Join(", ", names), "应为以下等级名称之一：" + string.Join("、", names))
                    : RecordSchema.Reason(Shown, "expected one of " + string.Join(", ", names), "应为以下取值之一：" + string.Join("、", names)));
            }

            default:
                throw new InvalidOperationException($"Unknown field kind {field.Kind}.");
        }
    }

    /// <summary>
    /// The range test of a number whose text <paramref name="t"/> has passed its shape, by the text's
    /// length where that decides it: with at most n characters a number is below 10^n, so a short
    /// text need not be cast here (the engine pushes this test below the projection that casts, and
    /// would otherwise cast every value twice).
    /// </summary>
    private static string InRange(ProfileField field, string t, string value)
    {
        var max = field.Max ?? 0m;
        var min = field.Min ?? 0m;
        var digits = 0;
        var power = 1m;
        while (digits < 27 && power * 10 <= max)
        {
            power *= 10;
            digits++;
        }

        if (digits == 0 || min > 0)
        {
            return Range(field, value);
        }

        var sign = min <= -power ? "" : $" AND strpos({t}, '-') = 0";
        return $"((length({t}) <= {digits}{sign}) OR {Range(field, value)})";
    }

    /// <summary>The field's range (its kind's, narrowed by its declaration's Min and Max), as the readers check it.</summary>
    private static string Range(ProfileField field, string value) =>
        $"({value} BETWEEN {ExpressionTranslator.Lit(field.Min ?? 0m)} AND {ExpressionTranslator.Lit(field.Max ?? 0m)})";
}

using System.Globalization;
using System.Text;
using PolicyRules.Compilation;
using PolicyRules.Screening;
using PolicyRules.Sql;

namespace PolicyRules.DuckDb;

/// <summary>
/// A results CSV line as one DuckDB text expression over the rows query's columns, byte for byte what
/// <see cref="CsvResultSink"/> writes through Sep: a text cell (id, class, failed criteria) neutralised
/// as <c>SpreadsheetText</c> does unless raw, and quoted when it holds <c>,</c> <c>"</c> CR or LF, its
/// quotes doubled; <c>true</c>/<c>false</c>; a score with no trailing zeros and an output at its declared
/// places (<see cref="ResultNumbers"/>); an empty cell for NULL. DuckDB then writes the lines unquoted
/// (<see cref="CopyOptions"/>), the header being the column's name.
/// </summary>
internal static class CsvLineSql
{
    /// <summary>
    /// A CSV writer that adds nothing to a line: no quote character, one column, a delimiter never
    /// written; in the rows' order, said outright (without it, a copy of a million lines came out in
    /// another order in five runs of five, with <c>preserve_insertion_order</c> at its default). DuckDB
    /// ends each line with LF, which is why the caller writes this way only where
    /// <see cref="Environment.NewLine"/> is LF. With <paramref name="header"/>, the column's name first
    /// (the header line); without, the lines alone (a later part of the file).
    /// </summary>
    public static string CopyOptions(bool header) =>
        $"FORMAT csv, HEADER {(header ? "true" : "false")}, QUOTE '', ESCAPE '', DELIMITER E'\\x01', PRESERVE_ORDER true";

    /// <summary>
    /// The first characters that make a spreadsheet read a cell as a formula, as code points
    /// (<c>SpreadsheetText.IsFormulaLike</c>: = + - @ tab CR and the full-width ＝ ＋ － ＠).
    /// </summary>
    private static readonly int[] FormulaStarts = ['=', '+', '-', '@', '\t', '\r', '＝', '＋', '－', '＠'];

    /// <summary>
    /// The line of a row of <paramref name="query"/>'s rows, named by the header line (no line end),
    /// as a select list item: <c>expression AS "header"</c>.
    /// </summary>
    public static string Line(ScreeningSqlQuery query, ResultColumns[] columns, bool rawText)
    {
        var header = HeaderText(query.Programmes, columns, rawText);
        var line = new StringBuilder(Text(Q(query.Columns[0]), rawText));
        for (var i = 0; i < columns.Length; i++)
        {
            var p = columns[i];
            var name = query.Programmes[i].Name;
            string Column(string part) => Q(name + "." + part);
            var eligible = Column("eligible");
            line.Append(" || ',' || ").Append(CultureInfo.InvariantCulture,
                $"(CASE WHEN {eligible} THEN 'true' WHEN NOT {eligible} THEN 'false' ELSE {Fail($"no eligibility for a row of {name}", $"{name} 的某行没有资格结果")} END)");
            if (p.HasScore)
            {
                line.Append(" || ',' || ").Append(Empty(Canonical(Column("score"))));
            }

            if (p.HasClassification)
            {
                line.Append(" || ',' || ").Append(Empty(Text(Column("classification"), rawText)));
            }

            if (p.HasRank)
            {
                throw new ArgumentException("A population programme's rank is not a column of the rows file.", nameof(columns));
            }

            foreach (var output in p.Outputs)
            {
                var canonical = Canonical(Column(output.Name));
                line.Append(" || ',' || ").Append(Empty(output.Unrounded || output.Scale == 0 ? canonical : Padded(canonical, output.Scale)));
            }

            // Criterion names none of which needs quoting or neutralising (the usual case) make a cell that needs neither.
            var failed = Column("failed");
            line.Append(" || ',' || ").Append(Empty(query.Programmes[i].TopLevelRuleNames.Append(NoVersionInForce.CriterionName).All(n => IsPlain(n, rawText)) ? failed : Text(failed, rawText)));
        }

        // Every other cell is coalesced or fails: only a missing id could leave the line NULL (an empty line).
        return $"coalesce({line}, {Fail("no id for an accepted row", "已接收的行没有 id")}) AS {Q(header)}";
    }

    /// <summary>The header as Sep writes it (names escaped, never neutralised), without its line end.</summary>
    private static string HeaderText(IReadOnlyList<CompiledProgramme> programmes, ResultColumns[] columns, bool rawText)
    {
        var formatter = new CsvRowFormatter(columns, [.. programmes.Select(p => p.TopLevelRuleNames)], rawText);
        var bytes = formatter.Header();
        return Encoding.UTF8.GetString(bytes, 0, bytes.Length - formatter.NewLine.Length);
    }

    /// <summary>A text cell: neutralised unless raw, quoted when it holds a comma, quote, CR or LF.</summary>
    private static string Text(string value, bool rawText)
    {
        var neutralised = rawText ? value
            : $"(CASE WHEN ord({value}) IN ({string.Join(", ", FormulaStarts)}) THEN '''' || {value} ELSE {value} END)";
        return $"(CASE WHEN contains({value}, ',') OR contains({value}, '\"') OR contains({value}, chr(13)) OR contains({value}, chr(10)) " +
            $"THEN '\"' || replace({neutralised}, '\"', '\"\"') || '\"' ELSE {neutralised} END)";
    }

    /// <summary>A text that is written as it is: nothing to quote, and not formula-like (unless raw).</summary>
    private static bool IsPlain(string text, bool rawText) =>
        text.Length > 0 && !text.AsSpan().ContainsAny(",\"\r\n") && (rawText || !Output.SpreadsheetText.IsFormulaLike(text));

    /// <summary>A number's exact value with no trailing zeros (and no point when whole), as <see cref="ResultNumbers.Canonical"/>.</summary>
    private static string Canonical(string value) =>
        $"(CASE WHEN contains(CAST({value} AS VARCHAR), '.') THEN rtrim(rtrim(CAST({value} AS VARCHAR), '0'), '.') ELSE CAST({value} AS VARCHAR) END)";

    /// <summary>A canonical number padded with zeros to <paramref name="places"/> decimals (never cut), as <see cref="ResultNumbers.Output"/>.</summary>
    private static string Padded(string canonical, int places) =>
        string.Create(CultureInfo.InvariantCulture,
            $"(CASE WHEN NOT contains({canonical}, '.') THEN {canonical} || '.' || repeat('0', {places}) " +
            $"ELSE {canonical} || repeat('0', greatest(0, {places} - (length({canonical}) - strpos({canonical}, '.')))) END)");

    /// <summary>Stops the copy: a rows query that leaves an accepted row without a value the writer needs is a defect, never an empty cell.</summary>
    private static string Fail(string english, string chinese) =>
        SqlDialects.DuckDb.Fail("'" + $"{english} / {chinese}".Replace("'", "''", StringComparison.Ordinal) + "'");

    private static string Empty(string value) => $"coalesce({value}, '')";

    private static string Q(string name) => SqlDialects.DuckDb.QuoteIdentifier(name);
}

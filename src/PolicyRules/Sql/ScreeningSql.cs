using System.Collections.Immutable;
using System.Linq.Expressions;
using System.Text;
using PolicyRules.Compilation;
using PolicyRules.Model;
using PolicyRules.Rules;

namespace PolicyRules.Sql;

/// <summary>
/// Compiles checked programmes to one SQL query over a table of records, with the columns
/// <c>screen</c> writes: <c>id</c>, then per programme <c>P.eligible</c>, <c>P.score</c> (scored),
/// <c>P.classification</c> (classifying), <c>P.rank</c> and <c>P.selected</c> (population-level),
/// <c>P.failed</c> (the failed top-level criteria, <c>;</c>-separated, in file order).
/// </summary>
/// <remarks>
/// The versions are those in force on the as-of date; a composite programme reads the columns of
/// the programmes it uses from an earlier CTE; a population programme ranks its eligible rows with a
/// window function, highest score first, equal scores by id (ordinal), then input order, as
/// <see cref="Screening.PopulationRanking"/> does. See docs/sql.md.
/// </remarks>
public static class ScreeningSql
{
    /// <summary>Compiles <paramref name="programmes"/> (names, versions picked by <paramref name="asOf"/>) for <paramref name="dialect"/>.</summary>
    /// <exception cref="UnknownProgrammeException">A name no rule file defines.</exception>
    public static ScreeningSqlQuery Compile(PolicyEngine engine, IEnumerable<string> programmes, DateOnly asOf, ISqlDialect dialect, ScreeningSqlOptions? options)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(programmes);
        return Compile([.. programmes.Select(p => engine.GetProgramme(p, asOf))], asOf, dialect, options);
    }

    /// <summary>Compiles compiled programmes (the versions given; those they use are resolved by <paramref name="asOf"/>).</summary>
    /// <exception cref="ArgumentException">No programme, or enterprise and person programmes together.</exception>
    public static ScreeningSqlQuery Compile(IReadOnlyList<CompiledProgramme> programmes, DateOnly asOf, ISqlDialect dialect, ScreeningSqlOptions? options)
    {
        ArgumentNullException.ThrowIfNull(programmes);
        ArgumentNullException.ThrowIfNull(dialect);
        options ??= new ScreeningSqlOptions();
        if (programmes.Count == 0)
        {
            throw new ArgumentException("Name at least one programme. / 请至少指定一个项目。", nameof(programmes));
        }

        if (programmes.Select(p => p.Input).Distinct().Skip(1).Any())
        {
            throw new ArgumentException("Enterprise and person programmes cannot be screened from one table. / 企业与人才项目不能在同一表中筛查。", nameof(programmes));
        }

        var (executed, fields) = Inputs(programmes, asOf);
        var schema = programmes[0].Schema;
        var diagnostics = new List<RuleDiagnostic>();
        // A ranking must leave repeated ids out before it ranks: only without one may a reader take them out.
        var repeatsLeft = options.RepeatsLeftToReader && executed.All(p => p.SelectTop is null);
        var (results, columns, _) = Query(programmes, executed, asOf, dialect, schema, fields, options with { NumberedRows = null }, allRows: false, dedupe: true, diagnostics);
        var (rows, _, rowsBase) = Query(programmes, executed, asOf, dialect, schema, fields, options, allRows: true, dedupe: !repeatsLeft, []);
        var rejects = InputStage.Rejects(dialect, fields, schema.IdField, options.From, options.PlainTypedSource);
        var success = diagnostics.Count == 0;
        return new ScreeningSqlQuery(dialect, [.. programmes], asOf, success ? results : null, success ? rejects : null, success ? rows : null,
            [.. columns], [.. diagnostics], [.. fields.Select(f => f.Name)]) { RepeatsLeftToReader = repeatsLeft, RowsBase = success ? rowsBase : null };
    }

    /// <summary>The programmes a query runs (those named and those they use, each after those it uses) and the fields it reads (the id among them).</summary>
    internal static (List<CompiledProgramme> Executed, List<ProfileField> Fields) Inputs(IReadOnlyList<CompiledProgramme> programmes, DateOnly asOf)
    {
        var executed = new List<CompiledProgramme>();
        foreach (var programme in programmes)
        {
            AddWithUsed(programme, asOf, executed);
        }

        var schema = programmes[0].Schema;
        var fieldSet = FieldSet.EmptyOf(schema.Fields).With(schema.IdField);
        foreach (var programme in executed)
        {
            fieldSet = fieldSet.Union(programme.RequiredFields);
        }

        return (executed, schema.FieldsIn(fieldSet).ToList());
    }

    /// <summary>
    /// The results query, or with <paramref name="allRows"/> the rows query (every row, rejected ones
    /// flagged by <see cref="InputStage.RejectedColumns"/>), and the result columns; with
    /// <see cref="ScreeningSqlOptions.NumberedRows"/> and a numbering to do, the query reads its rows
    /// numbered from there, and the base rows to put there come third.
    /// </summary>
    private static (string Sql, List<string> Columns, string? Base) Query(IReadOnlyList<CompiledProgramme> programmes, List<CompiledProgramme> executed, DateOnly asOf, ISqlDialect dialect,
        RecordSchema schema, List<ProfileField> fields, ScreeningSqlOptions options, bool allRows, bool dedupe, List<RuleDiagnostic> diagnostics)
    {
        string Q(string name) => dialect.QuoteIdentifier(name);
        // Rows are numbered where the engine does not keep the input's order, and (with dedupe) where a
        // row whose id an earlier accepted row has is a reject (or, in the results query, left out) — a
        // ranking, which breaks ties by input order, implies dedupe. An engine that keeps the input's
        // order numbers them last, over the few result columns rather than the whole input.
        var rowNumbered = !dialect.KeepsInputOrder;
        var sql = new StringBuilder("WITH ");
        if (allRows)
        {
            InputStage.AppendAllRows(sql, dialect, fields, schema.IdField, options.From, rowNumbered, options.PlainTypedSource);
        }
        else
        {
            InputStage.AppendReady(sql, dialect, fields, options.From, rowNumbered, options.PlainTypedSource);
        }

        var readyColumns = fields.Select(f => f.Name);
        var passed = new PassedColumns((rowNumbered ? [InputStage.Row] : Array.Empty<string>()).Concat(readyColumns)
            .Concat(allRows ? [InputStage.RejectedColumns, InputStage.RejectedReasons] : Array.Empty<string>()));
        var previous = "ready";
        for (var i = 0; i < executed.Count; i++)
        {
            previous = ProgrammeStage.Append(sql, dialect, executed[i], asOf, schema, previous, "s" + i, passed, diagnostics);
        }

        var id = Q(schema.IdField.Name);
        var row = Q(InputStage.Row);
        var first = Q(FirstRow);
        string? baseRows = null;
        if (dedupe)
        {
            if (!rowNumbered && options.NumberedRows is { } numberedRows)
            {
                // The columns the rest reads, in input order; numbered by their place where they are put.
                var kept = new List<string> { schema.IdField.Name };
                foreach (var programme in programmes)
                {
                    kept.Add(programme.Name + ".eligible");
                    kept.AddRange(programme.Definition.ScoreParam is null ? [] : [programme.Name + ".score"]);
                    kept.AddRange(programme.Definition.ClassificationParam is null ? [] : [programme.Name + ".classification"]);
                    kept.AddRange(programme.Definition.Outputs.Select(o => programme.Name + "." + o.Name));
                    kept.Add(programme.Name + ".failed");
                }

                kept.AddRange(allRows ? [InputStage.RejectedColumns, InputStage.RejectedReasons] : []);
                baseRows = passed.Resolve(sql.ToString(), "\nSELECT " + string.Join(", ", kept.Select(Q)) + " FROM " + previous, dialect);
                sql.Clear().Append("WITH numbered AS (").Append(numberedRows).Append(')');
                previous = "numbered";
            }
            else if (!rowNumbered)
            {
                sql.Append(",\nnumbered AS (SELECT row_number() OVER () AS ").Append(row).Append(", * FROM ").Append(previous).Append(')');
                previous = "numbered";
            }

            sql.Append(",\nfirsts AS (SELECT ").Append(passed.All()).Append(", min(")
                .Append(allRows ? $"(CASE WHEN {Q(InputStage.RejectedColumns)} IS NULL THEN {row} END)" : row)
                .Append(") OVER (PARTITION BY ").Append(id).Append(") AS ").Append(first).Append(" FROM ").Append(previous).Append(dialect.SubqueryFence).Append(')');
            passed.Add(FirstRow);
            previous = "firsts";
        }

        // A later row with an accepted row's id: in the rows query a reject, never a candidate for a ranking.
        var duplicate = dedupe ? $"({row} > {first})" : "FALSE";
        var columns = new List<string> { schema.IdField.Name };
        var select = new StringBuilder("SELECT ").Append(id);
        foreach (var programme in programmes)
        {
            string Column(string part) => Q(programme.Name + "." + part);
            void Add(string part, string expression)
            {
                columns.Add(programme.Name + "." + part);
                select.Append(",\n  ").Append(expression).Append(" AS ").Append(Column(part));
            }

            Add("eligible", Column("eligible"));
            if (programme.Definition.ScoreParam is not null)
            {
                Add("score", Column("score"));
            }

            if (programme.Definition.ClassificationParam is not null)
            {
                Add("classification", Column("classification"));
            }

            if (programme.SelectTop is { } top)
            {
                var candidate = allRows ? $"({Column("eligible")} AND NOT {duplicate})" : Column("eligible");
                var rank = $"row_number() OVER (ORDER BY (CASE WHEN {candidate} THEN 0 ELSE 1 END), COALESCE({Column("score")}, 0) DESC, {dialect.Ordinal(id)}, {row})";
                Add("rank", $"(CASE WHEN {candidate} THEN {rank} END)");
                Add("selected", $"COALESCE({candidate} AND {rank} <= {top}, FALSE)");
            }

            foreach (var output in programme.Definition.Outputs)
            {
                Add(output.Name, Column(output.Name));
            }

            Add("failed", Column("failed"));
        }

        if (allRows && !dedupe)
        {
            select.Append(",\n  ").Append(Q(InputStage.RejectedColumns)).Append(", ").Append(Q(InputStage.RejectedReasons));
        }
        else if (allRows)
        {
            var rejected = Q(InputStage.RejectedColumns);
            var reason = InputStage.DuplicateIdReason(dialect, first);
            select.Append(",\n  (CASE WHEN ").Append(rejected).Append(" IS NULL AND ").Append(duplicate).Append(" THEN ").Append(ExpressionTranslator.Quote(schema.IdField.Name))
                .Append(" ELSE ").Append(rejected).Append(" END) AS ").Append(rejected);
            select.Append(",\n  (CASE WHEN ").Append(rejected).Append(" IS NULL AND ").Append(duplicate).Append(" THEN ").Append(reason)
                .Append(" ELSE ").Append(Q(InputStage.RejectedReasons)).Append(" END) AS ").Append(Q(InputStage.RejectedReasons));
        }

        select.Append("\nFROM ").Append(previous);
        if (!allRows)
        {
            select.Append("\nWHERE NOT ").Append(duplicate); // before the ranking's window, which so ranks the rows kept
        }

        if (dedupe || rowNumbered)
        {
            select.Append("\nORDER BY ").Append(row); // the window over the ids does not keep the input's order
        }
        return (passed.Resolve(sql.ToString(), "\n" + select, dialect), columns, baseRows);
    }

    /// <summary>The first accepted row with the row's id (<see cref="RecordSchema.DuplicateIdReason(long)"/>).</summary>
    private const string FirstRow = "_first";

    private static void AddWithUsed(CompiledProgramme programme, DateOnly asOf, List<CompiledProgramme> executed)
    {
        if (executed.Contains(programme))
        {
            return;
        }

        foreach (var name in programme.Uses)
        {
            AddWithUsed(programme.ResolveUsed(name, asOf), asOf, executed);
        }

        executed.Add(programme);
    }
}

/// <summary>Where a screening query reads its records.</summary>
public sealed record ScreeningSqlOptions
{
    /// <summary>
    /// What follows FROM: a quoted table name (the default, <c>"records"</c>) or any relation the
    /// engine reads (<c>read_parquet('in.parquet')</c>). Trusted SQL: build it from a name with
    /// <see cref="ISqlDialect.QuoteIdentifier"/> when the name comes from a user.
    /// </summary>
    public string From { get; init; } = "\"records\"";

    /// <summary>
    /// The rows query may leave a later row with an accepted row's id among the accepted rows, for a
    /// reader that takes the rows in input order to reject (<c>screen --engine duckdb</c>: its window
    /// over the ids doubled DuckDB's time). Taken only when no programme ranks a population, which must
    /// leave such rows out before it ranks; the results and rejects queries always leave them out.
    /// </summary>
    internal bool RepeatsLeftToReader { get; init; }

    /// <summary>
    /// <see cref="From"/> gives every date, count and number field the query reads already typed (DATE,
    /// BIGINT, DECIMAL with the field's scale), read from texts known to be plain (PolicyRules.DuckDb's
    /// <c>PlainCells</c>), so the query checks their ranges but not their texts' shapes. DuckDB only; a
    /// dialect without casts that yield NULL ignores it.
    /// </summary>
    internal bool PlainTypedSource { get; init; }

    /// <summary>
    /// Where the rows query of a ranking numbers its rows: a relation giving the rows query's base rows
    /// (<see cref="ScreeningSqlQuery.RowsBase"/>, in input order) with each row's place as <c>_row</c>
    /// (DuckDB: <c>SELECT file_row_number + 1 AS "_row", * EXCLUDE (file_row_number) FROM read_parquet(…,
    /// file_row_number = true)</c> over the base rows copied to a file). DuckDB numbers rows with a window
    /// that runs the whole query before it on one thread (all programmes: 49 s on one core against 18 s
    /// on two without it); a file's row numbers cost nothing. Null: the query numbers its rows itself.
    /// </summary>
    internal string? NumberedRows { get; init; }
}

/// <summary>A compiled screening query, or the diagnostics that say why a programme has none.</summary>
public sealed class ScreeningSqlQuery
{
    internal ScreeningSqlQuery(ISqlDialect dialect, ImmutableArray<CompiledProgramme> programmes, DateOnly asOf, string? results, string? rejects, string? rows,
        ImmutableArray<string> columns, ImmutableArray<RuleDiagnostic> diagnostics, ImmutableArray<string> inputColumns)
    {
        Dialect = dialect;
        Programmes = programmes;
        AsOf = asOf;
        Results = results;
        Rejects = rejects;
        Rows = rows;
        Columns = columns;
        Diagnostics = diagnostics;
        InputColumns = inputColumns;
    }

    /// <summary>The dialect the query is written in.</summary>
    public ISqlDialect Dialect { get; }

    /// <summary>
    /// <see cref="Rows"/> leaves a later row with an accepted row's id among the accepted rows, for the
    /// reader of the rows (in input order) to reject (<see cref="ScreeningSqlOptions.RepeatsLeftToReader"/>).
    /// </summary>
    internal bool RepeatsLeftToReader { get; init; }

    /// <summary>The programme versions screened, in the order of the result columns.</summary>
    public ImmutableArray<CompiledProgramme> Programmes { get; }

    /// <summary>The evaluation date.</summary>
    public DateOnly AsOf { get; }

    /// <summary>True when every programme translated: <see cref="Results"/>, <see cref="Rejects"/> and <see cref="Rows"/> are set.</summary>
    [System.Diagnostics.CodeAnalysis.MemberNotNullWhen(true, nameof(Results), nameof(Rejects), nameof(Rows))]
    public bool Success => Results is not null;

    /// <summary>One SELECT: a row per accepted record, in input order, with <see cref="Columns"/>.</summary>
    public string? Results { get; }

    /// <summary>One SELECT: <c>row</c>, <c>id</c>, <c>columns</c> and <c>reasons</c> of every record a value of which cannot be read as its declared kind.</summary>
    public string? Rejects { get; }

    /// <summary>
    /// One SELECT reading the source once: a row per record, in input order, with <see cref="Columns"/>
    /// and then <see cref="RejectedColumnsColumn"/> and <see cref="RejectedReasonsColumn"/>. An accepted
    /// record has its results and NULL in those two; a rejected one has its id (the text read, NULL when
    /// empty), NULL results, and its failing columns (<c>;</c>-separated) and reasons (<c> | </c>-separated)
    /// as <see cref="Rejects"/> gives them, spelt out for the rejected records only. The n-th row
    /// is the n-th record: <see cref="Results"/> and <see cref="Rejects"/> in one pass.
    /// </summary>
    public string? Rows { get; }

    /// <summary>
    /// With <see cref="ScreeningSqlOptions.NumberedRows"/>, where a ranking's rows query numbers its rows:
    /// one SELECT of the base rows (every row, in input order, the columns the rest reads) to put where
    /// <see cref="Rows"/> then reads them numbered. Null when <see cref="Rows"/> reads the source itself.
    /// </summary>
    internal string? RowsBase { get; init; }

    /// <summary>The name of the column of <see cref="Rows"/> with a rejected record's failing columns (NULL for an accepted record).</summary>
    public static string RejectedColumnsColumn => InputStage.RejectedColumns;

    /// <summary>The name of the column of <see cref="Rows"/> with a rejected record's reasons (NULL for an accepted record).</summary>
    public static string RejectedReasonsColumn => InputStage.RejectedReasons;

    /// <summary>The result columns, as <c>screen</c> names them.</summary>
    public ImmutableArray<string> Columns { get; }

    /// <summary>The columns read from the source table (the contract names).</summary>
    public ImmutableArray<string> InputColumns { get; }

    /// <summary>Constructs that cannot be translated exactly, each at its rule file's line and column (<see cref="SqlDiagnosticIds.NotTranslatableToSql"/>).</summary>
    public ImmutableArray<RuleDiagnostic> Diagnostics { get; }
}

using System.Globalization;

namespace PolicyRules.Sql;

/// <summary>The dialects this library ships.</summary>
public static class SqlDialects
{
    /// <summary>DuckDB (embedded; <c>DuckDB.NET</c>).</summary>
    public static ISqlDialect DuckDb { get; } = new DuckDbDialect();

    /// <summary>PostgreSQL 13 and later (<c>Npgsql</c>).</summary>
    public static ISqlDialect PostgreSql { get; } = new PostgreSqlDialect();

    /// <summary>The dialect named <paramref name="name"/> (<c>duckdb</c>, <c>postgres</c> or <c>postgresql</c>, any case), or null.</summary>
    public static ISqlDialect? Find(string name) => name?.ToUpperInvariant() switch
    {
        "DUCKDB" => DuckDb,
        "POSTGRES" or "POSTGRESQL" => PostgreSql,
        _ => null,
    };
}

/// <summary>DuckDB: DECIMAL(38,s) money, HUGEINT quotients.</summary>
public sealed class DuckDbDialect : ISqlDialect
{
    /// <inheritdoc/>
    public string Name => "duckdb";

    /// <inheritdoc/>
    public string QuoteIdentifier(string name) => "\"" + (name ?? throw new ArgumentNullException(nameof(name))).Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <inheritdoc/>
    public string DecimalType(int scale) => string.Create(CultureInfo.InvariantCulture, $"DECIMAL(38,{scale})");

    /// <inheritdoc/>
    /// <remarks>
    /// Text to DECIMAL(38) is about a hundred times slower in DuckDB than text to DECIMAL(18): short texts take the fast path.
    /// TRY_CAST: DuckDB's optimiser may lift a repeated expression out of the CASE that guards it, so a
    /// cast must not fail on text the guard would have refused.
    /// </remarks>
    public string TextToDecimal(string text, int scale) => string.Create(CultureInfo.InvariantCulture,
        $"(CASE WHEN length({text}) <= {18 - scale} THEN CAST(TRY_CAST({text} AS DECIMAL(18,{scale})) AS DECIMAL(38,{scale})) ELSE TRY_CAST({text} AS DECIMAL(38,{scale})) END)");

    /// <inheritdoc/>
    public string WideIntegerType => "HUGEINT";

    /// <inheritdoc/>
    public int? WideIntegerDigits => 38;

    /// <inheritdoc/>
    public string DecimalFromMantissa(string mantissa, int scale) => string.Create(CultureInfo.InvariantCulture,
        $"(CAST({mantissa} AS DECIMAL(38,0)) * {(scale == 0 ? "1" : "0." + new string('0', scale - 1) + "1")})");

    /// <inheritdoc/>
    public string Fail(string message) => $"error({message})";

    /// <inheritdoc/>
    public string IntegerDivide(string dividend, string divisor) => $"(({dividend}) // ({divisor}))";

    /// <inheritdoc/>
    public string? CastOrNull(string text, string type) => $"TRY_CAST({text} AS {type})";

    /// <inheritdoc/>
    public bool KeepsInputOrder => true;

    /// <inheritdoc/>
    public string SubqueryFence => "";

    /// <inheritdoc/>
    public string AsText(string expression) => $"CAST({expression} AS VARCHAR)";

    /// <inheritdoc/>
    public string FullMatch(string text, string pattern) => $"regexp_full_match({text}, '{pattern.Replace("'", "''", StringComparison.Ordinal)}')";

    /// <inheritdoc/>
    public string DaysBetween(string earlier, string later) => $"date_diff('day', {earlier}, {later})";

    /// <inheritdoc/>
    public string AddYears(string value, string years) => $"CAST(({value}) + to_years(CAST({years} AS INTEGER)) AS DATE)";

    /// <inheritdoc/>
    public string Ordinal(string expression) => $"({expression})"; // DuckDB compares VARCHAR by bytes unless a collation is set

    /// <inheritdoc/>
    public string BooleanType => "BOOLEAN";

    /// <inheritdoc/>
    public string TextType => "VARCHAR";
}

/// <summary>PostgreSQL: unbounded NUMERIC, so quotients keep more decimals than DuckDB's.</summary>
public sealed class PostgreSqlDialect : ISqlDialect
{
    /// <inheritdoc/>
    public string Name => "postgres";

    /// <inheritdoc/>
    public string QuoteIdentifier(string name) => "\"" + (name ?? throw new ArgumentNullException(nameof(name))).Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <inheritdoc/>
    public string DecimalType(int scale) => "NUMERIC";

    /// <inheritdoc/>
    public string TextToDecimal(string text, int scale) => $"CAST({text} AS NUMERIC)";

    /// <inheritdoc/>
    /// <remarks>Scale 0, so a whole number stays one (NUMERIC would keep the decimals of a product such as 12.50 × 100).</remarks>
    public string WideIntegerType => "NUMERIC(1000,0)";

    /// <inheritdoc/>
    public int? WideIntegerDigits => null;

    /// <inheritdoc/>
    /// <remarks>NUMERIC keeps a product's trailing zeros, and Npgsql cannot read 7000000000.33…3000 (38 digits): trim_scale (PostgreSQL 13).</remarks>
    public string DecimalFromMantissa(string mantissa, int scale) =>
        $"trim_scale(CAST({mantissa} AS NUMERIC) * {(scale == 0 ? "1" : "0." + new string('0', scale - 1) + "1")})";

    /// <inheritdoc/>
    /// <remarks>
    /// PostgreSQL has no function that raises an error: a failed cast of the message does, and shows it.
    /// The stable current_setting keeps the planner from casting a constant message while it plans (a
    /// CASE branch no row reaches would fail the query).
    /// </remarks>
    public string Fail(string message) => $"CAST(('policyrules: ' || {message} || COALESCE(current_setting('policyrules.fail', true), '')) AS NUMERIC)";

    /// <inheritdoc/>
    public string IntegerDivide(string dividend, string divisor) => $"div({dividend}, {divisor})";

    /// <inheritdoc/>
    /// <remarks>None before PostgreSQL 16 (<c>pg_input_is_valid</c>), and this dialect supports 13 and later.</remarks>
    public string? CastOrNull(string text, string type) => null;

    /// <inheritdoc/>
    /// <remarks>A parallel or synchronised scan may start anywhere: rows are numbered and sorted.</remarks>
    public bool KeepsInputOrder => false;

    /// <inheritdoc/>
    public string SubqueryFence => " OFFSET 0";

    /// <inheritdoc/>
    public string AsText(string expression) => $"CAST({expression} AS TEXT)";

    /// <inheritdoc/>
    public string FullMatch(string text, string pattern) => $"({text} ~ '^(?:{pattern.Replace("'", "''", StringComparison.Ordinal)})$')";

    /// <inheritdoc/>
    public string DaysBetween(string earlier, string later) => $"(({later}) - ({earlier}))";

    /// <inheritdoc/>
    public string AddYears(string value, string years) => $"CAST(({value}) + make_interval(years => CAST({years} AS INTEGER)) AS DATE)";

    /// <inheritdoc/>
    public string Ordinal(string expression) => $"({expression}) COLLATE \"C\"";

    /// <inheritdoc/>
    public string BooleanType => "BOOLEAN";

    /// <inheritdoc/>
    public string TextType => "TEXT";
}

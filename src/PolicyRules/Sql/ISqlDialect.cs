namespace PolicyRules.Sql;

/// <summary>
/// What differs between SQL engines, and nothing else: the translator (<see cref="ScreeningSql"/>)
/// writes standard SQL and asks the dialect for each piece below. A third engine joins by
/// implementing this interface; no other code changes.
/// </summary>
/// <remarks>
/// Every exact number is a fixed-point decimal; the translator never lets the engine divide two
/// decimals (engines differ: DuckDB answers in DOUBLE, PostgreSQL at a scale of its choosing). It
/// compares ratios by cross-multiplication and, where a quotient must become a value, computes the
/// value .NET's <see cref="decimal"/> gives from whole numbers of <see cref="WideIntegerType"/>
/// (<see cref="IntegerDivide"/>, <c>%</c>; with a bounded type, also <c>&gt;&gt;</c>, <c>&amp;</c> and DOUBLE estimates).
/// </remarks>
public interface ISqlDialect
{
    /// <summary>The dialect's name as the command line spells it (<c>duckdb</c>, <c>postgres</c>).</summary>
    string Name { get; }

    /// <summary>An identifier quoted so that any column or table name (dots, capitals, Chinese) is taken verbatim.</summary>
    string QuoteIdentifier(string name);

    /// <summary>The exact decimal type with <paramref name="scale"/> decimals: <c>DECIMAL(38,2)</c>, <c>NUMERIC</c>.</summary>
    string DecimalType(int scale);

    /// <summary>Text already checked to be a plain decimal number, as <see cref="DecimalType"/> with <paramref name="scale"/> decimals. Must not fail on any other text (NULL is fine): an engine may evaluate it before the check that guards it.</summary>
    string TextToDecimal(string text, int scale);

    /// <summary>A whole-number type wide enough for scaled quotients: <c>HUGEINT</c>, <c>NUMERIC</c>.</summary>
    string WideIntegerType { get; }

    /// <summary>Decimal digits <see cref="WideIntegerType"/> always holds (38 for HUGEINT), or null when it is unbounded (NUMERIC).</summary>
    int? WideIntegerDigits { get; }

    /// <summary>
    /// The whole number <paramref name="mantissa"/> divided by 10^<paramref name="scale"/>, as the exact
    /// decimal type, without trailing zeros where the engine would keep them (a client's decimal holds
    /// 28 decimals only for values below 7.9).
    /// </summary>
    string DecimalFromMantissa(string mantissa, int scale);

    /// <summary>An expression that stops the query with <paramref name="message"/> (a text expression) when evaluated.</summary>
    string Fail(string message);

    /// <summary>Whole-number division of two values of <see cref="WideIntegerType"/>, truncated toward zero.</summary>
    string IntegerDivide(string dividend, string divisor);

    /// <summary>
    /// <paramref name="text"/> cast to <paramref name="type"/> (<c>DATE</c>, <c>BIGINT</c>), NULL rather
    /// than an error when it cannot be; null when the engine has no such cast (the translator then casts
    /// only under the check that guards the cast, and checks calendar days digit by digit).
    /// </summary>
    string? CastOrNull(string text, string type);

    /// <summary>
    /// True when a query without ORDER BY returns the rows of a plain scan, filter and projection in
    /// the order its source gives them (DuckDB's <c>preserve_insertion_order</c>, on by default): the
    /// results query then neither numbers nor sorts the rows unless a ranking needs it.
    /// </summary>
    bool KeepsInputOrder { get; }

    /// <summary>
    /// Text ending a CTE's SELECT so the planner computes it once instead of pulling it up into its users
    /// (PostgreSQL: <c> OFFSET 0</c>; empty where the planner does not copy expressions so). Every CTE
    /// that computes ends with it: pulled up, a guarded cast, the test whether a row is read or a
    /// derived value would be copied into every later use of its column, once per programme stage, and
    /// computed that many times a row (or planning would run the server out of memory). Where it is not
    /// empty, a CTE passes on the columns the rest of the query names rather than <c>*</c>, since each
    /// fenced CTE projects every column it passes.
    /// </summary>
    string SubqueryFence { get; }

    /// <summary>The text form of any column, whatever its type: <c>CAST(x AS VARCHAR)</c>, <c>x::text</c>.</summary>
    string AsText(string expression);

    /// <summary>True when the whole of <paramref name="text"/> matches the POSIX regular expression <paramref name="pattern"/> (no anchors given).</summary>
    string FullMatch(string text, string pattern);

    /// <summary>Calendar days from <paramref name="earlier"/> to <paramref name="later"/> (dates), negative when <paramref name="later"/> is earlier.</summary>
    string DaysBetween(string earlier, string later);

    /// <summary><paramref name="value"/> (a date) plus <paramref name="years"/> years, 29 February becoming 28 February in a common year, as a date.</summary>
    string AddYears(string value, string years);

    /// <summary>An expression sorted by UTF-8 bytes (ordinal), whatever the database's default collation.</summary>
    string Ordinal(string expression);

    /// <summary>A boolean column type.</summary>
    string BooleanType { get; }

    /// <summary>A text column type.</summary>
    string TextType { get; }
}

using PolicyRules.Compilation;
using PolicyRules.Input;
using PolicyRules.Screening;
using PolicyRules.Sql;

namespace PolicyRules.PostgreSql;

/// <summary>
/// Screening inside PostgreSQL (<c>screen --engine postgres</c>): the programmes compiled to one query
/// (<see cref="ScreeningSql"/>) and run over a table in place, in one snapshot, with the outputs
/// <see cref="ScreeningJob"/> writes: the same columns and formats, the rejects file,
/// read = written + rejected, outputs whole or not at all; optionally a results table too.
/// </summary>
/// <remarks>
/// A table has no order of its own: rows are numbered in id order. A programme the translator cannot
/// express exactly is refused with a <see cref="NotSupportedException"/> listing its PR1032
/// diagnostics. Statistics and targets (<see cref="ScreeningOptions.Statistics"/>,
/// <see cref="ScreeningOptions.Targets"/>) are the .NET engine's. See docs/sql.md.
/// </remarks>
public static class PostgresScreening
{
    /// <summary>Screens a PostgreSQL table in place (one snapshot), optionally writing the results back to a table in the same transaction.</summary>
    /// <param name="connectionString">Npgsql's connection string; it never appears in an error.</param>
    /// <param name="table">The table (or view) of records, <c>schema.table</c> allowed; its columns are the contract's names.</param>
    /// <param name="outputPath">Results: <c>.csv</c>, <c>.parquet</c>, <c>.jsonl</c> or <c>.xlsx</c>; rejects beside it (<see cref="ScreeningJob.RejectsPathFor"/>).</param>
    /// <param name="programmes">The programme versions to apply (see <see cref="PolicyEngine.GetProgramme"/>).</param>
    /// <param name="asOf">The evaluation date.</param>
    /// <param name="writeBack">A table to create with the results (NUMERIC scores), or null.</param>
    /// <param name="progress">Called with the number of result rows written so far.</param>
    /// <param name="options">Fail-fast, column names, raw text.</param>
    /// <returns>The summary <see cref="ScreeningJob.Run(string, string, IReadOnlyList{CompiledProgramme}, DateOnly, Action{long}?, ScreeningOptions?)"/> returns.</returns>
    /// <exception cref="ProfileInputException">The table is missing or lacks a needed column, or (fail-fast) a row is unreadable.</exception>
    /// <exception cref="NotSupportedException">A programme has no exact SQL translation, or the options ask for what only the .NET engine does.</exception>
    /// <exception cref="SqlScreeningException">The server refused the connection or a statement, or the write-back table exists.</exception>
    public static ScreeningSummary Run(string connectionString, string table, string outputPath, IReadOnlyList<CompiledProgramme> programmes, DateOnly asOf,
        PostgresWriteBack? writeBack = null, Action<long>? progress = null, ScreeningOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(outputPath);
        SqlScreening.CheckOutput(outputPath);
        return PostgresRun.Run(connectionString, table, outputPath, null, ScreeningJob.RejectsPathFor(outputPath), programmes, asOf, writeBack, progress, options ?? new ScreeningOptions());
    }
}

/// <summary>A table to create with the results of <see cref="PostgresScreening.Run"/>, in the same transaction as the screening.</summary>
/// <param name="Table">The table's name, <c>schema.table</c> allowed (each part taken verbatim).</param>
public sealed record PostgresWriteBack(string Table)
{
    /// <summary>Replace the table when it exists; by default an existing table is an error and nothing is written.</summary>
    public bool Replace { get; init; }
}

using PolicyRules.Compilation;
using PolicyRules.Input;
using PolicyRules.Screening;
using PolicyRules.Sql;

namespace PolicyRules.DuckDb;

/// <summary>
/// Screening inside embedded DuckDB (<c>screen --engine duckdb</c>): the programmes compiled to one
/// query (<see cref="ScreeningSql"/>) and run over a CSV or Parquet file on all cores, with the outputs
/// <see cref="ScreeningJob"/> writes: the same columns and formats, the rejects file,
/// read = written + rejected, outputs whole or not at all.
/// </summary>
/// <remarks>
/// An input DuckDB would read differently from this library's readers (not UTF-8, an empty line, LF and
/// CRLF line ends in one file, a row with the wrong number of cells, a row over the size limit, a Parquet
/// column of floating-point numbers) is refused with a <see cref="ProfileInputException"/> naming the file and what to do; it is
/// never read differently. A programme the translator cannot express exactly is refused with a
/// <see cref="NotSupportedException"/> listing its PR1032 diagnostics. Statistics and targets
/// (<see cref="ScreeningOptions.Statistics"/>, <see cref="ScreeningOptions.Targets"/>) are the .NET
/// engine's. See docs/sql.md.
/// </remarks>
public static class DuckDbScreening
{
    /// <summary>Screens a CSV (UTF-8) or Parquet file with embedded DuckDB on all cores.</summary>
    /// <param name="inputPath">Records: CSV, or Parquet for <c>.parquet</c>.</param>
    /// <param name="outputPath">Results: <c>.csv</c>, <c>.parquet</c>, <c>.jsonl</c> or <c>.xlsx</c>; rejects beside it (<see cref="ScreeningJob.RejectsPathFor"/>).</param>
    /// <param name="programmes">The programme versions to apply (see <see cref="PolicyEngine.GetProgramme"/>).</param>
    /// <param name="asOf">The evaluation date.</param>
    /// <param name="progress">Called with the number of result rows written so far.</param>
    /// <param name="options">Fail-fast, column names, raw text; the input's encoding must be UTF-8 or detected.</param>
    /// <returns>The summary <see cref="ScreeningJob.Run(string, string, IReadOnlyList{CompiledProgramme}, DateOnly, Action{long}?, ScreeningOptions?)"/> returns.</returns>
    /// <exception cref="ProfileInputException">The input lacks a needed column, DuckDB cannot read it as this library does, or (fail-fast) a row is unreadable.</exception>
    /// <exception cref="NotSupportedException">A programme has no exact SQL translation, or the options ask for what only the .NET engine does.</exception>
    public static ScreeningSummary Run(string inputPath, string outputPath, IReadOnlyList<CompiledProgramme> programmes, DateOnly asOf, Action<long>? progress = null, ScreeningOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(outputPath);
        SqlScreening.CheckOutput(outputPath);
        return DuckDbRun.Run(inputPath, outputPath, null, ScreeningJob.RejectsPathFor(outputPath), programmes, asOf, progress, options ?? new ScreeningOptions());
    }
}

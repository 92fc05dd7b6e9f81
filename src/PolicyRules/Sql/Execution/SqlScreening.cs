using System.Data.Common;
using PolicyRules.Bulk;
using PolicyRules.Compilation;
using PolicyRules.Input;
using PolicyRules.Output;
using PolicyRules.Screening;

using PolicyRules.Sql.Execution;

namespace PolicyRules.Sql;

/// <summary>
/// Screening inside an SQL engine: the programmes compiled to one query (<see cref="ScreeningSql"/>),
/// run by embedded DuckDB over a CSV or Parquet file (<see cref="RunDuckDb"/>) or by PostgreSQL over a
/// table (<see cref="RunPostgres"/>), with the outputs <see cref="ScreeningJob"/> writes: the same
/// columns and formats, the rejects file, read = written + rejected, outputs whole or not at all.
/// </summary>
/// <remarks>
/// An input the engine would read differently from this library's readers (not UTF-8, an empty line,
/// a row with the wrong number of cells, a row over the size limit, a Parquet column of floating-point
/// numbers) is refused with a <see cref="ProfileInputException"/> naming the file and what to do; it is
/// never read differently. A programme the translator cannot express exactly is refused with a
/// <see cref="NotSupportedException"/> listing its PR1032 diagnostics. Statistics and targets
/// (<see cref="ScreeningOptions.Statistics"/>, <see cref="ScreeningOptions.Targets"/>) are the .NET
/// engine's. See docs/sql.md.
/// </remarks>
public static partial class SqlScreening
{
    /// <summary>Screens a CSV (UTF-8) or Parquet file with embedded DuckDB on all cores.</summary>
    /// <param name="inputPath">Records: CSV, or Parquet for <c>.parquet</c>.</param>
    /// <param name="outputPath">Results: <c>.csv</c>, <c>.parquet</c>, <c>.jsonl</c> or <c>.xlsx</c>; rejects beside it (<see cref="ScreeningJob.RejectsPathFor"/>).</param>
    /// <param name="programmes">The programme versions to apply (see <see cref="PolicyEngine.GetProgramme"/>).</param>
    /// <param name="asOf">The evaluation date.</param>
    /// <param name="progress">Called with the number of result rows written so far.</param>
    /// <param name="options">Fail-fast, column names, raw text; the input's encoding must be UTF-8 or detected.</param>
    /// <exception cref="ProfileInputException">The input lacks a needed column, DuckDB cannot read it as this library does, or (fail-fast) a row is unreadable.</exception>
    /// <exception cref="NotSupportedException">A programme has no exact SQL translation, or the options ask for what only the .NET engine does.</exception>
    public static ScreeningSummary RunDuckDb(string inputPath, string outputPath, IReadOnlyList<CompiledProgramme> programmes, DateOnly asOf, Action<long>? progress = null, ScreeningOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(outputPath);
        CheckOutput(outputPath);
        return DuckDbRun.Run(inputPath, outputPath, null, RejectsFile.PathFor(outputPath), programmes, asOf, progress, options ?? new ScreeningOptions());
    }

    /// <summary>Screens a PostgreSQL table in place (one snapshot), optionally writing the results back to a table in the same transaction.</summary>
    /// <param name="connectionString">Npgsql's connection string; it never appears in an error.</param>
    /// <param name="table">The table (or view) of records, <c>schema.table</c> allowed; its columns are the contract's names.</param>
    /// <param name="outputPath">Results file, as for <see cref="RunDuckDb"/>.</param>
    /// <param name="programmes">The programme versions to apply.</param>
    /// <param name="asOf">The evaluation date.</param>
    /// <param name="writeBack">A table to create with the results (NUMERIC scores), or null.</param>
    /// <param name="progress">Called with the number of result rows written so far.</param>
    /// <param name="options">Fail-fast, column names, raw text.</param>
    /// <exception cref="ProfileInputException">The table is missing or lacks a needed column, or (fail-fast) a row is unreadable.</exception>
    /// <exception cref="NotSupportedException">A programme has no exact SQL translation, or the options ask for what only the .NET engine does.</exception>
    /// <exception cref="SqlScreeningException">The server refused the connection or a statement, or the write-back table exists.</exception>
    public static ScreeningSummary RunPostgres(string connectionString, string table, string outputPath, IReadOnlyList<CompiledProgramme> programmes, DateOnly asOf,
        SqlWriteBack? writeBack = null, Action<long>? progress = null, ScreeningOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(outputPath);
        CheckOutput(outputPath);
        return PostgresRun.Run(connectionString, table, outputPath, null, RejectsFile.PathFor(outputPath), programmes, asOf, writeBack, progress, options ?? new ScreeningOptions());
    }

    private static void CheckOutput(string outputPath)
    {
        if (!ResultColumns.IsKnown(outputPath))
        {
            throw new ArgumentException(ResultColumns.UnknownExtensionMessage(outputPath), nameof(outputPath));
        }
    }

    private const string NoExactSql = "No exact SQL for these programmes: screen them with --engine dotnet. / 这些项目无法精确转换为 SQL，请使用 --engine dotnet 筛查。";

    /// <summary>The query for <paramref name="programmes"/>, or why there is none.</summary>
    internal static ScreeningSqlQuery Compile(IReadOnlyList<CompiledProgramme> programmes, DateOnly asOf, ISqlDialect dialect, string from, ScreeningOptions options)
    {
        ArgumentNullException.ThrowIfNull(programmes);
        if (options.Statistics is not null || options.Targets is not null)
        {
            throw new NotSupportedException("Reports (--report) and targets (--targets) are the .NET engine's: screen with --engine dotnet. / 报告（--report）与目标（--targets）仅由 .NET 引擎计算，请使用 --engine dotnet。");
        }

        var query = ScreeningSql.Compile(programmes, asOf, dialect, new ScreeningSqlOptions { From = from });
        if (!query.Success)
        {
            var diagnostics = string.Join("\n", query.Diagnostics);
            throw new NotSupportedException(diagnostics + "\n" + NoExactSql);
        }

        return query;
    }

    /// <summary>
    /// Writes the results and rejects through the usual sinks, checks read = written + rejected
    /// against <paramref name="expectedRead"/> (when known), and commits the files only then.
    /// </summary>
    internal static ScreeningSummary WriteOutputs(ScreeningSqlQuery query, IReadOnlyList<string> inputs, string? outputPath, Func<ResultColumns[], IResultSink>? openStream, string rejectsPath,
        Func<DbDataReader> openResults, IReadOnlyList<ProfileRecord> rejected, long? expectedRead, string source, Action<long>? progress, ScreeningOptions options, Action? beforeCommit = null)
    {
        if (options.FailFast && rejected.Count > 0)
        {
            throw new ProfileInputException(rejected[0].Errors);
        }

        var programmes = query.Programmes;
        var columns = ResultColumns.For(programmes, options.ColumnNames);
        var writer = new SqlResultWriter(query, columns);
        using var outputs = new OutputFiles(inputs);
        var outputStream = outputPath is null ? null : outputs.Create(outputPath);
        var rejectsStream = outputs.Create(rejectsPath);
        using var output = ResultSinkFanOut.Open(outputStream is null ? openStream!(columns) : ResultColumns.CreateSink(outputPath!, outputStream, columns, options.RawText), options, programmes, query.AsOf);
        using var rejects = RejectsFile.Open(rejectsStream);
        var counts = new SqlResultWriter.Counts(programmes, ResultColumns.OutputCount(columns));
        long written;
        using (var results = openResults())
        {
            written = writer.WriteAll(results, output, counts, progress);
        }

        foreach (var record in rejected)
        {
            var column = string.Join(";", record.Errors.Select(e => e.Column));
            var reason = string.Join(" | ", record.Errors.Select(e => e.Reason));
            RejectsFile.Write(rejects, record, column, reason, options.RawText);
            output.Reject(record, column, reason);
        }

        if (expectedRead is { } read && read != written + rejected.Count)
        {
            throw new ProfileInputException([new InputError(source, 0, 0, "(file)",
                $"the engine returned {written} results and {rejected.Count} rejects for {read} rows: no output was written; screen with --engine dotnet / 引擎返回 {written} 条结果与 {rejected.Count} 条拒收，而输入有 {read} 行：未写出任何结果，请使用 --engine dotnet 筛查")]);
        }

        progress?.Invoke(written);
        var summary = counts.Build(written, rejected, rejectsPath, columns);
        output.Complete(summary);
        output.Dispose();
        rejects.Dispose();
        beforeCommit?.Invoke();
        outputs.Commit();
        return summary;
    }
}

/// <summary>A table to create with the results of <see cref="SqlScreening.RunPostgres"/>, in the same transaction as the screening.</summary>
/// <param name="Table">The table's name, <c>schema.table</c> allowed (each part taken verbatim).</param>
public sealed record SqlWriteBack(string Table)
{
    /// <summary>Replace the table when it exists; by default an existing table is an error and nothing is written.</summary>
    public bool Replace { get; init; }
}

/// <summary>An SQL engine refused a connection or a statement; the message never holds the connection string.</summary>
public sealed class SqlScreeningException : Exception
{
    /// <summary>An error with a bilingual message.</summary>
    public SqlScreeningException(string message)
        : base(message)
    {
    }

    /// <summary>An error with a bilingual message and its cause.</summary>
    public SqlScreeningException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>An error with no message of its own.</summary>
    public SqlScreeningException()
    {
    }
}

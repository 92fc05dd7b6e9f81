using System.Data.Common;
using PolicyRules.Bulk;
using PolicyRules.Compilation;
using PolicyRules.Input;
using PolicyRules.Output;
using PolicyRules.Screening;
using PolicyRules.Sql.Execution;

namespace PolicyRules.Sql;

/// <summary>
/// What every SQL engine shares (PolicyRules.DuckDb, PolicyRules.PostgreSql): the programmes compiled to
/// one query (<see cref="ScreeningSql"/>), or why not, and its rows written through the sinks
/// <see cref="ScreeningJob"/> uses: the same columns and formats, the rejects file,
/// read = written + rejected, outputs whole or not at all. Nothing here names a database driver.
/// </summary>
internal static class SqlScreening
{
    /// <summary>Refuses a results path whose extension names no format, before any work.</summary>
    internal static void CheckOutput(string outputPath)
    {
        if (!ResultColumns.IsKnown(outputPath))
        {
            throw new ArgumentException(ResultColumns.UnknownExtensionMessage(outputPath), nameof(outputPath));
        }
    }

    private const string NoExactSql = "No exact SQL for these programmes: screen them with --engine dotnet. / 这些项目无法精确转换为 SQL，请使用 --engine dotnet 筛查。";

    /// <summary>The query for <paramref name="programmes"/>, or why there is none.</summary>
    internal static ScreeningSqlQuery Compile(IReadOnlyList<CompiledProgramme> programmes, DateOnly asOf, ISqlDialect dialect, string from, ScreeningOptions options, bool repeatsLeftToReader = false, bool plainTypedSource = false, string? numberedRows = null)
    {
        ArgumentNullException.ThrowIfNull(programmes);
        if (options.Statistics is not null || options.Targets is not null)
        {
            throw new NotSupportedException("Reports (--report) and targets (--targets) are the .NET engine's: screen with --engine dotnet. / 报告（--report）与目标（--targets）仅由 .NET 引擎计算，请使用 --engine dotnet。");
        }

        var query = ScreeningSql.Compile(programmes, asOf, dialect, new ScreeningSqlOptions { From = from, RepeatsLeftToReader = repeatsLeftToReader, PlainTypedSource = plainTypedSource, NumberedRows = numberedRows });
        if (!query.Success)
        {
            var diagnostics = string.Join("\n", query.Diagnostics);
            throw new NotSupportedException(diagnostics + "\n" + NoExactSql);
        }

        return query;
    }

    /// <summary>
    /// Streams the rows query (<see cref="ScreeningSqlQuery.Rows"/>) once through the usual sinks:
    /// results and rejects in input order, each reject made a record by <paramref name="rejects"/>;
    /// checks read = written + rejected against <paramref name="expectedRead"/> (when known), and commits
    /// the files only then. Fail-fast stops at the first reject, with its errors.
    /// </summary>
    internal static ScreeningSummary WriteOutputs(ScreeningSqlQuery query, IReadOnlyList<string> inputs, string? outputPath, Func<ResultColumns[], IResultSink>? openStream, string rejectsPath,
        Func<DbDataReader> openRows, ISqlRejects rejects, long? expectedRead, string source, Action<long>? progress, ScreeningOptions options, Action? beforeCommit = null)
    {
        var programmes = query.Programmes;
        var columns = ResultColumns.For(programmes, options.ColumnNames);
        var writer = new SqlResultWriter(query, columns);
        using var outputs = new OutputFiles(inputs);
        var outputStream = outputPath is null ? null : outputs.Create(outputPath);
        var rejectsStream = outputs.Create(rejectsPath);
        using var output = ResultSinkFanOut.Open(outputStream is null ? openStream!(columns) : ResultColumns.CreateSink(outputPath!, outputStream, columns, options.RawText), options, programmes, query.AsOf);
        using var rejectsFile = RejectsFile.Open(rejectsStream);
        var counts = new SqlResultWriter.Counts(programmes, ResultColumns.OutputCount(columns));
        long rejected = 0;
        void Reject(SqlReject reject)
        {
            WriteReject(reject, rejects, rejectsFile, output, options);
            rejected++;
        }

        long written;
        using (var rows = openRows())
        {
            written = writer.WriteAll(rows, output, Reject, counts, progress, expectedRead);
        }

        rejects.Finish();
        CheckRead(expectedRead, written, rejected, source);

        progress?.Invoke(written);
        var summary = counts.Build(written, rejected, rejectsPath, columns);
        output.Complete(summary);
        output.Dispose();
        rejectsFile.Dispose();
        beforeCommit?.Invoke();
        outputs.Commit();
        return summary;
    }

    /// <summary>
    /// Writes <paramref name="reject"/>, the next in input order, to the rejects file and
    /// <paramref name="output"/> (when the results go to a sink), as the record <paramref name="rejects"/>
    /// makes of it; with fail-fast, throws its errors instead.
    /// </summary>
    internal static void WriteReject(SqlReject reject, ISqlRejects rejects, nietras.SeparatedValues.SepWriter rejectsFile, IResultSink? output, ScreeningOptions options)
    {
        var record = rejects.Match(reject);
        if (options.FailFast)
        {
            throw new ProfileInputException(record.Errors);
        }

        var column = string.Join(";", record.Errors.Select(e => e.Column));
        var reason = string.Join(" | ", record.Errors.Select(e => e.Reason));
        RejectsFile.Write(rejectsFile, record, column, reason, options.RawText);
        output?.Reject(record, column, reason);
    }

    /// <summary>Refuses a run whose engine accounted for other than <paramref name="expectedRead"/> rows (when known): read = written + rejected.</summary>
    internal static void CheckRead(long? expectedRead, long written, long rejected, string source)
    {
        if (expectedRead is { } read && read != written + rejected)
        {
            throw new ProfileInputException([new InputError(source, 0, 0, "(file)",
                $"the engine returned {written} results and {rejected} rejects for {read} rows: no output was written; screen with --engine dotnet / 引擎返回 {written} 条结果与 {rejected} 条拒收，而输入有 {read} 行：未写出任何结果，请使用 --engine dotnet 筛查")]);
        }
    }
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

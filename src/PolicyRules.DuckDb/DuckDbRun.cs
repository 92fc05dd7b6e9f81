using DuckDB.NET.Data;
using Parquet;
using PolicyRules.Bulk;
using PolicyRules.Compilation;
using PolicyRules.Input;
using PolicyRules.Model;
using PolicyRules.Screening;
using PolicyRules.Sql;

namespace PolicyRules.DuckDb;

/// <summary>
/// <c>screen --engine duckdb</c>: the compiled rows query (<see cref="ScreeningSqlQuery.Rows"/>) over
/// DuckDB's CSV or Parquet reader, every column read as text, streamed once: results and rejects in
/// input order. Before: our reader opens the file (header, needed columns, encoding); before the query
/// that checks every text, or alongside the one that reads plain cells typed, a preflight refuses what
/// DuckDB would read differently and counts the rows. At the first reject, our reader
/// starts reading the file too, in step, and each reject is written as <c>--engine dotnet</c> writes it
/// (row, line, id, column, reason); should the two disagree on which rows are unreadable, the run stops
/// with no output.
/// </summary>
internal static class DuckDbRun
{
    /// <summary>
    /// How much of the query's result DuckDB may hold ready for the reader: its default (about 1 MB)
    /// makes a parallel query wait for the reader; 32 MB keeps every thread busy and bounds what waits.
    /// </summary>
    internal const string StreamingBufferSize = "32MB";

    // executed: called with each statement run on DuckDB, in order; plainAnswer: the answer of the check of
    // the cells (PlainCells), given rather than computed; csvByDuckDb: false streams a CSV's rows through
    // this process as for the other formats; csvParts: the statements DuckDB writes a CSV's lines in (test seams).
    public static ScreeningSummary Run(string inputPath, string? outputPath, Func<ResultColumns[], IResultSink>? openStream, string rejectsPath,
        IReadOnlyList<CompiledProgramme> programmes, DateOnly asOf, Action<long>? progress, ScreeningOptions options, Action<string>? executed = null, Task<bool>? plainAnswer = null, bool csvByDuckDb = true, int? csvParts = null)
    {
        ArgumentNullException.ThrowIfNull(inputPath);
        ArgumentNullException.ThrowIfNull(programmes);
        if (programmes.Count == 0)
        {
            throw new ArgumentException("Name at least one programme. / 请至少指定一个项目。", nameof(programmes));
        }

        // An application's own reader for this extension (ProfileReadOptions.WithReader) is a format
        // DuckDB cannot read: refused, never read as CSV.
        if (options.Input.Readers.ContainsKey(Path.GetExtension(inputPath)))
        {
            throw Refused(inputPath, $"'{Path.GetExtension(inputPath)}' is read by the application's own reader, which DuckDB cannot use: screen it with --engine dotnet",
                $"'{Path.GetExtension(inputPath)}' 由应用程序自己的读取器读取，DuckDB 无法使用：请使用 --engine dotnet 筛查");
        }

        var format = ProfileReaders.FormatOf(inputPath);
        if (format == ProfileFormat.Xlsx)
        {
            throw Refused(inputPath, "DuckDB reads CSV and Parquet, not .xlsx workbooks: screen it with --engine dotnet, or save the sheet as CSV UTF-8",
                "DuckDB 只读 CSV 与 Parquet，不读 .xlsx 工作簿：请使用 --engine dotnet 筛查，或将工作表另存为 CSV UTF-8");
        }

        if (format == ProfileFormat.Csv && options.Input.Encoding is not (InputEncoding.Auto or InputEncoding.Utf8))
        {
            throw Refused(inputPath, $"DuckDB reads UTF-8 only, not {options.Input.Encoding}: screen it with --engine dotnet",
                $"DuckDB 只读 UTF-8，不读 {options.Input.Encoding}：请使用 --engine dotnet 筛查");
        }

        var schema = programmes[0].Schema;
        var screener = ProgrammeScreener.Create(programmes, asOf);
        var required = screener.RequiredFields;
        using (ProfileReaders.Open(inputPath, schema, required, required, options.Input))
        {
            // Our reader's checks of the header (needed columns, repeats, removed names) and encoding.
        }

        // The preflight runs on another thread; the query that reads the cells typed does not wait for it
        // (it asks for DuckDB's default line limit, and its files are kept only when the preflight passed
        // with no longer line: TypedRead), the query that checks every text does.
        var preflight = format == ProfileFormat.Csv ? Task.Run(() => CsvPreflight.Measure(inputPath)) : Task.FromResult(default(CsvPreflight.Shape));
        var typed = format == ProfileFormat.Csv ? TypedColumns(programmes, asOf) : [];
        // Written to a file, the typed query runs while the cells are checked (its files are kept only on yes).
        // Not so when an application's sink takes the rows too: made once per run, it cannot be given
        // a typed run's rows and then the checked query's.
        var speculate = outputPath is not null && options.Sinks.IsDefaultOrEmpty;
        using var typedRead = typed.Count == 0 ? null : plainAnswer is null ? TypedRead.Start(inputPath, typed, preflight, sideBySide: !speculate) : TypedRead.Given(plainAnswer, preflight);
        List<string> parquetText = [];
        var parquetRows = format == ProfileFormat.Parquet ? ParquetRows(inputPath, schema, required, parquetText) : 0;
        long RowsOf() => format == ProfileFormat.Parquet ? parquetRows : preflight.GetAwaiter().GetResult().Records;
        var path = inputPath.Replace("'", "''", StringComparison.Ordinal);
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        ParquetSpacedText.Refuse(connection, inputPath, parquetText, executed);
        ScreeningSummary Screen(string from, bool plainTypedSource, Action<long>? progressed, Action? beforeCommit)
        {
            // Beside the outputs and named as their partial files are (OutputFiles), so a crash leaves it
            // where those are looked for; deleted whatever happens.
            var results = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(rejectsPath))!, $".{Path.GetFileName(rejectsPath)}.rows.{Guid.NewGuid():N}.partial");
            var quotedResults = results.Replace("'", "''", StringComparison.Ordinal);
            var numbered = $"SELECT file_row_number + 1 AS {SqlDialects.DuckDb.QuoteIdentifier(InputStage.Row)}, * EXCLUDE (file_row_number) FROM read_parquet('{quotedResults}', file_row_number = true)";
            var query = SqlScreening.Compile(programmes, asOf, SqlDialects.DuckDb, from, options, repeatsLeftToReader: true, plainTypedSource, numbered); // SqlResultWriter rejects repeats
            using var rejects = new CheckedRejects(inputPath, schema, required, options.Input);
            DuckDBCommand? command = null;
            try
            {
                // Without a ranking (the query leaves repeated ids to the reader only then), the rows are
                // written to a file of their own first, on every core: streamed to this thread instead,
                // DuckDB ran much of the query on the thread that also formats and writes the rows, its
                // other threads waiting (twice the hand-written query's time). With one, the rows go there
                // unnumbered, and the query (streamed: a ranking sorts every row before the first comes)
                // numbers them by their place in the file: numbered by a window, the whole query before it
                // ran on one thread (all programmes: 47 s against 30 s).
                var source = query.Rows;
                if (query.RepeatsLeftToReader || query.RowsBase is not null)
                {
                    Directory.CreateDirectory(Path.GetDirectoryName(results)!);
                    using (var copy = connection.CreateCommand())
                    {
                        copy.CommandText = $"COPY ({query.RowsBase ?? query.Rows}) TO '{quotedResults}' (FORMAT parquet, PRESERVE_ORDER true)";
                        executed?.Invoke(copy.CommandText);
                        copy.ExecuteNonQuery();
                    }
                }

                var rows = RowsOf();
                if (query.RepeatsLeftToReader)
                {
                    // DuckDB writes a CSV of these rows itself. Not a ranking's: its lines (14 programmes,
                    // ~780 MB) took DuckDB as long as this process and 0.5 GB more.
                    if (csvByDuckDb && DuckDbCsvOutput.Applies(query, outputPath, options)
                        && DuckDbCsvOutput.Write(connection, query, results, inputPath, outputPath!, rejectsPath, rejects, rows, progressed, options, beforeCommit, executed, csvParts) is { } written)
                    {
                        return written;
                    }

                    source = $"SELECT * FROM read_parquet('{quotedResults}')";
                }

                return SqlScreening.WriteOutputs(query, [inputPath], outputPath, openStream, rejectsPath, () =>
                {
                    command = connection.CreateCommand();
                    command.CommandText = source;
                    command.UseStreamingMode = true;
                    executed?.Invoke(command.CommandText);
                    return command.ExecuteReader();
                }, rejects, rows, inputPath, progressed, options, beforeCommit);
            }
            finally
            {
                command?.Dispose();
                Delete(results);
            }
        }

        try
        {
            using (var settings = connection.CreateCommand())
            {
                settings.CommandText = $"SET streaming_buffer_size = '{StreamingBufferSize}'";
                executed?.Invoke(settings.CommandText);
                settings.ExecuteNonQuery();
            }

            if (typedRead?.Screen(speculate, progress,
                    (progressed, beforeCommit) => Screen(CsvSource(path, CsvPreflight.DuckDbDefaultMaxLineSize, typed), plainTypedSource: true, progressed, beforeCommit)) is { } summary)
            {
                return summary;
            }

            return Screen(format == ProfileFormat.Parquet ? $"read_parquet('{path}')" : CsvSource(path, preflight.GetAwaiter().GetResult().MaxLineSize), plainTypedSource: false, progress, null);
        }
        catch (DuckDBException ex)
        {
            var said = ForeignMessage.Quoted("DuckDB", Shorten(ex.Message));
            throw Refused(inputPath, $"DuckDB cannot read the file as this library does ({said.En}): no output was written; screen it with --engine dotnet, which names the row and column",
                $"DuckDB 无法按本程序的方式读取该文件（{said.Zh}）：未写出任何结果，请使用 --engine dotnet 筛查（会指出行与列）");
        }
    }

    /// <summary>
    /// DuckDB's CSV reader as ours reads: every column as text, RFC 4180 quotes, strict; with
    /// <paramref name="typed"/>, those columns typed (every cell of them plain: <see cref="PlainCells"/>).
    /// The line limit is the file's (<see cref="CsvPreflight.Shape.MaxLineSize"/>): DuckDB sizes its read
    /// buffers by it.
    /// </summary>
    internal static string CsvSource(string quotedPath, long maxLineSize, IReadOnlyDictionary<string, PlainColumn>? typed = null)
    {
        var types = typed is null || typed.Count == 0 ? ""
            : ", types = {" + string.Join(", ", typed.Select(c => $"'{c.Key.Replace("'", "''", StringComparison.Ordinal)}': '{c.Value.DuckDbType}'")) + "}";
        return string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"read_csv('{quotedPath}', header = true, all_varchar = true{types}, delim = ',', quote = '\"', escape = '\"', strict_mode = true, null_padding = false, ignore_errors = false, max_line_size = {maxLineSize}, encoding = 'utf-8')");
    }

    /// <summary>The fields the query reads that DuckDB may read typed, by name (<see cref="PlainColumn.For"/>).</summary>
    private static Dictionary<string, PlainColumn> TypedColumns(IReadOnlyList<CompiledProgramme> programmes, DateOnly asOf)
    {
        var typed = new Dictionary<string, PlainColumn>(StringComparer.Ordinal);
        foreach (var field in ScreeningSql.Inputs(programmes, asOf).Fields)
        {
            if (PlainColumn.For(field) is { } column)
            {
                typed[field.Name] = column;
            }
        }

        return typed;
    }

    /// <summary>
    /// The rows of a Parquet file, after refusing columns whose text DuckDB would write differently from our
    /// reader's value (floating point, timestamps); the STRING columns read are added to <paramref name="textColumns"/>.
    /// </summary>
    private static long ParquetRows(string path, RecordSchema schema, FieldSet required, List<string> textColumns)
    {
        ParquetReader reader;
        try
        {
            reader = ParquetFiles.OpenReader(path);
        }
        catch (DamagedParquetException ex)
        {
            throw ProfileParquetReader.Unreadable(path, ex); // as the .NET engine words it, before DuckDB reads a damaged footer
        }

        try
        {
            return ParquetRows(path, schema, required, reader, textColumns);
        }
        finally
        {
            reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    private static long ParquetRows(string path, RecordSchema schema, FieldSet required, ParquetReader reader, List<string> textColumns)
    {
        var needed = schema.FieldsIn(required.With(schema.IdField)).Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var field in reader.Schema.DataFields)
        {
            var type = Nullable.GetUnderlyingType(field.ClrType) ?? field.ClrType;
            if (needed.Contains(field.Name) && !(type == typeof(string) || type == typeof(ReadOnlyMemory<char>) || type == typeof(bool) || type == typeof(decimal) || type == typeof(DateOnly)
                || type == typeof(int) || type == typeof(long) || type == typeof(short) || type == typeof(sbyte) || type == typeof(byte) || type == typeof(ushort) || type == typeof(uint)))
            {
                throw new ProfileInputException([new InputError(path, 0, 0, field.Name,
                    $"a column of type {type.Name}, which DuckDB would turn into text differently from this library's reader: screen the file with --engine dotnet, or store the column as STRING or DECIMAL / " +
                    $"列类型为 {type.Name}，DuckDB 转为文本的方式与本程序的读取器不同：请使用 --engine dotnet 筛查，或将该列存为 STRING 或 DECIMAL")]);
            }

            if (needed.Contains(field.Name) && (type == typeof(string) || type == typeof(ReadOnlyMemory<char>)))
            {
                textColumns.Add(field.Name); // checked for spaces around its cells (ParquetSpacedText)
            }
        }

        long rows = 0;
        for (var group = 0; group < reader.RowGroupCount; group++)
        {
            using var rowGroup = reader.OpenRowGroupReader(group);
            rows += rowGroup.RowCount;
        }

        return rows;
    }

    /// <summary>Deletes a file of rows; one that cannot be is left under its .partial name, safe to delete, and the run's own result or error stands.</summary>
    internal static void Delete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Left behind, as the summary says.
        }
    }

    private static string Shorten(string message)
    {
        var line = message.Split('\n')[0].Trim();
        return line.Length <= 300 ? line : line[..300] + "…";
    }

    private static ProfileInputException Refused(string path, string english, string chinese) =>
        new([new InputError(path, 0, 0, "(file)", $"{english} / {chinese}")]);
}

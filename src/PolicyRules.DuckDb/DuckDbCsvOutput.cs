using DuckDB.NET.Data;
using PolicyRules.Bulk;
using PolicyRules.Output;
using PolicyRules.Screening;
using PolicyRules.Sql;
using PolicyRules.Sql.Execution;

namespace PolicyRules.DuckDb;

/// <summary>
/// The results CSV written by DuckDB from the rows file (<c>COPY … TO</c>, every core), not row by row
/// through this process: that took 1.4 s a million rows on one thread after the query, against ~0.4 s.
/// Each line is <see cref="CsvLineSql"/>'s, the bytes <see cref="CsvResultSink"/> writes; the rejects
/// come to this process in input order as before (the rejects file, each checked against this library's
/// reader); the summary's counts come from DuckDB's grouping of the eligibility and failed-criteria
/// cells, its output totals from the values as the streaming writer adds them. Outputs appear whole or
/// not at all (<see cref="OutputFiles"/>).
/// </summary>
internal static class DuckDbCsvOutput
{
    /// <summary>
    /// When the results may be written this way: a CSV file, no application sink (which takes rows one
    /// by one), no population ranking (its rows stream), and LF line ends (DuckDB's).
    /// </summary>
    public static bool Applies(ScreeningSqlQuery query, string? outputPath, ScreeningOptions options) =>
        query.RepeatsLeftToReader && outputPath is not null && outputPath.EndsWith(".csv", StringComparison.OrdinalIgnoreCase)
        && options.Sinks.IsDefaultOrEmpty && Environment.NewLine == "\n";

    /// <summary>
    /// The rows of one part of the results file at least. DuckDB writes a CSV on one thread when it keeps
    /// the rows' order, so the lines are copied as contiguous ranges of rows, a statement per core, each
    /// in order, and the parts joined in order (a million lines: 0.36 s → ~0.2 s on two cores).
    /// </summary>
    internal const long RowsPerPart = 131_072;

    /// <summary>
    /// Writes the results and rejects of <paramref name="rowsFile"/> (the rows query's rows, in input
    /// order, as Parquet); null, having written nothing, when an accepted row repeats an earlier accepted
    /// row's id: the caller streams the rows, rejecting each repeat where it comes. While DuckDB writes
    /// the lines (<paramref name="parts"/> statements, or one per core and <see cref="RowsPerPart"/>),
    /// this thread checks the ids, writes the rejects and counts.
    /// </summary>
    public static ScreeningSummary? Write(DuckDBConnection connection, ScreeningSqlQuery query, string rowsFile, string inputPath, string outputPath, string rejectsPath,
        ISqlRejects rejects, long? expectedRead, Action<long>? progress, ScreeningOptions options, Action? beforeCommit, Action<string>? executed, int? parts = null)
    {
        var rows = $"read_parquet({Literal(rowsFile)}, file_row_number = true)";
        var id = Q(query.Columns[0]);
        var rejected = Q(ScreeningSqlQuery.RejectedColumnsColumn);
        var accepted = $"FROM {rows} WHERE {rejected} IS NULL";
        var programmes = query.Programmes;
        var columns = ResultColumns.For(programmes, options.ColumnNames);
        using var outputs = new OutputFiles([inputPath]);
        var output = outputs.CreateForWriter(outputPath);
        var count = parts ?? (int)Math.Clamp((expectedRead ?? 0) / RowsPerPart, 1, Environment.ProcessorCount);
        var step = Math.Max(1, ((expectedRead ?? 0) + count - 1) / count);
        var files = Enumerable.Range(0, count).Select(i => i == 0 ? output : $"{output[..^".partial".Length]}.{i}.partial").ToArray();
        var line = CsvLineSql.Line(query, columns, options.RawText);
        var copies = new List<Task<long>>(count);
        var commands = new List<DuckDBCommand>(count);
        var connections = new List<DuckDBConnection>(count);
        var committed = false;
        try
        {
            for (var i = 0; i < count; i++)
            {
                var from = i == 0 ? "" : $" AND file_row_number >= {i * step}";
                var to = i == count - 1 ? "" : $" AND file_row_number < {(i + 1) * step}";
                var copy = Command(Duplicate(connection, connections), $"COPY (SELECT {line} {accepted}{from}{to}) TO {Literal(files[i])} ({CsvLineSql.CopyOptions(header: i == 0)})", executed);
                commands.Add(copy);
                copies.Add(Task.Run(() => (long)copy.ExecuteNonQuery()));
            }

            using (var repeats = Command(connection, $"SELECT count(*) FROM (SELECT {id} {accepted} GROUP BY {id} HAVING count(*) > 1)", executed))
            {
                if (Convert.ToInt64(repeats.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) > 0)
                {
                    return null;
                }
            }

            using var rejectsFile = RejectsFile.Open(outputs.Create(rejectsPath));
            long rejectedRows = 0;
            using (var command = Command(connection,
                $"SELECT file_row_number + 1, {id}, {rejected}, {Q(ScreeningSqlQuery.RejectedReasonsColumn)} FROM {rows} WHERE {rejected} IS NOT NULL ORDER BY file_row_number", executed))
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    var reject = new SqlReject(reader.GetInt64(0), reader.IsDBNull(1) ? "" : reader.GetString(1), reader.GetString(2), reader.GetString(3));
                    SqlScreening.WriteReject(reject, rejects, rejectsFile, output: null, options);
                    rejectedRows++;
                }
            }

            rejects.Finish();
            progress?.Invoke(0);
            var counts = new SqlResultWriter.Counts(programmes, ResultColumns.OutputCount(columns));
            var written = Count(connection, query, counts, columns, accepted, executed);
            long copied = 0;
            foreach (var copy in copies)
            {
                copied += copy.GetAwaiter().GetResult();
            }

            if (copied != written)
            {
                throw new InvalidOperationException($"DuckDB wrote {copied} result lines for {written} accepted rows. / DuckDB 为 {written} 条已接收的行写出了 {copied} 行结果。");
            }

            Join(files);
            SqlScreening.CheckRead(expectedRead, written, rejectedRows, inputPath);
            progress?.Invoke(written);
            var summary = counts.Build(written, rejectedRows, rejectsPath, columns);
            rejectsFile.Dispose();
            beforeCommit?.Invoke();
            outputs.Commit();
            committed = true;
            return summary;
        }
        finally
        {
            // A run ended otherwise (a repeated id, fail-fast, an error) stops the copies it will not use;
            // every copy ends before its connection closes and its file goes; a copy's error (or its
            // cancelling) after another has ended the run is not the run's.
            if (!committed)
            {
                foreach (var command in commands)
                {
                    command.Cancel();
                }
            }

            foreach (var copy in copies)
            {
                try
                {
                    copy.Wait();
                }
                catch (AggregateException)
                {
                }
            }

            foreach (var command in commands)
            {
                command.Dispose();
            }

            foreach (var duplicate in connections)
            {
                duplicate.Dispose();
            }

            foreach (var file in files.Skip(1))
            {
                DuckDbRun.Delete(file);
            }
        }
    }

    /// <summary>A connection to <paramref name="connection"/>'s database, for a statement run beside its own.</summary>
    private static DuckDBConnection Duplicate(DuckDBConnection connection, List<DuckDBConnection> opened)
    {
        var duplicate = connection.Duplicate();
        opened.Add(duplicate);
        if (duplicate.State != System.Data.ConnectionState.Open)
        {
            duplicate.Open();
        }

        return duplicate;
    }

    /// <summary>Appends the later parts to the first, in order (DuckDB writes an empty file for a part without lines; a missing one fails the run).</summary>
    private static void Join(string[] files)
    {
        if (files.Length == 1)
        {
            return;
        }

        using var first = new FileStream(files[0], FileMode.Append, FileAccess.Write, FileShare.None, 1 << 20);
        foreach (var file in files.Skip(1))
        {
            using var part = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan);
            part.CopyTo(first);
        }
    }

    /// <summary>
    /// Counts the accepted rows into <paramref name="counts"/> and returns how many there are: each
    /// programme's rows grouped by eligibility and failed criteria (few distinct), its outputs' values
    /// added one by one as the streaming writer adds them (a decimal sum rounds where it must, exactly so).
    /// </summary>
    private static long Count(DuckDBConnection connection, ScreeningSqlQuery query, SqlResultWriter.Counts counts, ResultColumns[] columns, string accepted, Action<string>? executed)
    {
        long written = 0;
        for (var i = 0; i < columns.Length; i++)
        {
            var name = query.Programmes[i].Name;
            long rows = 0;
            using (var command = Command(connection, $"SELECT {Q(name + ".eligible")}, {Q(name + ".failed")}, count(*) {accepted} GROUP BY ALL", executed))
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    var group = reader.GetInt64(2);
                    counts.Add(i, reader.GetBoolean(0), reader.IsDBNull(1) ? "" : reader.GetString(1), group);
                    rows += group;
                }
            }

            written = rows; // the same rows for every programme
            if (columns[i].Outputs.IsEmpty)
            {
                continue;
            }

            var outputs = columns[i].Outputs;
            using (var command = Command(connection, $"SELECT {string.Join(", ", outputs.Select(o => Q(name + "." + o.Name)))} {accepted}", executed))
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    for (var k = 0; k < outputs.Length; k++)
                    {
                        counts.AddOutput(columns[i].OutputOffset + k, reader.IsDBNull(k) ? null : reader.GetDecimal(k));
                    }
                }
            }
        }

        return written;
    }

    private static DuckDBCommand Command(DuckDBConnection connection, string sql, Action<string>? executed)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.UseStreamingMode = true;
        executed?.Invoke(sql);
        return command;
    }

    private static string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static string Q(string name) => SqlDialects.DuckDb.QuoteIdentifier(name);
}

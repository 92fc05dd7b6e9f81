using System.Collections.Immutable;
using System.Data;
using Npgsql;
using PolicyRules.Compilation;
using PolicyRules.Input;
using PolicyRules.Screening;
using PolicyRules.Sql;
using PolicyRules.Sql.Execution;

namespace PolicyRules.PostgreSql;

/// <summary>
/// <c>screen --engine postgres</c>: the compiled rows query (results and rejects in one pass) over a
/// table, in one REPEATABLE READ transaction so that the rows, the row count and the write-back see
/// one snapshot.
/// Rows are numbered in id order (ordinal), a table having no order of its own; rows with the same id
/// (the later ones rejected) in the order the table stores them (<see cref="SameIdOrder"/>). Errors
/// never quote the connection string.
/// </summary>
internal static class PostgresRun
{
    public static ScreeningSummary Run(string connectionString, string table, string? outputPath, Func<ResultColumns[], IResultSink>? openStream, string rejectsPath,
        IReadOnlyList<CompiledProgramme> programmes, DateOnly asOf, PostgresWriteBack? writeBack, Action<long>? progress, ScreeningOptions options)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(programmes);
        if (programmes.Count == 0)
        {
            throw new ArgumentException("Name at least one programme. / 请至少指定一个项目。", nameof(programmes));
        }

        var dialect = SqlDialects.PostgreSql;
        var quoted = QuoteTable(table);
        var schema = programmes[0].Schema;
        var id = dialect.QuoteIdentifier(schema.IdField.Name);
        NpgsqlConnectionStringBuilder settings;
        try
        {
            settings = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException ex)
        {
            // A malformed connection string: Npgsql names the keyword, and the value is not repeated here.
            var keyword = ex.Message.Split('\n')[0];
            throw new SqlScreeningException($"The connection string is not valid ({keyword}): write it as Host=…;Port=…;Database=…;Username=… / 连接字符串无效（{keyword}）：应写作 Host=…;Port=…;Database=…;Username=…");
        }

        var password = settings.Password;
        try
        {
            using var connection = new NpgsqlConnection(settings.ConnectionString);
            connection.Open();
            using var transaction = connection.BeginTransaction(IsolationLevel.RepeatableRead);
            if (Scalar(connection, transaction, "SELECT to_regclass(@name)::text", table) is null)
            {
                throw new ProfileInputException([new InputError(table, 0, 0, "(table)", $"no table or view {table} in this database / 数据库中没有表或视图 {table}")]);
            }

            var order = SameIdOrder(Scalar(connection, transaction, "SELECT relkind::text FROM pg_class WHERE oid = to_regclass(@name)", table) as string);
            var query = SqlScreening.Compile(programmes, asOf, dialect, $"(SELECT * FROM {quoted} AS records ORDER BY CAST({id} AS TEXT) COLLATE \"C\", {order}) AS records", options);
            CheckColumns(connection, transaction, quoted, table, query.InputColumns);
            if (writeBack is not null && !writeBack.Replace && Scalar(connection, transaction, "SELECT to_regclass(@name)::text", writeBack.Table) is not null)
            {
                throw new SqlScreeningException($"{writeBack.Table} exists: name a new table, or add --replace (PostgresWriteBack.Replace) to replace it. / {writeBack.Table} 已存在：请另取表名，或加 --replace（PostgresWriteBack.Replace）替换。");
            }

            var rows = Convert.ToInt64(Scalar(connection, transaction, $"SELECT count(*) FROM {quoted}", null), System.Globalization.CultureInfo.InvariantCulture);
            var rowsQuery = query.Rows;
            if (writeBack is not null)
            {
                // Screened once into a temporary table that the files and the written table are both made
                // from: the rows query for the files and the results query for the table screened every row twice.
                Execute(connection, transaction, $"CREATE TEMPORARY TABLE {Screened} ON COMMIT DROP AS SELECT row_number() OVER () AS {ScreenedRow}, * FROM (\n{query.Rows}\n) AS screened");
                var columns = query.Columns.Append(ScreeningSqlQuery.RejectedColumnsColumn).Append(ScreeningSqlQuery.RejectedReasonsColumn).Select(dialect.QuoteIdentifier);
                rowsQuery = $"SELECT {string.Join(", ", columns)} FROM {Screened} ORDER BY {ScreenedRow}";
            }

            NpgsqlCommand? results = null;
            using var rejects = new ReportedRejects(table);
            try
            {
                return SqlScreening.WriteOutputs(query, [], outputPath, openStream, rejectsPath, () =>
                {
                    results = new NpgsqlCommand(rowsQuery, connection, transaction);
                    return results.ExecuteReader();
                }, rejects, rows, table, progress, options, () =>
                {
                    results?.Dispose();
                    if (writeBack is not null)
                    {
                        WriteBack(connection, transaction, query, writeBack, options.ColumnNames);
                    }

                    transaction.Commit(); // the table first: should it fail, no file appears either
                });
            }
            finally
            {
                results?.Dispose();
            }
        }
        catch (NpgsqlException ex)
        {
            var message = Redact(ex.Message, password);
            throw new SqlScreeningException($"PostgreSQL: {message}; nothing was written. / PostgreSQL：{message}；未写出任何结果。");
        }
    }

    /// <summary>Creates <see cref="PostgresWriteBack.Table"/> with the result columns (NUMERIC scores, BOOLEAN, TEXT), in the run's transaction.</summary>
    private static void WriteBack(NpgsqlConnection connection, NpgsqlTransaction transaction, ScreeningSqlQuery query, PostgresWriteBack writeBack, ResultColumnNames names)
    {
        var dialect = query.Dialect;
        var target = QuoteTable(writeBack.Table);
        // Scores and declared outputs as NUMERIC whatever the expression's type (integer points, say): exact, one type per kind of column.
        var numeric = query.Programmes.SelectMany(p => p.Definition.Outputs.Select(o => p.Name + "." + o.Name).Append(p.Name + ".score")).ToHashSet(StringComparer.Ordinal);
        var select = string.Join(", ", query.Columns.Select(c => (numeric.Contains(c) ? $"CAST({dialect.QuoteIdentifier(c)} AS NUMERIC)" : dialect.QuoteIdentifier(c))
            + " AS " + dialect.QuoteIdentifier(names == ResultColumnNames.Underscore ? c.Replace('.', '_') : c)));
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        var accepted = $"SELECT * FROM {Screened} WHERE {dialect.QuoteIdentifier(ScreeningSqlQuery.RejectedColumnsColumn)} IS NULL ORDER BY {ScreenedRow}";
        command.CommandText = (writeBack.Replace ? $"DROP TABLE IF EXISTS {target};\n" : "") + $"CREATE TABLE {target} AS SELECT {select} FROM (\n{accepted}\n) AS results";
        command.ExecuteNonQuery();
    }

    /// <summary>The temporary table a run with a write-back screens into (dropped at commit), and its column of input order.</summary>
    private const string Screened = "policyrules_screened";

    private const string ScreenedRow = "\"$screened_row\"";

    private static void Execute(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection, transaction);
        command.ExecuteNonQuery();
    }

    private static void CheckColumns(NpgsqlConnection connection, NpgsqlTransaction transaction, string quoted, string table, ImmutableArray<string> needed)
    {
        using var command = new NpgsqlCommand($"SELECT * FROM {quoted} LIMIT 0", connection, transaction);
        using var reader = command.ExecuteReader();
        var present = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToHashSet(StringComparer.Ordinal);
        var missing = needed.Where(n => !present.Contains(n)).ToList();
        if (missing.Count > 0)
        {
            throw new ProfileInputException([.. missing.Select(m => new InputError(table, 0, 0, m, "the table has no such column, which the programmes read / 表中缺少所选项目读取的该列"))]);
        }
    }

    /// <summary>
    /// How rows with the same id are ordered, so that the first — the one kept — is the same in every run
    /// over an unchanged table: where the table stores them (<c>ctid</c>: the order rows were loaded in,
    /// for a table filled once), partition by partition for a partitioned table; a view or a foreign table
    /// has no such place, and its rows are ordered by their whole text.
    /// </summary>
    private static string SameIdOrder(string? relkind) => relkind switch
    {
        "r" or "m" => "records.ctid",
        "p" => "records.tableoid, records.ctid",
        _ => "CAST(records AS TEXT) COLLATE \"C\"",
    };

    private static object? Scalar(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, string? name)
    {
        using var command = new NpgsqlCommand(sql, connection, transaction);
        if (name is not null)
        {
            command.Parameters.AddWithValue("name", QuoteTable(name));
        }

        var value = command.ExecuteScalar();
        return value is DBNull ? null : value;
    }

    /// <summary>A table name as typed (<c>schema.table</c> allowed), each part quoted: never SQL of the user's.</summary>
    internal static string QuoteTable(string table) => string.Join(".", table.Split('.').Select(SqlDialects.PostgreSql.QuoteIdentifier));

    /// <summary>The message without the password, should a server or driver ever echo it.</summary>
    internal static string Redact(string message, string? password) =>
        string.IsNullOrEmpty(password) ? message : message.Replace(password, "***", StringComparison.Ordinal);
}

using DuckDB.NET.Data;
using PolicyRules.Input;
using PolicyRules.Sql;

namespace PolicyRules.DuckDb;

/// <summary>
/// A Parquet STRING cell with ASCII spaces around it, in a column the query reads, refuses the run,
/// naming its row and column, as the CSV preflight refuses such a cell (<see cref="CsvPreflight"/>): the
/// .NET Parquet reader reads a cell as written (<c>" 5"</c> or <c>"true "</c> is a reject, an id keeps
/// its spaces), while the query trims every text as the CSV reader trims an unquoted cell.
/// </summary>
internal static class ParquetSpacedText
{
    /// <summary>Refuses the file when a cell of <paramref name="columns"/> (its STRING columns the query reads) starts or ends with a space; the first such row is named.</summary>
    /// <exception cref="ProfileInputException">Such a cell, with its row and column.</exception>
    public static void Refuse(DuckDBConnection connection, string inputPath, IReadOnlyList<string> columns, Action<string>? executed)
    {
        if (columns.Count == 0)
        {
            return;
        }

        var dialect = SqlDialects.DuckDb;
        // A cell of spaces alone is blank to both (a blank id is a reject in both); only text with spaces around it differs.
        string Spaced(string column)
        {
            var c = dialect.QuoteIdentifier(column);
            return $"((starts_with({c}, ' ') OR ends_with({c}, ' ')) AND trim({c}, ' ') <> '')";
        }

        var which = "CASE " + string.Join(" ", columns.Select(c => $"WHEN {Spaced(c)} THEN {ExpressionTranslator.Quote(c)}")) + " END";
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT file_row_number + 1, {which} FROM read_parquet('{inputPath.Replace("'", "''", StringComparison.Ordinal)}', file_row_number = true) "
            + $"WHERE {string.Join(" OR ", columns.Select(Spaced))} ORDER BY file_row_number LIMIT 1";
        executed?.Invoke(command.CommandText);
        using var reader = command.ExecuteReader();
        if (reader.Read())
        {
            var row = (int)Math.Min(reader.GetInt64(0), int.MaxValue);
            throw new ProfileInputException([new InputError(inputPath, row, 0, reader.GetString(1),
                "a text with spaces around it: this library's Parquet reader reads it as written (a number, date, true/false or choice with spaces is a reject, an id keeps them), the query would trim them. Screen the file with --engine dotnet, or remove the spaces / "
                + "该单元格文本前后带空格：本程序的 Parquet 读取器按原样读取（带空格的数值、日期、真假值或选项即拒收，id 保留空格），查询则会去掉空格。请使用 --engine dotnet 筛查，或删除这些空格")]);
        }
    }
}

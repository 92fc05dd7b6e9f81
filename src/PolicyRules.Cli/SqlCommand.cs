using System.CommandLine;
using PolicyRules.Rules;
using PolicyRules.Sql;

namespace PolicyRules.Cli;

/// <summary>
/// <c>policyrules sql</c>: prints the one SELECT that screens a table of records inside DuckDB or
/// PostgreSQL, with the columns <c>screen</c> writes (docs/sql.md). A construct that has no exact
/// translation is a diagnostic at its rule file's line and column, and no SQL is printed.
/// </summary>
internal static class SqlCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var programmes = Vocabulary.Programmes("Comma-separated programmes (default: every enterprise programme). / 逗号分隔的项目列表（默认全部企业项目）");
        var dialect = new Option<string>("--dialect") { Description = "SQL dialect: duckdb or postgres. / SQL 方言：duckdb 或 postgres", DefaultValueFactory = _ => "duckdb" };
        var table = new Option<string>("--table") { Description = "The table of records (schema.table allowed), default 'records'. / 记录表名（可写作 schema.table），默认 'records'", DefaultValueFactory = _ => "records" };
        var rejects = new Option<bool>("--rejects") { Description = "Print the query that lists the rows whose values cannot be read (id, columns, reasons) instead. / 改为输出列出无法读取的行（id、列、原因）的查询" };
        var asOf = PolicyRulesCli.AsOfOption();
        var rules = PolicyRulesCli.RulesOption();
        var command = new Command("sql", "Print the SQL that screens a table in DuckDB or PostgreSQL, with the columns of 'policyrules screen'. / 输出在 DuckDB 或 PostgreSQL 中筛查表的 SQL，结果列与 'policyrules screen' 相同。")
        {
            programmes, dialect, table, rejects, asOf, rules,
        };
        command.SetAction(parse => PolicyRulesCli.ReportingInputErrors(stderr, () =>
            Run(Vocabulary.Programmes(parse, programmes, stderr), parse.GetValue(dialect)!, parse.GetValue(table)!, parse.GetValue(rejects), parse.GetValue(asOf), PolicyRulesCli.GetRules(parse, rules), stdout, stderr)));
        return command;
    }

    private static int Run(string? programmes, string dialectName, string table, bool rejects, string? asOfText, string[]? rules, TextWriter stdout, TextWriter stderr)
    {
        if (SqlDialects.Find(dialectName) is not { } dialect)
        {
            stderr.WriteLine($"--dialect '{dialectName}' is not one of duckdb, postgres. / --dialect '{dialectName}' 不是 duckdb 或 postgres。");
            return ExitCodes.BadInput;
        }

        if (!PolicyRulesCli.TryParseAsOf(asOfText, stderr, out var asOf) || PolicyRulesCli.LoadEngine(rules, stderr) is not { } engine)
        {
            return ExitCodes.BadInput;
        }

        var names = programmes is null
            ? engine.Programmes.Where(p => engine.GetVersions(p)[0].Input == "Enterprise").ToArray()
            : programmes.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (names.Length == 0)
        {
            stderr.WriteLine($"The rules ({string.Join(", ", rules ?? ["(bundled)"])}) hold no enterprise programme to write SQL for; name one with --programmes. / 规则（{string.Join("、", rules ?? ["(bundled)"])}）中没有可生成 SQL 的企业项目，请用 --programmes 指定。");
            return ExitCodes.BadInput;
        }

        var query = ScreeningSql.Compile(engine, names, asOf, dialect, new ScreeningSqlOptions { From = QuoteTable(dialect, table) });
        if (!query.Success)
        {
            foreach (var diagnostic in query.Diagnostics)
            {
                stderr.WriteLine(diagnostic);
            }

            stderr.WriteLine("No SQL: screen these programmes with the .NET engine (policyrules screen). / 无法生成 SQL，请使用 .NET 引擎筛查。");
            return ExitCodes.BadInput;
        }

        stdout.WriteLine((rejects ? query.Rejects : query.Results) + ";");
        return ExitCodes.Ok;
    }

    /// <summary>A table name as typed (<c>schema.table</c> allowed), each part quoted: never SQL of the user's.</summary>
    internal static string QuoteTable(ISqlDialect dialect, string table) =>
        string.Join(".", table.Split('.').Select(dialect.QuoteIdentifier));
}

using System.CommandLine;
using System.Text;
using PolicyRules.Compilation;
using PolicyRules.Screening;
using PolicyRules.DuckDb;
using PolicyRules.PostgreSql;

namespace PolicyRules.Cli;

/// <summary>
/// <c>screen --engine dotnet|duckdb|postgres</c>: who runs the programmes. <c>duckdb</c> runs the
/// compiled SQL over the input file in embedded DuckDB; <c>postgres</c> over a table
/// (<c>--connection</c>, <c>--table</c>), optionally creating a results table (<c>--write-table</c>).
/// The outputs are the same files either way (docs/sql.md).
/// </summary>
internal sealed class ScreenEngines
{
    public const string DotNet = "dotnet";
    public const string DuckDb = "duckdb";
    public const string Postgres = "postgres";

    /// <summary>The environment variable read when <c>--connection</c> is not given, so a password need not be on the command line.</summary>
    public const string ConnectionVariable = "POLICYRULES_CONNECTION";

    private readonly Option<string> _engine = new("--engine")
    {
        Description = "Who screens: dotnet (default), duckdb (embedded, the compiled SQL over the CSV or Parquet input) or postgres (a table in place). / 筛查引擎：dotnet（默认）、duckdb（嵌入式，对 CSV 或 Parquet 输入运行编译出的 SQL）或 postgres（就地筛查表）",
        DefaultValueFactory = _ => DotNet,
    };

    private readonly Option<string?> _connection = new("--connection")
    {
        Description = $"With --engine postgres: Npgsql's connection string (default: the {ConnectionVariable} environment variable); never printed. / 使用 --engine postgres 时 Npgsql 的连接字符串（默认取环境变量 {ConnectionVariable}），不会被输出",
    };

    private readonly Option<string?> _table = new("--table") { Description = "With --engine postgres: the table (or view) of records, schema.table allowed. / 使用 --engine postgres 时的记录表（或视图），可写作 schema.table" };

    private readonly Option<string?> _writeTable = new("--write-table") { Description = "With --engine postgres: also create this table with the results, in the same transaction. / 使用 --engine postgres 时，另在同一事务中创建该表写入结果" };

    private readonly Option<bool> _replace = new("--replace") { Description = "With --write-table: replace the table when it exists. / 使用 --write-table 时，该表已存在则替换" };

    public ScreenEngines() => _engine.AcceptOnlyFromAmong(DotNet, DuckDb, Postgres);

    public void AddTo(Command command)
    {
        command.Add(_engine);
        command.Add(_connection);
        command.Add(_table);
        command.Add(_writeTable);
        command.Add(_replace);
    }

    public Choice Get(ParseResult parse) => new(parse.GetValue(_engine) ?? DotNet, parse.GetValue(_connection) ?? Environment.GetEnvironmentVariable(ConnectionVariable),
        parse.GetValue(_table), parse.GetValue(_writeTable), parse.GetValue(_replace));

    /// <summary>The engine chosen and its settings.</summary>
    public sealed record Choice(string Engine, string? Connection, string? Table, string? WriteTable, bool Replace)
    {
        public bool IsDotNet => Engine == DotNet;

        public bool IsPostgres => Engine == Postgres;

        /// <summary>Checks the options that go together, before anything is read; the message says what to change.</summary>
        public bool Validate(string? input, bool report, bool targets, TextWriter stderr)
        {
            string? problem = null;
            if (IsPostgres)
            {
                if (input is not null)
                {
                    problem = "--engine postgres screens a table in place: give --table NAME instead of --input. / --engine postgres 就地筛查表：请用 --table NAME（表名）代替 --input。";
                }
                else if (string.IsNullOrWhiteSpace(Table))
                {
                    problem = "--engine postgres needs --table NAME (the table of records). / --engine postgres 需要 --table NAME（记录表名）。";
                }
                else if (string.IsNullOrWhiteSpace(Connection))
                {
                    problem = $"--engine postgres needs --connection \"Host=…;Database=…;Username=…\" or the {ConnectionVariable} environment variable. / --engine postgres 需要 --connection \"Host=…;Database=…;Username=…\" 或环境变量 {ConnectionVariable}。";
                }
            }
            else if (input is null)
            {
                problem = "--input FILE is required (or --engine postgres --table NAME). / 需要 --input FILE（或 --engine postgres --table NAME）。";
            }
            else if (Table is not null || WriteTable is not null)
            {
                problem = "--table and --write-table go with --engine postgres. / --table 与 --write-table 仅用于 --engine postgres。";
            }

            if (problem is null && Replace && WriteTable is null)
            {
                problem = "--replace goes with --write-table NAME. / --replace 需与 --write-table NAME（表名）一起使用。";
            }

            if (problem is null && !IsDotNet && (report || targets))
            {
                problem = $"--report and --targets are the .NET engine's: leave out --engine {Engine}, or screen without them. / --report 与 --targets 仅由 .NET 引擎计算：请去掉 --engine {Engine}，或不使用这两个选项。";
            }

            if (problem is not null)
            {
                stderr.WriteLine(problem);
                return false;
            }

            return true;
        }

        /// <summary>Runs the SQL engine into <paramref name="output"/> (and its rejects file), or to standard output with the rejects in <paramref name="rejects"/>.</summary>
        public ScreeningSummary Run(TextWriter stdout, string inputPath, string output, string? rejects, IReadOnlyList<CompiledProgramme> programmes, DateOnly asOf, Action<long> progress, ScreeningOptions options)
        {
            if (output != Pipeline.Standard)
            {
                return IsPostgres
                    ? PostgresRun.Run(Connection!, Table!, output, null, ScreeningJob.RejectsPathFor(output), programmes, asOf, WriteBack, progress, options)
                    : DuckDbRun.Run(inputPath, output, null, ScreeningJob.RejectsPathFor(output), programmes, asOf, progress, options);
            }

            using var buffered = ReferenceEquals(stdout, Console.Out)
                ? new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 1 << 16)
                : null;
            var writer = buffered ?? stdout;
            IResultSink Open(ResultColumns[] columns) => new CsvResultSink(writer, columns, options.RawText);
            var summary = IsPostgres
                ? PostgresRun.Run(Connection!, Table!, null, Open, rejects!, programmes, asOf, WriteBack, progress, options)
                : DuckDbRun.Run(inputPath, null, Open, rejects!, programmes, asOf, progress, options);
            writer.Flush();
            return summary;
        }

        private PostgresWriteBack? WriteBack => WriteTable is null ? null : new PostgresWriteBack(WriteTable) { Replace = Replace };
    }
}

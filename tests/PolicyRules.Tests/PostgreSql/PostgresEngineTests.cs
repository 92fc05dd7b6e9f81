using Npgsql;
using PolicyRules.Cli.Generation;
using PolicyRules.Input;
using PolicyRules.Model;
using PolicyRules.PostgreSql;
using PolicyRules.Screening;
using PolicyRules.Sql;
using PolicyRules.Tests.Sql;

namespace PolicyRules.Tests.PostgreSql;

/// <summary>
/// <c>screen --engine postgres</c> on a real server: a table screened in place gives the results file
/// of the .NET engine (rows in id order), its unreadable rows in the rejects file, read = written +
/// rejected; <c>--write-table</c> creates the results table (NUMERIC scores) in the same transaction,
/// refuses an existing table without <c>--replace</c>, and writes no file when it fails; a password
/// never appears in an error. Without a server the tests return early, unless POLICYRULES_REQUIRE_POSTGRES=1.
/// </summary>
public sealed class PostgresEngineTests(PostgresFixture fixture) : IClassFixture<PostgresFixture>, IDisposable
{
    private static readonly PolicyEngine Engine = PolicyEngine.LoadDirectory(TestProfiles.RulesDirectory);
    private static readonly DateOnly AsOf = SyntheticProfiles.AsOf;
    private readonly string _directory = Directory.CreateTempSubdirectory("policyrules-pgengine-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Out(string name) => Path.Combine(_directory, name);

    private static List<PolicyRules.Compilation.CompiledProgramme> Programmes() =>
        [.. SqlParity.EnterpriseProgrammes(Engine).Select(n => Engine.GetProgramme(n, AsOf))];

    private bool Available()
    {
        if (fixture.Server is not null)
        {
            return true;
        }

        Assert.False(PostgresServer.Required, "POLICYRULES_REQUIRE_POSTGRES=1 but no server could start: " + fixture.WhyNot);
        return false;
    }

    /// <summary>Generated records in id order (a table's order here), with unreadable values in a few rows; the CSV and the table (text, and typed).</summary>
    private string Load(NpgsqlConnection connection, string table, int rows, bool badCells)
    {
        var profiles = SyntheticProfiles.Generate(rows, seed: 1616).OrderBy(p => p.Id, StringComparer.Ordinal).ToList();
        var csv = SqlParity.WriteCsv(profiles, _directory);
        if (badCells)
        {
            var lines = File.ReadAllLines(csv);
            var header = lines[0].Split(',');
            // U+FFFD in a cell, which the CSV reader rejects whatever the kind (it may stand for a byte it could
            // not decode): after an id (null: the rows keep their id order) and in a number.
            foreach (var (line, column, value) in new (int, string, string?)[] { (5, "revenueY1", "1.005"), (50, "registrationDate", "2023-02-30"), (77, "employees", "-1"), (120, "residentInMainland", "yes"), (200, "revenueY2", ""), (250, "id", null), (280, "revenueY1", "12\uFFFD5") })
            {
                if (line >= lines.Length)
                {
                    continue;
                }

                var cells = lines[line].Split(',');
                var at = Array.IndexOf(header, column);
                cells[at] = value ?? cells[at] + "\uFFFD";
                lines[line] = string.Join(',', cells);
            }

            File.WriteAllLines(csv, lines);
        }

        PostgresParityTests.LoadText(connection, csv, table, typed: !badCells); // text columns only with bad cells: a typed copy could not hold them

        return csv;
    }

    [Fact]
    public void A_table_screened_in_place_gives_the_results_file_of_the_NET_engine_and_its_unreadable_rows_as_rejects()
    {
        if (!Available())
        {
            return;
        }

        using var connection = fixture.Server!.Connect();
        var csv = Load(connection, "engine_records", 2000, badCells: true);
        var expected = ScreeningJob.Run(csv, Out("dotnet.csv"), Programmes(), AsOf);
        var actual = PostgresScreening.Run(fixture.Server.ConnectionString, "engine_records", Out("pg.csv"), Programmes(), AsOf);
        Assert.Equal(actual.Read, actual.Written + actual.Rejected);
        Assert.Equal(expected.Written, actual.Written);
        Assert.Equal(7, actual.Rejected);
        Assert.Equal(expected.Programmes, actual.Programmes, (a, b) => a.Programme == b.Programme && a.Eligible == b.Eligible && a.FailuresByCriterion.SequenceEqual(b.FailuresByCriterion));
        EngineOutputs.AssertSame(Out("dotnet.csv"), Out("pg.csv"));
        var rejects = File.ReadAllLines(Out("pg.csv.rejects.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Equal(File.ReadAllLines(Out("dotnet.csv.rejects.csv")).Skip(1).Select(l => l.Split(',')[2]), rejects.Select(r => r[2]));
        Assert.Equal(["revenueY1", "registrationDate", "employees", "residentInMainland", "revenueY2", "id", "revenueY1"], rejects.OrderBy(r => int.Parse(r[0], System.Globalization.CultureInfo.InvariantCulture)).Select(r => r[3]));
    }

    [Fact]
    public void A_typed_table_gives_the_same_results_file_as_the_NET_engine()
    {
        if (!Available())
        {
            return;
        }

        using var connection = fixture.Server!.Connect();
        var csv = Load(connection, "clean_records", 2000, badCells: false);
        ScreeningJob.Run(csv, Out("dotnet.jsonl"), Programmes(), AsOf);
        foreach (var table in new[] { "clean_records", "clean_records_typed" })
        {
            var summary = PostgresScreening.Run(fixture.Server.ConnectionString, table, Out(table + ".jsonl"), Programmes(), AsOf);
            Assert.Equal(2000, summary.Written);
            EngineOutputs.AssertSame(Out("dotnet.jsonl"), Out(table + ".jsonl"));
        }
    }

    [Fact]
    public void Write_table_creates_the_results_in_the_same_transaction_and_an_existing_table_needs_replace()
    {
        if (!Available())
        {
            return;
        }

        using var connection = fixture.Server!.Connect();
        Load(connection, "wb_records", 300, badCells: true);
        PostgresParityTests.Execute(connection, "DROP TABLE IF EXISTS wb_results");
        var summary = PostgresScreening.Run(fixture.Server.ConnectionString, "wb_records", Out("first.csv"), Programmes(), AsOf, new PostgresWriteBack("wb_results"));
        Assert.Equal(summary.Written, Count(connection, "SELECT count(*) FROM wb_results"));
        Assert.Equal("numeric", Text(connection, "SELECT data_type FROM information_schema.columns WHERE table_name = 'wb_results' AND column_name = 'TechBasedSme.score'"));
        Assert.Equal("boolean", Text(connection, "SELECT data_type FROM information_schema.columns WHERE table_name = 'wb_results' AND column_name = 'HighTechEnterprise.eligible'"));
        var eligible = summary.Programmes.Single(p => p.Programme == "TechBasedSme").Eligible;
        Assert.Equal(eligible, Count(connection, "SELECT count(*) FROM wb_results WHERE \"TechBasedSme.eligible\""));

        var refused = Assert.Throws<SqlScreeningException>(() => PostgresScreening.Run(fixture.Server.ConnectionString, "wb_records", Out("second.csv"), Programmes(), AsOf, new PostgresWriteBack("wb_results")));
        Assert.Contains("--replace", refused.Message, StringComparison.Ordinal);
        Assert.Contains("已存在", refused.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Out("second.csv")));

        PostgresParityTests.Execute(connection, "DELETE FROM wb_results");
        PostgresScreening.Run(fixture.Server.ConnectionString, "wb_records", Out("third.csv"), Programmes(), AsOf, new PostgresWriteBack("wb_results") { Replace = true }, options: new ScreeningOptions { ColumnNames = ResultColumnNames.Underscore });
        Assert.Equal(summary.Written, Count(connection, "SELECT count(*) FROM wb_results WHERE \"TechBasedSme_eligible\" IS NOT NULL"));
    }

    [Fact]
    public void A_run_with_a_write_back_writes_the_same_files_as_one_without_and_the_table_holds_the_results_query_rows_in_order()
    {
        if (!Available())
        {
            return;
        }

        using var connection = fixture.Server!.Connect();
        Load(connection, "once_records", 400, badCells: true);
        PostgresParityTests.Execute(connection, "DROP TABLE IF EXISTS once_results");
        var plain = PostgresScreening.Run(fixture.Server.ConnectionString, "once_records", Out("plain.csv"), Programmes(), AsOf);
        var written = PostgresScreening.Run(fixture.Server.ConnectionString, "once_records", Out("written.csv"), Programmes(), AsOf, new PostgresWriteBack("once_results"));
        Assert.Equal((plain.Written, plain.Rejected), (written.Written, written.Rejected));
        EngineOutputs.AssertSame(Out("plain.csv"), Out("written.csv"));
        Assert.Equal(File.ReadAllLines(Out("plain.csv.rejects.csv")), File.ReadAllLines(Out("written.csv.rejects.csv")));

        // The table: the rows of the results query, every column, in input order.
        var query = ScreeningSql.Compile(Programmes(), AsOf, SqlDialects.PostgreSql, new ScreeningSqlOptions { From = "(SELECT * FROM once_records ORDER BY id COLLATE \"C\") AS records" });
        var columns = string.Join(", ", query.Columns.Select(SqlDialects.PostgreSql.QuoteIdentifier));
        Assert.Equal(Rows(connection, $"SELECT {columns} FROM ({query.Results}) AS results"), Rows(connection, $"SELECT {columns} FROM once_results"));
        Assert.Equal(written.Written, Rows(connection, "SELECT * FROM once_results").Count);
    }

    /// <summary>Every row of a query, each as its values' text.</summary>
    private static List<string> Rows(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection);
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            rows.Add(string.Join("|", Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "NULL" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
        }

        return rows;
    }

    [Fact]
    public void A_write_back_that_fails_leaves_no_file_and_no_table()
    {
        if (!Available())
        {
            return;
        }

        using var connection = fixture.Server!.Connect();
        Load(connection, "fail_records", 50, badCells: false);
        var error = Assert.Throws<SqlScreeningException>(() => PostgresScreening.Run(fixture.Server.ConnectionString, "fail_records", Out("r.csv"), Programmes(), AsOf, new PostgresWriteBack("no_such_schema.results")));
        Assert.Contains("no_such_schema", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Out("r.csv")));
        Assert.False(File.Exists(Out("r.csv.rejects.csv")));
        Assert.Empty(Directory.GetFiles(_directory, "*.partial"));
    }

    [Fact]
    public void A_missing_table_or_column_is_named_and_nothing_is_written()
    {
        if (!Available())
        {
            return;
        }

        using var connection = fixture.Server!.Connect();
        var missing = Assert.Throws<ProfileInputException>(() => PostgresScreening.Run(fixture.Server.ConnectionString, "no_such_table", Out("r.csv"), Programmes(), AsOf));
        Assert.Contains("no_such_table", missing.Errors[0].Reason, StringComparison.Ordinal);
        PostgresParityTests.Execute(connection, "DROP TABLE IF EXISTS narrow; CREATE TABLE narrow (id TEXT, \"revenueY1\" TEXT)");
        var narrow = Assert.Throws<ProfileInputException>(() => PostgresScreening.Run(fixture.Server.ConnectionString, "narrow", Out("r.csv"), Programmes(), AsOf));
        Assert.Contains(narrow.Errors, e => e.Column == "employees");
        Assert.False(File.Exists(Out("r.csv")));
    }

    [Fact]
    public void A_password_in_the_connection_string_never_appears_in_an_error()
    {
        const string Password = "s3cret-Pw-16e";
        var closed = $"Host=127.0.0.1;Port=1;Username=postgres;Password={Password};Timeout=3";
        var error = Assert.Throws<SqlScreeningException>(() => PostgresScreening.Run(closed, "t", Out("r.csv"), Programmes(), AsOf));
        Assert.DoesNotContain(Password, error.ToString(), StringComparison.Ordinal);
        var (exit, output, err) = Cli.Cli.Run("screen", "--engine", "postgres", "--connection", closed, "--table", "t", "--output", Out("r.csv"), "--rules", TestProfiles.RulesDirectory);
        Assert.Equal(2, exit);
        Assert.Contains("PostgreSQL", err, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, err + output, StringComparison.Ordinal);
        Assert.False(File.Exists(Out("r.csv")));
        var malformed = Assert.Throws<SqlScreeningException>(() => PostgresScreening.Run($"Host=127.0.0.1;Password={Password};NoSuchKeyword=1", "t", Out("r.csv"), Programmes(), AsOf));
        Assert.DoesNotContain(Password, malformed.ToString(), StringComparison.Ordinal);
        Assert.Contains("连接字符串无效", malformed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Postgres_options_that_do_not_go_together_are_refused_in_both_languages()
    {
        var sample = Path.Combine(TestProfiles.RulesDirectory, "..", "samples", "enterprises.csv");
        var withInput = Cli.Cli.Run("screen", "--engine", "postgres", "--input", sample, "--table", "t", "--connection", "Host=x", "--output", Out("r.csv"));
        Assert.Equal(2, withInput.Exit);
        Assert.Contains("--table", withInput.Err, StringComparison.Ordinal);
        Assert.Contains("请用 --table", withInput.Err, StringComparison.Ordinal);
        var noTable = Cli.Cli.Run("screen", "--engine", "postgres", "--connection", "Host=x", "--output", Out("r.csv"));
        Assert.Equal(2, noTable.Exit);
        Assert.Contains("--table NAME", noTable.Err, StringComparison.Ordinal);
        var replace = Cli.Cli.Run("screen", "--engine", "postgres", "--connection", "Host=x", "--table", "t", "--replace", "--output", Out("r.csv"));
        Assert.Equal(2, replace.Exit);
        Assert.Contains("--write-table", replace.Err, StringComparison.Ordinal);
    }

    /// <summary>The README's PostgreSQL command, as written, with the connection in POLICYRULES_CONNECTION as the README says.</summary>
    [Fact]
    public void The_readme_postgres_command_runs_as_written()
    {
        if (!Available())
        {
            return;
        }

        const string Prefix = "dotnet run --project src/PolicyRules.Cli -- ";
        var command = MarkdownBlocks.Read(MarkdownBlocks.ReadmePath).Where(b => b.Language == "sh").SelectMany(b => b.Commands)
            .Single(c => c.Contains("--engine postgres", StringComparison.Ordinal));
        using var connection = fixture.Server!.Connect();
        PostgresParityTests.LoadText(connection, Path.Combine(TestProfiles.RulesDirectory, "..", "samples", "enterprises.csv"), "enterprises");
        PostgresParityTests.Execute(connection, "DROP TABLE IF EXISTS screening_2025");
        var words = MarkdownBlocks.Words(command[Prefix.Length..]);
        var output = Array.IndexOf(words, "--output");
        words[output + 1] = Out(Path.GetFileName(words[output + 1])); // out/… in a scratch folder
        Environment.SetEnvironmentVariable("POLICYRULES_CONNECTION", fixture.Server.ConnectionString);
        try
        {
            var (exit, stdout, err) = Cli.Cli.Run([.. words, "--rules", TestProfiles.RulesDirectory]);
            Assert.True(exit == 0, err);
            Assert.Contains("Read 1000 rows = written 1000 + rejected 0", stdout, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable("POLICYRULES_CONNECTION", null);
        }

        Assert.Equal(1000, Count(connection, "SELECT count(*) FROM screening_2025"));
    }

    private static long Count(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string? Text(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection);
        return command.ExecuteScalar() as string;
    }
}

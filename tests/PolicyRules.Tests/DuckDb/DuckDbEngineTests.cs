using PolicyRules.Cli.Generation;
using PolicyRules.DuckDb;
using PolicyRules.Input;
using PolicyRules.Model;
using PolicyRules.Screening;

namespace PolicyRules.Tests.DuckDb;

/// <summary>
/// <c>screen --engine duckdb</c> writes the files <c>--engine dotnet</c> writes, for the bundled sample
/// and for generated files with unreadable cells, in every output format; and an input DuckDB would
/// read differently (not UTF-8, a row of the wrong width, an empty line, an over-long row, floating
/// point Parquet) is refused with the file, the reason and <c>--engine dotnet</c>, writing nothing.
/// </summary>
public sealed class DuckDbEngineTests : IDisposable
{
    private static readonly PolicyEngine Engine = PolicyEngine.LoadDirectory(TestProfiles.RulesDirectory);
    private static readonly DateOnly AsOf = SyntheticProfiles.AsOf;
    private readonly string _directory = Directory.CreateTempSubdirectory("policyrules-duckengine-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static List<PolicyRules.Compilation.CompiledProgramme> Programmes() =>
        [.. SqlParity.EnterpriseProgrammes(Engine).Select(n => Engine.GetProgramme(n, AsOf))];

    private string Out(string name) => Path.Combine(_directory, name);

    [Theory]
    [InlineData(".csv")]
    [InlineData(".jsonl")]
    [InlineData(".parquet")]
    [InlineData(".xlsx")]
    public void The_CLI_writes_the_files_of_the_NET_engine_for_the_bundled_sample(string extension)
    {
        var sample = Path.Combine(TestProfiles.RulesDirectory, "..", "samples", "enterprises.csv");
        var dotnet = Cli.Cli.Run("screen", "--input", sample, "--output", Out("dotnet" + extension), "--as-of", "2025-06-30", "--rules", TestProfiles.RulesDirectory);
        var duckdb = Cli.Cli.Run("screen", "--engine", "duckdb", "--input", sample, "--output", Out("duckdb" + extension), "--as-of", "2025-06-30", "--rules", TestProfiles.RulesDirectory);
        Assert.Equal(0, dotnet.Exit);
        Assert.True(duckdb.Exit == 0, duckdb.Err);
        Assert.Contains("Read 1000 rows = written 1000 + rejected 0", duckdb.Out, StringComparison.Ordinal);
        Assert.Equal(dotnet.Out.Replace("dotnet" + extension, "X", StringComparison.Ordinal), duckdb.Out.Replace("duckdb" + extension, "X", StringComparison.Ordinal));
        EngineOutputs.AssertSame(Out("dotnet" + extension), Out("duckdb" + extension));

        EngineOutputs.AssertSame(Out("dotnet" + extension + ".rejects.csv"), Out("duckdb" + extension + ".rejects.csv"));
    }

    [Theory]
    [InlineData(".csv", ".csv")]
    [InlineData(".csv", ".jsonl")]
    [InlineData(".parquet", ".parquet")]
    [InlineData(".parquet", ".csv")]
    public void Generated_records_with_unreadable_cells_give_the_same_results_and_rejects_as_the_NET_engine(string inputExtension, string outputExtension)
    {
        var profiles = SyntheticProfiles.Generate(3000, seed: 161).ToList();
        var input = Out("in" + inputExtension);
        if (inputExtension == ".parquet")
        {
            // U+FFFD in a STRING, which the Parquet reader rejects as the CSV reader does (the Parquet
            // library decodes leniently): in an id, and in a column no programme reads.
            profiles[10] = profiles[10] with { Id = profiles[10].Id + "\uFFFD" };
            profiles[20] = profiles[20] with { Name = "恒\uFFFD信" };
            ProfileParquetWriter.Write(input, profiles);
        }
        else
        {
            WriteWithBadCells(profiles, input);
        }

        var expected = ScreeningJob.Run(input, Out("dotnet" + outputExtension), Programmes(), AsOf);
        var actual = DuckDbScreening.Run(input, Out("duckdb" + outputExtension), Programmes(), AsOf);
        Assert.Equal(expected.Read, actual.Read);
        Assert.Equal(expected.Written, actual.Written);
        Assert.Equal(expected.Rejected, actual.Rejected);
        Assert.Equal(actual.Read, actual.Written + actual.Rejected);
        Assert.Equal(expected.Programmes, actual.Programmes, (a, b) => a.Programme == b.Programme && a.Eligible == b.Eligible && a.FailuresByCriterion.SequenceEqual(b.FailuresByCriterion));
        EngineOutputs.AssertSame(Out("dotnet" + outputExtension), Out("duckdb" + outputExtension));
        EngineOutputs.AssertSame(Out("dotnet" + outputExtension + ".rejects.csv"), Out("duckdb" + outputExtension + ".rejects.csv"));
        if (inputExtension == ".csv")
        {
            Assert.Equal(BadCells.Count(c => c.Column != "name") + 1, actual.Rejected); // no programme reads the name
        }
    }

    /// <summary>Unreadable values of every kind, each in its own row, plus a row of empty cells and a quoted id with a comma.</summary>
    private static readonly (string Column, string Value)[] BadCells =
    [
        ("revenueY1", "1.005"), ("revenueY1", "-5"), ("revenueY1", "1e6"), ("revenueY1", "12,5"), ("revenueY2", ""), ("registrationDate", "2023-02-30"),
        ("registrationDate", "2023/01/01"), ("residentInMainland", "yes"), ("employees", "-1"), ("employees", "3.5"), ("employees", "99999999999999"),
        ("techStaff", "abc"), ("industry", "NotAnIndustry"), ("revenueY1", "10000000000000000000"),
        // U+FFFD, which the CSV reader rejects in any cell it reads (it may stand for a byte it could not
        // decode): in the id, a number, a true/false; in a column no programme reads, it is read by neither.
        ("id", "ID-\uFFFD"), ("revenueY2", "12\uFFFD5"), ("residentInMainland", "tr\uFFFDue"), ("name", "恒\uFFFD信"),
    ];

    private static void WriteWithBadCells(List<EnterpriseProfile> profiles, string path)
    {
        ProfileCsvWriter.Write(path, profiles);
        var lines = File.ReadAllLines(path).ToList();
        var header = lines[0].Split(',');
        for (var i = 0; i < BadCells.Length; i++)
        {
            var line = 10 + (i * 97);
            var cells = lines[line].Split(',');
            var value = BadCells[i].Value;
            cells[Array.IndexOf(header, BadCells[i].Column)] = value.Contains(',', StringComparison.Ordinal) ? $"\"{value}\"" : value;
            lines[line] = string.Join(',', cells);
        }

        lines[2000] = string.Join(',', Enumerable.Repeat("", header.Length));
        lines[2100] = "\"ID, WITH COMMA\"" + lines[2100][lines[2100].IndexOf(',', StringComparison.Ordinal)..];
        File.WriteAllLines(path, lines);
    }

    [Fact]
    public void A_GB18030_file_is_refused_with_the_file_and_engine_dotnet_and_nothing_is_written()
    {
        var sample = Path.Combine(TestProfiles.RulesDirectory, "..", "samples", "enterprises-gb18030.csv");
        AssertRefused(sample, "UTF-8");
    }

    [Fact]
    public void A_row_with_the_wrong_number_of_cells_is_refused_and_nothing_is_written()
    {
        var input = Out("wide.csv");
        ProfileCsvWriter.Write(input, SyntheticProfiles.Generate(50, seed: 7));
        var lines = File.ReadAllLines(input);
        lines[30] += ",extra";
        File.WriteAllLines(input, lines);
        AssertRefused(input, "DuckDB");
    }

    [Fact]
    public void An_empty_line_is_refused_naming_its_line()
    {
        var input = Out("blank.csv");
        ProfileCsvWriter.Write(input, SyntheticProfiles.Generate(50, seed: 8));
        var lines = File.ReadAllLines(input).ToList();
        lines.Insert(20, "");
        File.WriteAllLines(input, lines);
        var error = AssertRefused(input, "empty");
        Assert.Equal(21, error.Line);
    }

    [Fact]
    public void A_row_over_the_size_limit_is_refused_where_the_NET_reader_would_reject_it()
    {
        var input = Out("huge.csv");
        ProfileCsvWriter.Write(input, SyntheticProfiles.Generate(5, seed: 9));
        var lines = File.ReadAllLines(input).ToList();
        lines[3] = "\"" + new string('x', CsvRecordCutter.MaxRecordChars + 10) + "\"" + lines[3][lines[3].IndexOf(',', StringComparison.Ordinal)..];
        File.WriteAllLines(input, lines);
        AssertRefused(input, "limit");
    }

    [Theory]
    [InlineData("  {0}")]
    [InlineData("{0} ")]
    [InlineData("\"{0}\" ")]
    public void Spaces_around_an_unquoted_cell_which_our_reader_trims_are_refused(string format)
    {
        var input = Out("spaces.csv");
        ProfileCsvWriter.Write(input, SyntheticProfiles.Generate(20, seed: 11));
        var lines = File.ReadAllLines(input);
        var comma = lines[7].IndexOf(',', StringComparison.Ordinal);
        lines[7] = string.Format(System.Globalization.CultureInfo.InvariantCulture, format, lines[7][..comma]) + lines[7][comma..];
        File.WriteAllLines(input, lines);
        Assert.Equal(8, AssertRefused(input, "spaces").Line);
    }

    [Fact]
    public void Spaces_inside_a_cell_or_inside_quotes_are_read_as_our_reader_reads_them()
    {
        var input = Out("inner.csv");
        ProfileCsvWriter.Write(input, SyntheticProfiles.Generate(20, seed: 12));
        var lines = File.ReadAllLines(input);
        var comma = lines[5].IndexOf(',', StringComparison.Ordinal);
        lines[5] = "\"A \"\" B\"" + lines[5][comma..];
        lines[6] = "A B" + lines[6][lines[6].IndexOf(',', StringComparison.Ordinal)..];
        File.WriteAllLines(input, lines);
        ScreeningJob.Run(input, Out("dotnet.csv"), Programmes(), AsOf);
        DuckDbScreening.Run(input, Out("duckdb.csv"), Programmes(), AsOf);
        EngineOutputs.AssertSame(Out("dotnet.csv"), Out("duckdb.csv"));
    }

    [Theory]
    [InlineData("\" {0}\"")]
    [InlineData("\"{0} \"")]
    [InlineData("\" {0} \"")]
    public void A_quoted_cell_with_outer_spaces_is_refused(string pattern)
    {
        // Our reader keeps such spaces on an id and refuses them on a number; the query sees no quotes.
        var input = Out("quoted-spaces.csv");
        ProfileCsvWriter.Write(input, SyntheticProfiles.Generate(20, seed: 12));
        var lines = File.ReadAllLines(input);
        var comma = lines[5].IndexOf(',', StringComparison.Ordinal);
        lines[5] = string.Format(System.Globalization.CultureInfo.InvariantCulture, pattern, lines[5][..comma]) + lines[5][comma..];
        File.WriteAllLines(input, lines);
        Assert.Equal(6, AssertRefused(input, "quoted cell").Line);
    }

    /// <summary>
    /// Records ended by both LF and CRLF in one file — read by our reader, "an error when sniffing" to
    /// DuckDB — are refused naming the first line that ends otherwise than the lines before it; a CRLF
    /// inside a quoted cell of an LF file is the cell's text, not a line end.
    /// </summary>
    [Theory]
    [InlineData(1, 2)] // the header in CRLF, the records in LF
    [InlineData(10, 11)] // the line of the file: record 5's cell holds a line break
    [InlineData(21, 22)] // the last record, ended
    [InlineData(0, 0)] // all LF, a CRLF inside a quoted cell
    public void Records_ended_by_both_LF_and_CRLF_are_refused_naming_the_first_line_that_differs(int crlfLine, int refusedLine)
    {
        var input = Out("mixed.csv");
        ProfileCsvWriter.Write(input, SyntheticProfiles.Generate(20, seed: 13));
        var lines = File.ReadAllLines(input);
        var comma = lines[4].IndexOf(',', StringComparison.Ordinal);
        lines[4] = "\"A\r\nB\"" + lines[4][comma..];
        File.WriteAllText(input, string.Concat(lines.Select((l, i) => l + (i + 1 == crlfLine ? "\r\n" : "\n"))));
        var dotnet = ScreeningJob.Run(input, Out("dotnet.csv"), Programmes(), AsOf);
        Assert.Equal((21L, 20L), (dotnet.Read + 1, dotnet.Written)); // our reader reads every record
        if (refusedLine == 0)
        {
            DuckDbScreening.Run(input, Out("duckdb.csv"), Programmes(), AsOf);
            EngineOutputs.AssertSame(Out("dotnet.csv"), Out("duckdb.csv"));
            return;
        }

        var error = AssertRefused(input, "CRLF");
        Assert.Equal(refusedLine, error.Line);
        Assert.Contains("混用两种换行符", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bare_CR_line_ending_is_refused()
    {
        var input = Out("cr.csv");
        ProfileCsvWriter.Write(input, SyntheticProfiles.Generate(5, seed: 10));
        File.WriteAllText(input, File.ReadAllText(input).Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\n', '\r'));
        AssertRefused(input, "CR");
    }

    /// <summary>
    /// InnovationIndexTop50 computes <c>IpClassI * 2 + IpClassII</c> in whole numbers: past 2^31 − 1 .NET's
    /// checked arithmetic overflows and the row is a reject; the SQL engines, which compute in 64 bits,
    /// refuse the run naming the row instead of screening a row the .NET engine rejects (an overflow one
    /// below the limit is screened alike).
    /// </summary>
    [Theory]
    [InlineData(1_073_741_823, false)] // × 2 + 1 = 2^31 − 1: in range
    [InlineData(1_073_741_824, true)] // × 2 = 2^31: beyond
    [InlineData(2_147_483_647, true)]
    public void A_whole_number_result_beyond_32_bits_which_the_NET_engine_rejects_refuses_the_DuckDB_run_naming_the_row(int ipClassI, bool beyond)
    {
        var profiles = SyntheticProfiles.Generate(200, seed: 171).ToList();
        profiles[50] = profiles[50] with { IpClassI = ipClassI, IpClassII = 1 };
        var input = Out("in.csv");
        ProfileCsvWriter.Write(input, profiles);
        List<PolicyRules.Compilation.CompiledProgramme> programmes = [Engine.GetProgramme("InnovationIndexTop50", AsOf)];
        var expected = ScreeningJob.Run(input, Out("dotnet.csv"), programmes, AsOf);
        Assert.Equal(beyond ? 1 : 0, expected.Rejected);
        if (!beyond)
        {
            DuckDbScreening.Run(input, Out("duckdb.csv"), programmes, AsOf);
            EngineOutputs.AssertSame(Out("dotnet.csv"), Out("duckdb.csv"));
            return;
        }

        var error = Assert.Throws<ProfileInputException>(() => DuckDbScreening.Run(input, Out("duckdb.csv"), programmes, AsOf));
        Assert.Contains(profiles[50].Id, error.Errors[0].Reason, StringComparison.Ordinal);
        Assert.Contains("32", error.Errors[0].Reason, StringComparison.Ordinal);
        Assert.Contains("--engine dotnet", error.Errors[0].Reason, StringComparison.Ordinal);
        Assert.False(File.Exists(Out("duckdb.csv")));
        Assert.Empty(Directory.GetFiles(_directory, "*.partial"));
        foreach (var dialect in new[] { PolicyRules.Sql.SqlDialects.DuckDb, PolicyRules.Sql.SqlDialects.PostgreSql })
        {
            var query = PolicyRules.Sql.ScreeningSql.Compile(programmes, AsOf, dialect, null);
            Assert.Contains("BETWEEN -2147483648 AND 2147483647", query.Results, StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// A ranking over 250,000 rows (three row groups of the rows' file, read on every core), a repeated id
    /// whose rows lie in different row groups, a reject near the end: the rows are numbered by their place
    /// in the file, so the order, the row kept, the repeat's reason and the rank equal the .NET engine's.
    /// </summary>
    [Fact]
    public void A_ranking_over_several_row_groups_numbers_each_row_by_its_place_in_the_input()
    {
        var profiles = SyntheticProfiles.Generate(250_000, seed: 183).ToList();
        profiles[200_000] = profiles[200_000] with { Id = profiles[1_000].Id };
        profiles[240_000] = profiles[240_000] with { RevenueY1 = 1500.235m };
        var input = Out("in.csv");
        ProfileCsvWriter.Write(input, profiles);
        List<PolicyRules.Compilation.CompiledProgramme> programmes = [Engine.GetProgramme("InnovationIndexTop50", AsOf)];
        var statements = new List<string>();
        var expected = ScreeningJob.Run(input, Out("dotnet.csv"), programmes, AsOf);
        var actual = DuckDbRun.Run(input, Out("duckdb.csv"), null, ScreeningJob.RejectsPathFor(Out("duckdb.csv")), programmes, AsOf, null, new ScreeningOptions(), statements.Add);
        Assert.Equal((250_000L, 249_998L, 2L), (actual.Read, actual.Written, actual.Rejected));
        Assert.Equal((expected.Read, expected.Written, expected.Rejected), (actual.Read, actual.Written, actual.Rejected));
        EngineOutputs.AssertSame(Out("dotnet.csv"), Out("duckdb.csv"));
        EngineOutputs.AssertSame(ScreeningJob.RejectsPathFor(Out("dotnet.csv")), ScreeningJob.RejectsPathFor(Out("duckdb.csv")));
        Assert.Contains(statements, s => s.Contains("file_row_number = true", StringComparison.Ordinal));
        Assert.Empty(Directory.GetFiles(_directory, "*.partial"));
    }

    [Fact]
    public void An_xlsx_input_is_refused()
    {
        var input = Out("in.xlsx");
        File.WriteAllBytes(input, [1, 2, 3]);
        AssertRefused(input, ".xlsx");
    }

    [Fact]
    public void The_CLI_prints_the_refusal_in_both_languages_and_exits_2()
    {
        var sample = Path.Combine(TestProfiles.RulesDirectory, "..", "samples", "enterprises-gb18030.csv");
        var (exit, _, err) = Cli.Cli.Run("screen", "--engine", "duckdb", "--input", sample, "--output", Out("r.csv"), "--as-of", "2025-06-30", "--rules", TestProfiles.RulesDirectory);
        Assert.Equal(2, exit);
        Assert.Contains("--engine dotnet", err, StringComparison.Ordinal);
        Assert.Contains("请使用 --engine dotnet", err, StringComparison.Ordinal);
        Assert.Contains("enterprises-gb18030.csv", err, StringComparison.Ordinal);
        Assert.False(File.Exists(Out("r.csv")));
    }

    [Fact]
    public void Options_of_the_NET_engine_alone_and_postgres_options_without_postgres_are_refused_before_reading()
    {
        var sample = Path.Combine(TestProfiles.RulesDirectory, "..", "samples", "enterprises.csv");
        var report = Cli.Cli.Run("screen", "--engine", "duckdb", "--input", sample, "--output", Out("r.csv"), "--report", Out("r.html"), "--rules", TestProfiles.RulesDirectory);
        Assert.Equal(2, report.Exit);
        Assert.Contains("--report", report.Err, StringComparison.Ordinal);
        var table = Cli.Cli.Run("screen", "--engine", "duckdb", "--input", sample, "--output", Out("r.csv"), "--write-table", "t", "--rules", TestProfiles.RulesDirectory);
        Assert.Equal(2, table.Exit);
        Assert.Contains("--engine postgres", table.Err, StringComparison.Ordinal);
        Assert.False(File.Exists(Out("r.csv")));
    }

    private InputError AssertRefused(string input, string reason)
    {
        var output = Out("refused.csv");
        var error = Assert.Throws<ProfileInputException>(() => DuckDbScreening.Run(input, output, Programmes(), AsOf));
        var first = error.Errors[0];
        Assert.Equal(input, first.Source);
        Assert.Contains(reason, first.Reason, StringComparison.Ordinal);
        Assert.Contains("--engine dotnet", first.Reason, StringComparison.Ordinal);
        Assert.Contains(" / ", first.Reason, StringComparison.Ordinal);
        // The preflight runs beside the typed query: a file it refuses is refused in its words, not DuckDB's.
        if (input.EndsWith(".csv", StringComparison.Ordinal) && Record.Exception(() => CsvPreflight.Measure(input)) is ProfileInputException preflight)
        {
            Assert.Equal(preflight.Errors, error.Errors);
        }

        Assert.False(File.Exists(output));
        Assert.False(File.Exists(ScreeningJob.RejectsPathFor(output)));
        Assert.Empty(Directory.GetFiles(_directory, "*.partial"));
        return first;
    }
}

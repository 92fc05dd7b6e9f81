using System.Text;
using nietras.SeparatedValues;
using PolicyRules.Compilation;
using PolicyRules.Input;
using PolicyRules.Model;
using PolicyRules.Screening;
using static PolicyRules.Tests.Input.ProfileInputTestSupport;

namespace PolicyRules.Tests.Input;

/// <summary>
/// Issue 7, item 4: garbled CSV, nothing lost. Each row is screened or in the rejects file with row,
/// line, column and reason; read = written + rejected; <c>--fail-fast</c> stops at the first bad row
/// with exit code 2.
/// </summary>
/// <remarks>
/// Checklist — each case of the issue, the reader test (ProfileCsvReaderTests, "reader") and the
/// screening test (this class, "screen"):
/// <list type="bullet">
/// <item>missing column — reader: Header_without_a_required_column_is_refused_naming_that_column,
///   Header_without_several_required_columns_names_each_of_them,
///   Missing_column_that_is_not_required_leaves_rows_readable_with_defaults; screen: cases
///   "missing column not needed", A_missing_needed_column_refuses_the_file_before_any_row (and
///   CliTests.A_missing_needed_column_exits_2_naming_it).</item>
/// <item>extra column — reader: Unknown_header_columns_are_ignored_and_listed; screen: "extra column".</item>
/// <item>wrong type — reader: Wrong_types_in_several_columns_of_one_row_are_all_listed,
///   Unreadable_value_rejects_the_record_naming_the_column; screen: "wrong type" (and
///   CliTests.Screen_writes_one_row_per_enterprise_and_counts_add_up).</item>
/// <item>NaN, Infinity — reader: Unreadable_value_rejects_the_record_naming_the_column (NaN, Infinity);
///   screen: "NaN", "Infinity".</item>
/// <item>negative money — reader: Unreadable_value_rejects_the_record_naming_the_column (-1, -0.01);
///   screen: "negative money".</item>
/// <item>BOM, CRLF — reader: Utf8_bom_and_crlf_line_endings_read_correctly_from_a_stream / _from_a_file;
///   screen: "BOM", "CRLF".</item>
/// <item>quoted separators — reader: Written_profiles_read_back_as_equal_records, Contract_value_is_read
///   (name), Every_input_row_yields_exactly_one_record_in_a_mixed_file (R10); screen: "quoted separators".</item>
/// <item>Chinese names — reader: Utf8_bom_and_crlf_line_endings_read_correctly_*,
///   Unknown_header_columns_are_ignored_and_listed (总部); screen: "Chinese names and ids".</item>
/// <item>truncated last line — reader: Truncated_last_line_is_rejected_not_lost,
///   Unclosed_quote_in_the_last_line_rejects_the_row; screen: "truncated last line", "truncated inside a quote".</item>
/// <item>empty cell — reader: Empty_cell_in_a_required_field_rejects_the_record_with_row_line_and_column,
///   Empty_cells_in_fields_not_required_read_as_defaults; screen: "empty cell".</item>
/// <item>too few / too many fields — reader: Rows_with_too_few_or_too_many_columns_are_rejected_as_a_whole;
///   screen: "too few fields", "too many fields".</item>
/// <item>a quote inside an unquoted cell — reader: Stray_quotes_reject_each_swallowed_line_as_its_own_row,
///   An_unclosed_quote_before_the_last_line_loses_none_of_the_following_rows; screen: "stray quote",
///   "two stray quotes".</item>
/// <item>read = written + rejected — every screen case; reader: Every_input_row_yields_exactly_one_record_in_a_mixed_file;
///   the CLI's summary line: Cli_summary_counts_add_up_for_a_file_with_every_garbling.</item>
/// <item>--fail-fast — CliTests.Screen_with_fail_fast_stops_at_the_first_bad_row_naming_row_and_column;
///   here Fail_fast_stops_at_the_first_bad_row (ScreeningJob, every case with a bad row) and
///   Fail_fast_on_the_command_line_exits_2_naming_the_first_bad_row (the file with every garbling).</item>
/// </list>
/// </remarks>
public sealed class GarbledCsvScreeningTests : IDisposable
{
    // The two programmes screened here (loading only their files keeps the tests fast).
    private static readonly string[] ProgrammeFiles = ["SmeSize.json", "HighTechEnterprise.json"];

    private static readonly Lazy<PolicyEngine> Engine = new(() =>
    {
        var diagnostics = new List<PolicyRules.Rules.RuleDiagnostic>();
        Assert.True(PolicyEngine.TryLoad(ProgrammeFiles.Select(f => Path.Combine(TestProfiles.RulesDirectory, f)), diagnostics, out var engine), string.Join("\n", diagnostics));
        return engine;
    });


    // Contract header and the cells of a good row, as ProfileCsvWriter writes them.
    private static readonly string[] Header = [.. ProfileSchema.Fields.Select(f => f.Name)];

    private readonly string _dir = Directory.CreateTempSubdirectory("policyrules-garbled-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>A rejects row expected: data row, file line, id cell, column, a fragment of the reason.</summary>
    private sealed record Reject(int Row, int Line, string Id, string Column, string Reason);

    /// <summary>A garbled file: its bytes, the ids written (in order) and the rejects (in order).</summary>
    private sealed record Case(byte[] Bytes, string[] Written, Reject[] Rejects);

    private static string Cells(string id, params (string Column, string Value)[] changes)
    {
        var line = WriteCsv(TestProfiles.Baseline() with { Id = id }).Split('\n')[1].TrimEnd('\r');
        Assert.DoesNotContain("\"", line, StringComparison.Ordinal); // so splitting on ',' is exact
        var cells = line.Split(',');
        foreach (var (column, value) in changes)
        {
            cells[Array.IndexOf(Header, column)] = value;
        }

        return string.Join(",", cells);
    }

    private static byte[] File(params string[] lines) => Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n");

    private static readonly string HeaderLine = string.Join(",", Header);

    private static readonly Dictionary<string, Case> Cases = new()
    {
        ["missing column not needed"] = new(
            File(string.Join(",", Header.Where(h => h != "name")),
                string.Join(",", Cells("A").Split(',').Where((_, i) => Header[i] != "name")),
                string.Join(",", Cells("B").Split(',').Where((_, i) => Header[i] != "name"))),
            ["A", "B"], []),
        ["extra column"] = new(File(HeaderLine + ",备注,remark", Cells("A") + ",甲,x", Cells("B") + ",,"), ["A", "B"], []),
        ["wrong type"] = new(File(HeaderLine, Cells("A"), Cells("X", ("employees", "lots")), Cells("Z")),
            ["A", "Z"], [new(2, 3, "X", "employees", "'lots'")]),
        ["NaN"] = new(File(HeaderLine, Cells("A"), Cells("X", ("revenueY1", "NaN")), Cells("Z")),
            ["A", "Z"], [new(2, 3, "X", "revenueY1", "'NaN'")]),
        ["Infinity"] = new(File(HeaderLine, Cells("A"), Cells("X", ("totalAssets", "Infinity")), Cells("Z")),
            ["A", "Z"], [new(2, 3, "X", "totalAssets", "'Infinity'")]),
        ["negative money"] = new(File(HeaderLine, Cells("A"), Cells("X", ("revenueY1", "-0.01")), Cells("Z")),
            ["A", "Z"], [new(2, 3, "X", "revenueY1", "'-0.01'")]),
        ["BOM"] = new([.. Encoding.UTF8.GetPreamble(), .. File(HeaderLine, Cells("A"), Cells("B"))], ["A", "B"], []),
        ["CRLF"] = new(Encoding.UTF8.GetBytes(HeaderLine + "\r\n" + Cells("A") + "\r\n" + Cells("X", ("employees", "")) + "\r\n" + Cells("Z") + "\r\n"),
            ["A", "Z"], [new(2, 3, "X", "employees", "empty")]),
        ["quoted separators"] = new(File(HeaderLine, Cells("A", ("name", Quote("青岛,\"测试\",科技"))), Cells("B", ("id", Quote("B,1")))),
            ["A", "B,1"], []),
        ["Chinese names and ids"] = new(File(HeaderLine + ",总部", Cells("青岛甲", ("name", "青岛甲乙丙科技有限公司")) + ",青岛", Cells("济南乙", ("employees", "一百")) + ",济南"),
            ["青岛甲"], [new(2, 3, "济南乙", "employees", "'一百'")]),
        ["truncated last line"] = new(Encoding.UTF8.GetBytes(HeaderLine + "\n" + Cells("A") + "\n" + Cells("Z")[..40]),
            ["A"], [new(2, 3, "Z", "(row)", "column(s)")]),
        ["truncated inside a quote"] = new(Encoding.UTF8.GetBytes(HeaderLine + "\n" + Cells("A") + "\n" + Cells("Z", ("name", "\"青岛未完"))),
            ["A"], [new(2, 3, "Z", "(row)", "truncated line")]),
        ["empty cell"] = new(File(HeaderLine, Cells("A"), Cells("X", ("revenueY1", "")), Cells("Z")),
            ["A", "Z"], [new(2, 3, "X", "revenueY1", "empty")]),
        ["too few fields"] = new(File(HeaderLine, Cells("A"), Cells("X")[..Cells("X").LastIndexOf(',')], Cells("Z")),
            ["A", "Z"], [new(2, 3, "X", "(row)", "column(s)")]),
        ["too many fields"] = new(File(HeaderLine, Cells("A"), Cells("X") + ",surplus", Cells("Z")),
            ["A", "Z"], [new(2, 3, "X", "(row)", "column(s)")]),
        ["stray quote"] = new(File(HeaderLine, Cells("A"), Cells("X", ("name", "Acme 5\" pipe")), Cells("Y"), Cells("Z")),
            ["A"], [new(2, 3, "X", "(row)", "unbalanced quotes"), new(3, 4, "Y", "(row)", "unbalanced quotes"), new(4, 5, "Z", "(row)", "unbalanced quotes")]),
        ["two stray quotes"] = new(File(HeaderLine, Cells("A"), Cells("X", ("name", "Acme 5\" pipe")), Cells("Y", ("name", "Acme 7\" pipe")), Cells("Z")),
            ["A", "Z"], [new(2, 3, "X", "(row)", "unbalanced quotes"), new(3, 4, "Y", "(row)", "unbalanced quotes")]),
    };

    public static TheoryData<string> CaseNames() => [.. Cases.Keys];

    private static IReadOnlyList<CompiledProgramme> Programmes() =>
        [Engine.Value.GetProgramme("SmeSize", TestProfiles.AsOf), Engine.Value.GetProgramme("HighTechEnterprise", TestProfiles.AsOf)];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Each_row_is_screened_or_rejected_with_row_column_and_reason(string name)
    {
        var garbled = Cases[name];
        var input = Path.Combine(_dir, "in.csv");
        var output = Path.Combine(_dir, "out.csv");
        System.IO.File.WriteAllBytes(input, garbled.Bytes);

        var summary = ScreeningJob.Run(input, output, Programmes(), TestProfiles.AsOf);

        var written = ReadIds(output);
        var rejects = ReadRejects(summary.RejectsPath);
        Assert.Equal(garbled.Written, written);
        Assert.Equal(garbled.Rejects.Length, rejects.Count);
        for (var i = 0; i < rejects.Count; i++)
        {
            var (expected, actual) = (garbled.Rejects[i], rejects[i]);
            Assert.Equal((expected.Row, expected.Line, expected.Id, expected.Column), (actual.Row, actual.Line, actual.Id, actual.Column));
            Assert.True(actual.Reason.Contains(expected.Reason, StringComparison.Ordinal), $"row {actual.Row}: '{expected.Reason}' not in: {actual.Reason}");
        }

        // Nothing lost: every data row is either written or rejected, once.
        Assert.Equal(summary.Read, summary.Written + summary.Rejected);
        Assert.Equal((garbled.Written.Length, garbled.Rejects.Length), ((int)summary.Written, (int)summary.Rejected));
        Assert.Equal(DataRows(garbled.Bytes), summary.Read);
    }

    public static TheoryData<string> CasesWithABadRow() => [.. Cases.Where(c => c.Value.Rejects.Length > 0).Select(c => c.Key)];

    [Theory]
    [MemberData(nameof(CasesWithABadRow))]
    public void Fail_fast_stops_at_the_first_bad_row(string name)
    {
        var garbled = Cases[name];
        var first = garbled.Rejects[0];
        var input = Path.Combine(_dir, "in.csv");
        var output = Path.Combine(_dir, "out.csv");
        System.IO.File.WriteAllBytes(input, garbled.Bytes);

        var thrown = Assert.Throws<ProfileInputException>(() =>
            ScreeningJob.Run(input, output, Programmes(), TestProfiles.AsOf, options: new ScreeningOptions { FailFast = true }));
        Assert.All(thrown.Errors, e => Assert.Equal((first.Row, first.Line), (e.Row, e.Line)));
        Assert.Equal(first.Column, thrown.Errors[0].Column);

        var screened = System.IO.File.Exists(output) ? ReadIds(output).Length : 0;
        Assert.True(screened <= first.Row - 1, $"{screened} rows screened; the first bad row is row {first.Row}");
    }

    [Fact]
    public void Fail_fast_on_the_command_line_exits_2_naming_the_first_bad_row()
    {
        var input = Path.Combine(_dir, "in.csv");
        var output = Path.Combine(_dir, "out.csv");
        System.IO.File.WriteAllBytes(input, EveryGarbling());

        var (exit, _, stderr) = Cli.Cli.Run("screen", "--input", input, "--output", output, "--rules", Rules(), "--as-of", "2025-06-30", "--fail-fast");

        Assert.Equal(2, exit);
        Assert.Contains("row 2 (line 3), column 'employees'", stderr, StringComparison.Ordinal);
        Assert.Single(stderr.Trim().Split('\n')); // the first bad row only
        Assert.False(System.IO.File.Exists(output)); // a failed run leaves no partial output (issue 13)
    }

    [Fact]
    public void A_missing_needed_column_refuses_the_file_before_any_row()
    {
        var input = Path.Combine(_dir, "in.csv");
        var output = Path.Combine(_dir, "out.csv");
        System.IO.File.WriteAllBytes(input, File(
            string.Join(",", Header.Where(h => h != "employees")),
            string.Join(",", Cells("A").Split(',').Where((_, i) => Header[i] != "employees"))));

        var thrown = Assert.Throws<ProfileInputException>(() => ScreeningJob.Run(input, output, Programmes(), TestProfiles.AsOf));
        Assert.Equal(("employees", 0, 1), (thrown.Errors[0].Column, thrown.Errors[0].Row, thrown.Errors[0].Line));
        Assert.False(System.IO.File.Exists(output)); // no half-written output: the whole file is refused (exit 2 in the CLI)
    }

    /// <summary>All row-level garblings in one file, CRLF with a BOM, the last line truncated.</summary>
    private static byte[] EveryGarbling()
    {
        string[] rows =
        [
            Cells("A"),
            Cells("B", ("employees", "lots")),
            Cells("C", ("revenueY1", "NaN")),
            Cells("D", ("totalAssets", "Infinity")),
            Cells("E", ("revenueY1", "-1")),
            Cells("F", ("name", Quote("青岛,测试"))),
            Cells("G", ("employees", "")),
            Cells("H")[..Cells("H").LastIndexOf(',')],
            Cells("I") + ",surplus",
            Cells("J", ("name", "5\" pipe")),
            Cells("K", ("name", "7\" pipe")),
            Cells("青岛L"),
            Cells("M")[..30],
        ];
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(HeaderLine + "\r\n" + string.Join("\r\n", rows))];
    }

    /// <summary>A rules folder of the two programmes screened here (the command loads it faster than all rules).</summary>
    private string Rules()
    {
        var rules = Directory.CreateDirectory(Path.Combine(_dir, "rules")).FullName;
        foreach (var name in ProgrammeFiles)
        {
            System.IO.File.Copy(Path.Combine(TestProfiles.RulesDirectory, name), Path.Combine(rules, name), overwrite: true);
        }

        return rules;
    }

    [Fact]
    public void Cli_summary_counts_add_up_for_a_file_with_every_garbling()
    {
        var input = Path.Combine(_dir, "in.csv");
        var output = Path.Combine(_dir, "out.csv");
        System.IO.File.WriteAllBytes(input, EveryGarbling());

        var (exit, stdout, stderr) = Cli.Cli.Run("screen", "--input", input, "--output", output, "--rules", Rules(), "--as-of", "2025-06-30");

        Assert.Equal((0, ""), (exit, stderr));
        Assert.Contains("Read 13 rows = written 3 + rejected 10", stdout, StringComparison.Ordinal);
        Assert.Equal(["A", "F", "青岛L"], ReadIds(output));
        var rejects = ReadRejects(ScreeningJob.RejectsPathFor(output));
        Assert.Equal(["B", "C", "D", "E", "G", "H", "I", "J", "K", "M"], rejects.Select(r => r.Id));
        Assert.Equal([2, 3, 4, 5, 7, 8, 9, 10, 11, 13], rejects.Select(r => r.Row));
        Assert.All(rejects, r => Assert.True(r.Line == r.Row + 1 && r.Column.Length > 0 && r.Reason.Length > 0, r.ToString()));
    }

    private static string[] ReadIds(string path)
    {
        using var reader = Sep.Reader(o => o with { Unescape = true }).FromFile(path);
        return [.. reader.Enumerate(row => row["id"].ToString())];
    }

    private static List<Reject> ReadRejects(string path)
    {
        using var reader = Sep.Reader(o => o with { Unescape = true }).FromFile(path);
        Assert.Equal(["row", "line", "id", "column", "reason"], reader.Header.ColNames);
        var rejects = new List<Reject>();
        foreach (var row in reader)
        {
            rejects.Add(new Reject(row["row"].Parse<int>(), row["line"].Parse<int>(), row["id"].ToString(), row["column"].ToString(), row["reason"].ToString()));
        }

        return rejects;
    }

    /// <summary>Data rows of a file: its lines after the header, a last line without newline included.</summary>
    private static long DataRows(byte[] bytes)
    {
        var text = Encoding.UTF8.GetString(bytes).TrimEnd('\n');
        return text.Count(c => c == '\n');
    }
}

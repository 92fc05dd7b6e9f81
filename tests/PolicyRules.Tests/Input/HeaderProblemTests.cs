using System.Text;
using PolicyRules.Input;
using PolicyRules.Model;
using static PolicyRules.Tests.Input.ProfileInputTestSupport;

namespace PolicyRules.Tests.Input;

/// <summary>
/// Issue 15, wrong separators and headers: a <c>;</c>- or tab-separated file, an empty file, a
/// header-only file, headers in another letter case — one clear bilingual message each, not one
/// line per missing column. Header case is refused, not tolerated: the contract names are exact, and
/// a reader that folded case would hide two columns differing only in case.
/// </summary>
public sealed class HeaderProblemTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("policyrules-header-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Contract() => WriteCsv(TestProfiles.Baseline(), TestProfiles.Baseline() with { Id = "B" });

    private static InputError SingleError(string csv, FieldSet? required = null)
    {
        var ex = Assert.Throws<ProfileInputException>(() => ReadCsv(csv, required ?? ProfileSchema.All));
        return Assert.Single(ex.Errors);
    }

    [Theory]
    [InlineData(";", "`;`-separated", "分号")]
    [InlineData("\t", "tab-separated", "制表符")]
    [InlineData("|", "`|`-separated", "竖线")]
    public void A_file_with_another_separator_is_one_message_naming_it(string separator, string english, string chinese)
    {
        var csv = Contract().Replace(",", separator, StringComparison.Ordinal);

        var error = SingleError(csv);

        Assert.Equal(("(header)", 1), (error.Column, error.Line));
        Assert.Contains($"the file looks {english}", error.Reason, StringComparison.Ordinal);
        Assert.Contains(chinese, error.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n\n")]
    [InlineData("\uFEFF")]
    public void An_empty_file_is_one_message_saying_so(string csv)
    {
        var error = SingleError(csv);

        Assert.Equal("(file)", error.Column);
        Assert.Contains("the file is empty", error.Reason, StringComparison.Ordinal);
        Assert.Contains("文件为空", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_file_on_disk_is_one_message_too()
    {
        var path = Path.Combine(_dir, "empty.csv");
        File.WriteAllBytes(path, []);

        var ex = Assert.Throws<ProfileInputException>(() => ProfileReaders.Open(path, RecordSchema.Enterprise, ProfileSchema.All));

        Assert.Contains("the file is empty", Assert.Single(ex.Errors).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_header_only_file_reads_as_no_rows()
    {
        var header = Contract()[..(Contract().IndexOf('\n', StringComparison.Ordinal) + 1)];
        Assert.Empty(ReadCsv(header, ProfileSchema.All));
    }

    [Theory]
    [InlineData("Pascal")]
    [InlineData("UPPER")]
    [InlineData("snake")]
    public void Headers_in_another_case_or_style_are_one_message_showing_the_contract_name(string style)
    {
        var contract = Contract();
        var newline = contract.IndexOf('\n', StringComparison.Ordinal);
        var names = contract[..newline].Split(',').Select(n => style switch
        {
            "Pascal" => char.ToUpperInvariant(n[0]) + n[1..],
            "UPPER" => n.ToUpperInvariant(),
            _ => string.Concat(n.Select(c => char.IsUpper(c) ? "_" + char.ToLowerInvariant(c) : c.ToString())),
        });
        var csv = string.Join(",", names) + contract[newline..];

        var error = SingleError(csv, Fields("revenueY1", "techStaff"));

        var shown = style switch { "Pascal" => "RevenueY1", "UPPER" => "REVENUEY1", _ => "revenue_y1" };
        Assert.Contains($"headers are camelCase", error.Reason, StringComparison.Ordinal);
        Assert.Contains($"`revenueY1`, not `{shown}`", error.Reason, StringComparison.Ordinal);
        Assert.Contains($"应为 `revenueY1` 而非 `{shown}`", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_whole_header_in_pascal_case_is_one_message_counting_the_rest()
    {
        var contract = Contract();
        var newline = contract.IndexOf('\n', StringComparison.Ordinal);
        var csv = string.Join(",", contract[..newline].Split(',').Select(n => char.ToUpperInvariant(n[0]) + n[1..])) + contract[newline..];

        var error = SingleError(csv);

        var more = ProfileSchema.Fields.Count - 3;
        Assert.Contains($"(and {more} more)", error.Reason, StringComparison.Ordinal);
        Assert.Contains($"另有 {more} 列", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_case_mistake_and_a_truly_missing_column_are_two_messages()
    {
        var ex = Assert.Throws<ProfileInputException>(() => ReadCsv("id,TechStaff\nA,3\n", Fields("techStaff", "employees")));

        Assert.Equal(["TechStaff", "employees"], ex.Errors.Select(e => e.Column));
        Assert.Contains("`techStaff`, not `TechStaff`", ex.Errors[0].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_is_not_contract_csv_is_one_message()
    {
        var error = SingleError("企业名称,营业收入\n青岛某公司,100\n");

        Assert.Equal("(header)", error.Column);
        Assert.Contains("none of the header's 2 columns is a contract field", error.Reason, StringComparison.Ordinal);
        Assert.Contains("企业名称,营业收入", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Cli_reports_a_semicolon_file_in_one_line_and_exits_2()
    {
        var path = Path.Combine(_dir, "semi.csv");
        File.WriteAllText(path, Contract().Replace(",", ";", StringComparison.Ordinal), Encoding.UTF8);

        var (exit, _, stderr) = Cli.Cli.Run("screen", "--input", path, "--output", Path.Combine(_dir, "o.csv"), "--as-of", "2025-06-30");

        Assert.Equal(2, exit);
        Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("looks `;`-separated", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Cli_screens_a_header_only_file_to_empty_outputs_and_says_there_were_no_rows()
    {
        var path = Path.Combine(_dir, "header.csv");
        var contract = Contract();
        File.WriteAllText(path, contract[..(contract.IndexOf('\n', StringComparison.Ordinal) + 1)], Encoding.UTF8);
        var output = Path.Combine(_dir, "o.csv");

        var (exit, stdout, stderr) = Cli.Cli.Run("screen", "--input", path, "--output", output, "--as-of", "2025-06-30", "--programmes", "SmeSize");

        Assert.Equal(0, exit);
        Assert.Contains("Read 0 rows = written 0 + rejected 0", stdout, StringComparison.Ordinal);
        Assert.Contains("header but no data rows", stderr, StringComparison.Ordinal);
        Assert.Contains("只有表头", stderr, StringComparison.Ordinal);
        Assert.Single(File.ReadAllLines(output));
    }
}

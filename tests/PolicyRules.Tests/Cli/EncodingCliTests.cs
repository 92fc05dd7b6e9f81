using System.Text;
using PolicyRules.Input;
using static PolicyRules.Tests.Cli.Cli;

namespace PolicyRules.Tests.Cli;

/// <summary>Issue 15, encodings on the command line: <c>--encoding</c>, detection, and JSON profiles that are not UTF-8.</summary>
public sealed class EncodingCliTests : IDisposable
{
    private static readonly Encoding Gb18030 = CodePagesEncodingProvider.Instance.GetEncoding(54936)!;

    private readonly string _dir = Directory.CreateTempSubdirectory("policyrules-enc-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Generated(int count)
    {
        var path = Path.Combine(_dir, "utf8.csv");
        Assert.Equal(0, Run("generate", "--count", count.ToString(System.Globalization.CultureInfo.InvariantCulture), "--output", path).Exit);
        return path;
    }

    [Theory]
    [InlineData(null)]
    [InlineData("gb18030")]
    [InlineData("GBK")]
    public void A_gb18030_file_screens_and_pools_exactly_as_its_utf8_original(string? encoding)
    {
        var utf8 = Generated(300);
        var gb = Path.Combine(_dir, "gb.csv");
        File.WriteAllBytes(gb, Gb18030.GetBytes(File.ReadAllText(utf8, Encoding.UTF8)));
        string[] told = encoding is null ? [] : ["--encoding", encoding];

        var screenUtf8 = Run("screen", "--input", utf8, "--output", Path.Combine(_dir, "a.csv"), "--as-of", "2025-06-30");
        var screenGb = Run(["screen", "--input", gb, "--output", Path.Combine(_dir, "b.csv"), "--as-of", "2025-06-30", .. told]);
        Assert.Equal((0, ""), (screenGb.Exit, screenGb.Err));
        Assert.Equal(File.ReadAllText(Path.Combine(_dir, "a.csv")), File.ReadAllText(Path.Combine(_dir, "b.csv")));
        Assert.Contains("Read 300 rows", screenGb.Out, StringComparison.Ordinal);
        Assert.Equal(0, screenUtf8.Exit);

        // The reserve pool shows names: the GB18030 file's names come out as the UTF-8 file's, not garbled.
        Assert.Equal(0, Run("gap", "--programme", "HighTechEnterprise", "--input", utf8, "--output", Path.Combine(_dir, "pa.csv"), "--as-of", "2025-06-30").Exit);
        Assert.Equal(0, Run("gap", "--programme", "HighTechEnterprise", "--input", gb, "--output", Path.Combine(_dir, "pb.csv"), "--as-of", "2025-06-30").Exit);
        var pool = File.ReadAllText(Path.Combine(_dir, "pb.csv"));
        Assert.Equal(File.ReadAllText(Path.Combine(_dir, "pa.csv")), pool);
        Assert.DoesNotContain('\uFFFD', pool);
    }

    [Fact]
    public void A_gb18030_file_forced_as_utf8_is_rejected_row_by_row_and_counts_add_up()
    {
        var utf8 = Generated(40);
        var gb = Path.Combine(_dir, "gb.csv");
        File.WriteAllBytes(gb, Gb18030.GetBytes(File.ReadAllText(utf8, Encoding.UTF8)));
        var output = Path.Combine(_dir, "out.csv");

        // The name is read only for the report's reserve pool; with --report, every Chinese name is a reject.
        var (exit, stdout, _) = Run("screen", "--input", gb, "--output", output, "--as-of", "2025-06-30", "--encoding", "utf-8", "--report", Path.Combine(_dir, "r.html"));

        Assert.Equal(0, exit);
        Assert.Contains("Read 40 rows = written 0 + rejected 40", stdout, StringComparison.Ordinal);
        var rejects = File.ReadAllText(output + ".rejects.csv");
        Assert.Contains("not valid UTF-8", rejects, StringComparison.Ordinal);
        Assert.DoesNotContain('\uFFFD', rejects);
    }

    [Fact]
    public void An_unknown_encoding_name_exits_2_listing_the_names_read()
    {
        var (exit, _, stderr) = Run("screen", "--input", Generated(1), "--output", Path.Combine(_dir, "o.csv"), "--encoding", "big5");

        Assert.Equal(2, exit);
        Assert.Contains("--encoding 'big5'", stderr, StringComparison.Ordinal);
        Assert.Contains("gb18030", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void An_ambiguous_file_exits_2_and_names_both_readings()
    {
        var path = Path.Combine(_dir, "amb.csv");
        File.WriteAllBytes(path, [.. "id,name\n1,"u8, 0xC4, 0xA3, 0xC4, 0xB5, .. "\n"u8]);

        var (exit, _, stderr) = Run("screen", "--input", path, "--output", Path.Combine(_dir, "o.csv"), "--programmes", "SmeSize");

        Assert.Equal(2, exit);
        Assert.Contains("ambiguous", stderr, StringComparison.Ordinal);
        Assert.Contains("--encoding gb18030", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_gb18030_json_profile_is_refused_at_its_line_and_column_saying_json_must_be_utf8()
    {
        var json = File.ReadAllText(Path.Combine(TestProfiles.RulesDirectory, "..", "samples", "high-tech-near-miss.json"));
        var utf16 = ProfileJsonReader.ReadFile(Write("u16.json", [0xFF, 0xFE, .. Encoding.Unicode.GetBytes(json)]), Model.FieldSet.Empty);
        Assert.Equal(ProfileJsonReader.ReadFile(Write("u8.json", Encoding.UTF8.GetBytes(json)), Model.FieldSet.Empty), utf16);

        var ex = Assert.Throws<ProfileInputException>(() => ProfileJsonReader.ReadFile(Write("gb.json", Gb18030.GetBytes(json)), Model.FieldSet.Empty));

        var error = Assert.Single(ex.Errors);
        Assert.True(error.Line > 1);
        Assert.Contains("not valid UTF-8", error.Reason, StringComparison.Ordinal);
        Assert.Contains("JSON 须保存为 UTF-8", error.Reason, StringComparison.Ordinal);
    }

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}

using CsCheck;
using nietras.SeparatedValues;
using PolicyRules.Input;
using PolicyRules.Output;

namespace PolicyRules.Tests.Reliability;

/// <summary>
/// Issue 13, class 7: ids and names a spreadsheet would run as formulas (= + - @, tab, CR) are written
/// to CSV outputs with a leading apostrophe, unless raw values are asked for (--raw-text, RawText).
/// </summary>
public sealed class FormulaInjectionTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("policyrules-formula-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly string[] Hostile = ["=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)", "\tTAB", "＝1+1"];

    private string Input()
    {
        var path = Path.Combine(_dir, "in.csv");
        ProfileCsvWriter.Write(path, Hostile.Select(id => TestProfiles.Baseline() with { Id = id, Name = id })
            .Append(TestProfiles.Baseline() with { Id = "=BAD", Name = "@name", TechStaff = 5 }));
        return path;
    }

    private static string[] Column(string path, string name)
    {
        using var reader = Sep.Reader(o => o with { Unescape = true }).FromFile(path);
        return [.. reader.Enumerate(row => row[name].ToString())];
    }

    [Fact]
    public void Screen_results_and_rejects_neutralise_formula_like_ids()
    {
        var input = Input();
        File.AppendAllText(input, "=cmd|' /C calc'!A0" + new string(',', 5) + "\n"); // an unreadable row with a hostile id
        var output = Path.Combine(_dir, "out.csv");
        var (exit, _, _) = Cli.Cli.Run("screen", "--input", input, "--output", output, "--as-of", "2025-06-30", "--programmes", "SmeSize");

        Assert.Equal(0, exit);
        Assert.Equal([.. Hostile.Select(h => "'" + h), "'=BAD"], Column(output, "id"));
        Assert.Equal("'=cmd|' /C calc'!A0", Assert.Single(Column(output + ".rejects.csv", "id")));
    }

    [Fact]
    public void Raw_text_keeps_the_values_as_read()
    {
        var input = Input();
        var output = Path.Combine(_dir, "raw.csv");
        var (exit, _, _) = Cli.Cli.Run("screen", "--input", input, "--output", output, "--as-of", "2025-06-30", "--programmes", "SmeSize", "--raw-text");

        Assert.Equal(0, exit);
        Assert.Equal([.. Hostile, "=BAD"], Column(output, "id"));
    }

    [Fact]
    public void The_reserve_pool_neutralises_ids_and_names()
    {
        var input = Input();
        var output = Path.Combine(_dir, "pool.csv");
        var (exit, _, stderr) = Cli.Cli.Run("gap", "--programme", "HighTechEnterprise", "--input", input, "--output", output, "--as-of", "2025-06-30");

        Assert.Equal(0, exit);
        var ids = Column(output, "id");
        Assert.Contains("'=BAD", ids); // fails the S&T staff share only: in the pool
        Assert.Contains("'@name", Column(output, "name"));
        Assert.All(Column(output, "name"), name => Assert.False(SpreadsheetText.IsFormulaLike(name), name));
    }

    /// <summary>Any text: the neutralised cell never starts like a formula, and dropping the apostrophe gives the text back.</summary>
    [Fact]
    public void Neutralised_text_is_never_formula_like_and_loses_nothing()
    {
        Gen.String[Gen.Char["=+-@\t\r＝＋－＠abc1 '"], 0, 12].Sample(text =>
        {
            var safe = SpreadsheetText.Neutralize(text);
            Assert.False(SpreadsheetText.IsFormulaLike(safe));
            Assert.Equal(text, SpreadsheetText.IsFormulaLike(text) ? safe[1..] : safe);
        }, iter: 2_000);
    }
}

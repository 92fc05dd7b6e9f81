namespace PolicyRules.Tests.Cli;

/// <summary>
/// One vocabulary across commands: <c>--programme</c> (one), <c>--programmes</c> (a list),
/// <c>--profile</c> (one record's JSON file), the tool named <c>policyrules</c> in usage lines. The
/// other spellings work, with a bilingual hint on stderr naming the one to use; the canonical ones
/// print no hint.
/// </summary>
public sealed class VocabularyTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("policyrules-vocabulary-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Enterprises => Path.Combine(TestProfiles.RulesDirectory, "..", "samples", "enterprises.csv");

    private static string NearMiss => Path.Combine(TestProfiles.RulesDirectory, "..", "samples", "high-tech-near-miss.json");

    public static TheoryData<string, string> ListSpellings() => new()
    {
        { "screen", "--programs" }, { "screen", "--programme" }, { "screen", "--program" },
        { "sql", "--programs" }, { "sql", "--program" },
    };

    private string[] ListCommand(string command, string spelling) => command switch
    {
        "screen" => ["screen", spelling, "HighTechEnterprise", "--input", Enterprises, "--output", Path.Combine(_dir, "r.csv"), "--as-of", "2025-06-30"],
        _ => ["sql", spelling, "HighTechEnterprise", "--as-of", "2025-06-30"],
    };

    [Theory]
    [MemberData(nameof(ListSpellings))]
    public void Another_spelling_of_programmes_works_with_a_bilingual_hint(string command, string spelling)
    {
        var (canonicalExit, canonicalOut, canonicalErr) = Cli.Run(ListCommand(command, "--programmes"));
        var (exit, stdout, stderr) = Cli.Run(ListCommand(command, spelling));

        Assert.True(canonicalExit == 0, canonicalErr);
        Assert.Equal(0, exit);
        Assert.DoesNotContain("Hint:", canonicalErr, StringComparison.Ordinal);
        Assert.Contains($"Hint: {spelling} is read as --programmes", stderr, StringComparison.Ordinal);
        Assert.Contains($"提示：{spelling} 按 --programmes 处理", stderr, StringComparison.Ordinal);
        if (command == "sql")
        {
            Assert.Equal(canonicalOut, stdout); // the same query
        }
    }

    [Theory]
    [InlineData("--program", "--profile", "--program")]
    [InlineData("--programmes", "--profile", "--programmes")]
    [InlineData("--programme", "--input", "--input")]
    public void Evaluate_takes_one_programme_and_one_profile_hinting_at_other_spellings(string programme, string profile, string hinted)
    {
        var (canonicalExit, canonical, canonicalErr) = Cli.Run("evaluate", "--programme", "HighTechEnterprise", "--profile", NearMiss, "--as-of", "2025-06-30");
        var (exit, stdout, stderr) = Cli.Run("evaluate", programme, "HighTechEnterprise", profile, NearMiss, "--as-of", "2025-06-30");

        Assert.True(canonicalExit == 0, canonicalErr);
        Assert.Equal(0, exit);
        Assert.Equal(canonical, stdout);
        Assert.Empty(canonicalErr);
        Assert.Contains($"Hint: {hinted} is read as", stderr, StringComparison.Ordinal);
        Assert.Contains($"提示：{hinted} 按", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Gap_accepts_the_american_spelling_with_a_hint()
    {
        var (exit, _, stderr) = Cli.Run("gap", "--program", "HighTechEnterprise", "--profile", NearMiss, "--as-of", "2025-06-30");

        Assert.Equal(0, exit);
        Assert.Contains("Hint: --program is read as --programme", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("screen")]
    [InlineData("evaluate")]
    [InlineData("lint")]
    public void Usage_lines_name_the_tool_policyrules(string command)
    {
        var (exit, stdout, _) = Cli.Run(command.Length == 0 ? ["--help"] : [command, "--help"]);

        Assert.Equal(0, exit);
        Assert.Contains($"policyrules {(command.Length == 0 ? "" : command + " ")}[", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("PolicyRules.Cli", stdout, StringComparison.Ordinal);
    }
}

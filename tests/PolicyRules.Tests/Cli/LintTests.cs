using PolicyRules.Cli;

namespace PolicyRules.Tests.Cli;

/// <summary><c>policyrules lint</c>: the same checks as the build, in the compiler's format.</summary>
public sealed class LintTests : IDisposable
{
    private readonly string _rules = Directory.CreateTempSubdirectory("policyrules-lint-").FullName;

    public void Dispose() => Directory.Delete(_rules, recursive: true);

    [Fact]
    public void The_bundled_rules_lint_clean()
    {
        var (exit, stdout, stderr) = Run("lint", "--rules", TestProfiles.RulesDirectory);
        Assert.Equal(0, exit);
        Assert.Equal("", stderr);
        var files = PolicyEngine.RuleFiles(TestProfiles.RulesDirectory).Count; // one version per file
        var programmes = PolicyEngine.LoadDirectory(TestProfiles.RulesDirectory).Programmes.Length;
        Assert.True(programmes < files, "some programmes have several versions, one file each");
        Assert.Contains($"{programmes} programme(s), {files} file(s): 0 warning(s), no errors.", stdout, StringComparison.Ordinal);
    }

    public static TheoryData<string, string, string, string, string> Injected => new()
    {
        { "misspelt member", "HighTechEnterprise.json", "enterprise.InnovationCapabilityScore > 70", "enterprise.InnovationScore > 70", "PR1006" },
        { "broken operator", "TechBasedSme.2017.json", "\"Operator\": \"OrElse\"", "\"Operator\": \"Xor\"", "PR1003" },
        { "duplicate rule", "HighTechEnterprise.json", "\"RuleName\": \"SupportedTechField\"", "\"RuleName\": \"CoreIntellectualProperty\"", "PR1005" },
        { "JSON syntax error", "SmeSize.json", "\"Version\": \"2011\",", "\"Version\": \"2011\",,", "PR1001" },
        { "non-boolean expression", "HighTechEnterprise.json", "\"Expression\": \"techStaffRatio >= 0.10\"", "\"Expression\": \"techStaffRatio\"", "PR1008" },
        { "unknown parameter", "HighTechEnterprise.json", "\"Expression\": \"domesticRdShare >= 0.60\"", "\"Expression\": \"domesticShare >= 0.60\"", "PR1010" },
    };

    [Theory]
    [MemberData(nameof(Injected))]
    public void A_fault_injected_into_a_bundled_file_is_reported_on_its_line(string fault, string file, string good, string bad, string id)
    {
        foreach (var path in PolicyEngine.RuleFiles(TestProfiles.RulesDirectory))
        {
            File.Copy(path, Path.Combine(_rules, Path.GetFileName(path)));
        }

        var target = Path.Combine(_rules, file);
        var text = File.ReadAllText(target);
        Assert.Contains(good, text, StringComparison.Ordinal);
        text = ReplaceLast(text, good, bad);
        File.WriteAllText(target, text);
        var line = text[..text.LastIndexOf(bad, StringComparison.Ordinal)].Count(c => c == '\n') + 1;

        var (exit, _, stderr) = Run("lint", "--rules", _rules);

        Assert.Equal(2, exit);
        Assert.Contains($"{target}({line},", stderr, StringComparison.Ordinal);
        Assert.Matches($@"{System.Text.RegularExpressions.Regex.Escape(target)}\({line},\d+\): error {id}: ", stderr);
        _ = fault;
    }

    private static string ReplaceLast(string text, string old, string replacement)
    {
        var at = text.LastIndexOf(old, StringComparison.Ordinal);
        return string.Concat(text.AsSpan(0, at), replacement, text.AsSpan(at + old.Length));
    }

    private static (int Exit, string Out, string Err) Run(params string[] args) => Cli.Run(args);
}

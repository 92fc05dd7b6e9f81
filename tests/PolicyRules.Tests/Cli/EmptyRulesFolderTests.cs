using PolicyRules.Rules;

namespace PolicyRules.Tests.Cli;

/// <summary>
/// A rules folder with no rule file — empty, or holding only tests, schemas or notes — checks nothing:
/// every command reading one fails (exit 2) naming the folder in both languages, and the library's
/// loaders refuse it with a diagnostic at the folder, rather than pass with 0 programmes.
/// </summary>
public sealed class EmptyRulesFolderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("policyrules-empty-rules-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly string Sample = Path.Combine(TestProfiles.RulesDirectory, "..", "samples", "enterprises.csv");

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        string[] commands =
        [
            "lint", "test", "sql", "screen --input {sample} --output {out}.csv", "evaluate --programme SmeSize --profile {out}.json",
            "gap --programme HighTechEnterprise --input {sample} --output {out}.csv", "simulate --reform {out}.reform.json --input {sample}",
        ];
        foreach (var command in commands)
        {
            data.Add(command, "empty");
            data.Add(command, "only-tests-and-notes");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_command_reading_a_rules_folder_without_rule_files_fails_naming_the_folder(string command, string folderKind)
    {
        var folder = Folder(folderKind);
        var args = command.Split(' ')
            .Select(a => a.Replace("{sample}", Sample, StringComparison.Ordinal).Replace("{out}", Path.Combine(_dir, "out"), StringComparison.Ordinal))
            .Concat(["--rules", folder]);

        var (exit, _, err) = Cli.Run([.. args]);

        Assert.True(exit == 2, $"exit {exit}: {err}");
        Assert.Contains($"The rules folder '{folder}' holds no rule files", err, StringComparison.Ordinal);
        Assert.Contains($"规则目录 '{folder}' 中没有规则文件", err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("empty")]
    [InlineData("only-tests-and-notes")]
    public void The_loaders_refuse_a_rules_folder_without_rule_files(string folderKind)
    {
        var folder = Folder(folderKind);
        var one = new List<RuleDiagnostic>();
        var several = new List<RuleDiagnostic>();

        Assert.False(PolicyEngine.TryLoadDirectory(folder, one, out _));
        Assert.False(PolicyEngine.TryLoadDirectories([TestProfiles.RulesDirectory, folder], several, out _));

        foreach (var diagnostics in (List<RuleDiagnostic>[])[one, several])
        {
            var error = Assert.Single(diagnostics, d => d.Severity == DiagnosticSeverity.Error);
            Assert.Contains(folder, error.Message, StringComparison.Ordinal);
        }
    }

    private string Folder(string kind)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_dir, kind)).FullName;
        if (kind == "only-tests-and-notes")
        {
            File.WriteAllText(Path.Combine(folder, "SmeSize.tests.json"), "[]");
            File.WriteAllText(Path.Combine(folder, "Plan.targets.json"), "{}");
            File.WriteAllText(Path.Combine(folder, "README.md"), "# notes");
        }

        return folder;
    }
}

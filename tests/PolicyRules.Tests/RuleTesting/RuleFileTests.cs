using PolicyRules.Cli;
using PolicyRules.RuleTesting;

namespace PolicyRules.Tests.RuleTesting;

/// <summary>The tests that stand next to the rules (rules/*.tests.json) pass, under dotnet test too.</summary>
public sealed class RuleFileTests
{
    private static readonly PolicyEngine Engine = PolicyEngine.LoadDirectory(TestProfiles.RulesDirectory);

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var file in RuleTestRunner.TestFiles(TestProfiles.RulesDirectory))
        {
            foreach (var result in RuleTestRunner.Run(Engine, file))
            {
                data.Add(Path.GetFileName(file), result.Name);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Rule_test_case_passes(string file, string name)
    {
        var result = RuleTestRunner.Run(Engine, Path.Combine(TestProfiles.RulesDirectory, file)).Single(r => r.Name == name);
        Assert.True(result.Passed, string.Join("; ", result.Differences));
    }

    [Fact]
    public void Every_programme_has_at_least_ten_rule_tests()
    {
        foreach (var programme in Engine.Programmes)
        {
            var file = Path.Combine(TestProfiles.RulesDirectory, programme + ".tests.json");
            Assert.True(RuleTestRunner.Run(Engine, file).Count >= 10, programme);
        }
    }

    [Fact]
    public void Policyrules_test_reports_a_diff_and_exits_1_when_a_case_fails()
    {
        var directory = Directory.CreateTempSubdirectory("policyrules-ruletests-").FullName;
        try
        {
            foreach (var path in Directory.EnumerateFiles(TestProfiles.RulesDirectory, "*.json"))
            {
                File.Copy(path, Path.Combine(directory, Path.GetFileName(path)));
            }

            var tests = Path.Combine(directory, "HighTechEnterprise.tests.json");
            File.WriteAllText(tests, File.ReadAllText(tests).Replace("\"techStaff\": 9", "\"techStaff\": 10", StringComparison.Ordinal));
            var (exit, stdout, _) = Tests.Cli.Cli.Run("test", "--rules", directory);

            Assert.Equal(1, exit);
            Assert.Contains("✗ HighTechEnterprise.tests.json: S&T staff 9%", stdout, StringComparison.Ordinal);
            Assert.Contains("eligible: expected False, got True", stdout, StringComparison.Ordinal);
            Assert.Contains("failed criteria: expected [TechStaffRatio], got []", stdout, StringComparison.Ordinal);
            Assert.Contains("1 failed", stdout, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Policyrules_test_passes_on_the_bundled_rules()
    {
        var (exit, stdout, _) = Tests.Cli.Cli.Run("test", "--rules", TestProfiles.RulesDirectory);
        Assert.Equal(0, exit);
        Assert.Contains(" 0 failed", stdout, StringComparison.Ordinal);
    }
}

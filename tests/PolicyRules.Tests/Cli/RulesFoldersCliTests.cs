using System.Text.RegularExpressions;
using PolicyRules.Tests.Packaging;

namespace PolicyRules.Tests.Cli;

/// <summary>
/// <c>--rules</c> is repeatable on every command that loads rules: the folders load as one rule set
/// (<see cref="PolicyEngine.LoadDirectories"/>), and a programme in two of them reaches the user as
/// PR1031 at the file, line and column, in both languages, whichever command they ran.
/// </summary>
public sealed partial class RulesFoldersCliTests : IDisposable
{
    private readonly string _app = Directory.CreateTempSubdirectory("policyrules-cli-app-").FullName;

    public void Dispose() => Directory.Delete(_app, recursive: true);

    private static string Bundled => TestProfiles.RulesDirectory;

    private static string District => Path.Combine(Bundled, "..", "samples", "district-policy", "rules");

    private static string Programme(string name, string expression, string uses = "", bool overrides = false) => $$"""
        [
          {
            "WorkflowName": "{{name}}",
            "PolicyRules": {
              "Version": "1", "TitleZh": "测试", "TitleEn": "Test", "Status": "provisional", "EffectiveFrom": "2023-01-01",
              "Documents": { "测试": "《测试》" }{{(uses.Length > 0 ? $", \"Uses\": [ \"{uses}\" ]" : "")}}{{(overrides ? ", \"Overrides\": true" : "")}}
            },
            "Rules": [
              { "RuleName": "Only", "Expression": "{{expression.Replace("\"", "\\\"", StringComparison.Ordinal)}}", "Properties": { "TitleZh": "唯一条件", "TitleEn": "Only rule", "Citation": { "Document": "测试", "Article": "一" } } }
            ]
          }
        ]
        """;

    private string Write(string name, string text)
    {
        var path = Path.Combine(_app, name);
        File.WriteAllText(path, text);
        return path;
    }

    private string Profile()
    {
        var path = Path.Combine(_app, "profile.json");
        File.WriteAllText(path, """{ "id": "E1", "industry": "SoftwareAndIT", "employees": 20, "revenueY1": 2000000, "totalAssets": 2000000 }""");
        return path;
    }

    /// <summary>Each command that loads rules, with the arguments it needs besides <c>--rules</c>.</summary>
    public static TheoryData<string> Commands() => ["screen", "evaluate", "gap", "sql", "simulate", "generate", "lint", "test"];

    private string[] ArgumentsOf(string command) => command switch
    {
        "screen" => ["screen", "--input", Path.Combine(Bundled, "..", "samples", "enterprises.csv"), "--output", Path.Combine(_app, "out.csv"), "--as-of", "2025-06-30"],
        "evaluate" => ["evaluate", "--programme", "SmeSize", "--profile", Profile(), "--as-of", "2025-06-30"],
        "gap" => ["gap", "--programme", "SmeSize", "--profile", Profile(), "--as-of", "2025-06-30"],
        "sql" => ["sql", "--programmes", "SmeSize", "--as-of", "2025-06-30"],
        "simulate" => ["simulate", "--reform", Path.Combine(_app, "none.reform.json"), "--input", Path.Combine(Bundled, "..", "samples", "enterprises.csv"), "--as-of", "2025-06-30"],
        "generate" => ["generate", "--count", "3", "--output", Path.Combine(_app, "generated.csv")],
        _ => [command],
    };

    [Theory]
    [MemberData(nameof(Commands))]
    public void A_programme_in_two_folders_is_PR1031_at_its_line_and_column_in_both_languages_on_every_command(string command)
    {
        var copy = Write("SmeSize.json", Programme("SmeSize", "enterprise.Employees >= 0"));

        var (exit, _, stderr) = Cli.Run([.. ArgumentsOf(command), "--rules", Bundled, "--rules", _app]);

        Assert.Equal(2, exit);
        var match = Pr1031().Match(stderr);
        Assert.True(match.Success, stderr);
        Assert.Equal(copy, match.Groups["file"].Value);
        Assert.True(int.Parse(match.Groups["line"].Value, System.Globalization.CultureInfo.InvariantCulture) >= 1, stderr);
        Assert.True(int.Parse(match.Groups["column"].Value, System.Globalization.CultureInfo.InvariantCulture) >= 1, stderr);
        Assert.Contains("one rules folder never silently replaces another's programme", stderr, StringComparison.Ordinal);
        Assert.Contains("规则目录之间不会静默覆盖", stderr, StringComparison.Ordinal);
        Assert.Contains("\"Overrides\": true", stderr, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"(?<file>\S+SmeSize\.json)\((?<line>\d+),(?<column>\d+)\): error PR1031: ")]
    private static partial Regex Pr1031();

    [Fact]
    public void One_folder_per_option_is_still_one_folder()
    {
        Write("SmeSize.json", Programme("SmeSize", "enterprise.Employees >= 0"));

        var (exit, stdout, stderr) = Cli.Run("lint", "--rules", _app);

        Assert.True(exit == 0, stderr);
        Assert.Contains("1 programme(s), 1 file(s)", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Screen_over_two_folders_writes_the_app_programme_that_uses_a_bundled_one()
    {
        Write("DistrictSme.json", Programme("DistrictSme", "programmes.Classification(\"SmeSize\") in (\"Small\", \"Micro\")", uses: "SmeSize"));
        var output = Path.Combine(_app, "results.csv");

        var (exit, _, stderr) = Cli.Run("screen", "--rules", Bundled, "--rules", _app, "--programmes", "SmeSize,DistrictSme",
            "--input", Path.Combine(Bundled, "..", "samples", "enterprises.csv"), "--output", output, "--as-of", "2025-06-30");

        Assert.True(exit == 0, stderr);
        var lines = File.ReadAllLines(output);
        var header = lines[0].Split(',');
        var size = Array.IndexOf(header, "SmeSize.classification");
        var district = Array.IndexOf(header, "DistrictSme.eligible");
        Assert.True(size >= 0 && district >= 0, lines[0]);
        foreach (var row in lines.Skip(1).Select(l => l.Split(',')))
        {
            Assert.Equal(row[size] is "Small" or "Micro", bool.Parse(row[district]));
        }
    }

    [Fact]
    public void Overrides_true_replaces_the_other_folders_programme_with_an_info()
    {
        Write("SmeSize.json", Programme("SmeSize", "enterprise.Employees >= 1000000", overrides: true));

        var (exit, stdout, stderr) = Cli.Run("evaluate", "--rules", Bundled, "--rules", _app, "--programme", "SmeSize", "--profile", Profile(), "--as-of", "2025-06-30", "--format", "json");

        Assert.True(exit == 0, stderr);
        Assert.Contains("info PR1031", stderr, StringComparison.Ordinal);
        Assert.Contains("\"eligible\": false", stdout, StringComparison.Ordinal); // the app's version decided
    }

    [Fact]
    public void Test_runs_the_rule_tests_of_every_folder()
    {
        var (exitOne, one, _) = Cli.Run("test", "--rules", District);
        var (exit, both, stderr) = Cli.Run("test", "--rules", Bundled, "--rules", District);

        Assert.Equal(0, exitOne);
        Assert.True(exit == 0, both + stderr);
        var passed = PassedCount();
        var districtPassed = int.Parse(passed.Match(one).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var allPassed = int.Parse(passed.Match(both).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(allPassed > districtPassed, both);
    }

    [GeneratedRegex(@"(\d+) passed, 0 failed")]
    private static partial Regex PassedCount();

    [Fact]
    public void A_missing_folder_among_several_is_named()
    {
        var missing = Path.Combine(_app, "nope");

        var (exit, _, stderr) = Cli.Run("lint", "--rules", Bundled, "--rules", missing);

        Assert.Equal(2, exit);
        Assert.Contains($"The rules folder '{missing}' does not exist.", stderr, StringComparison.Ordinal);
        Assert.Contains($"规则目录 '{missing}' 不存在", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Lint_and_test_without_rules_read_the_same_folder_the_authors_rules()
    {
        // A folder holding an author's rules/ and nothing else: both commands find it, neither the bundled rules.
        var project = Directory.CreateDirectory(Path.Combine(_app, "project")).FullName;
        var rules = Directory.CreateDirectory(Path.Combine(project, "rules")).FullName;
        foreach (var file in Directory.GetFiles(District))
        {
            File.Copy(file, Path.Combine(rules, Path.GetFileName(file)));
        }

        var cli = Path.Combine(AppContext.BaseDirectory, "PolicyRules.Cli.dll");
        var (lintExit, lintOut, lintErr) = Dotnet.RunWithStreams(project, [cli, "lint"], null);
        var (testExit, testOut, testErr) = Dotnet.RunWithStreams(project, [cli, "test"], null);

        Assert.True(lintExit == 0, lintErr);
        Assert.True(testExit == 0, testErr);
        Assert.Contains("2 programme(s), 2 file(s)", System.Text.Encoding.UTF8.GetString(lintOut), StringComparison.Ordinal);
        Assert.Matches(PassedCount(), System.Text.Encoding.UTF8.GetString(testOut));
    }
}

using PolicyRules.Model;
using PolicyRules.RuleTesting;
using PolicyRules.Rules;

namespace PolicyRules.Tests.Rules;

/// <summary>
/// Several rules folders loaded as one rule set (the bundled rules and an app's own): programmes use
/// each other across folders; a programme defined in two folders is PR1031 unless exactly one says
/// <c>"Overrides": true</c>; the outcome does not depend on the folders' order; the build's checker
/// (<see cref="RuleLinter.CheckFolders"/>) reports what loading does.
/// </summary>
public sealed class RuleFoldersTests : IDisposable
{
    private static readonly DateOnly AsOf = new(2025, 6, 30);
    private readonly string _app = Directory.CreateTempSubdirectory("policyrules-app-rules-").FullName;
    private readonly string _other = Directory.CreateTempSubdirectory("policyrules-other-rules-").FullName;

    public void Dispose()
    {
        Directory.Delete(_app, recursive: true);
        Directory.Delete(_other, recursive: true);
    }

    private static string Programme(string name, string expression, string uses = "", bool? overrides = null, string title = "Test") => $$"""
        [
          {
            "WorkflowName": "{{name}}",
            "PolicyRules": {
              "Version": "1", "TitleZh": "测试", "TitleEn": "{{title}}", "Status": "provisional", "EffectiveFrom": "2023-01-01",
              "Documents": { "测试": "《测试》" }{{(uses.Length > 0 ? $", \"Uses\": [ \"{uses}\" ]" : "")}}{{(overrides is { } o ? $", \"Overrides\": {(o ? "true" : "false")}" : "")}}
            },
            "Rules": [
              { "RuleName": "Only", "Expression": "{{expression.Replace("\"", "\\\"", StringComparison.Ordinal)}}", "Properties": { "TitleZh": "唯一条件", "TitleEn": "Only rule", "Citation": { "Document": "测试", "Article": "一" } } }
            ]
          }
        ]
        """;

    private static void Write(string folder, string name, string text) => File.WriteAllText(Path.Combine(folder, name), text);

    private static (bool Loaded, PolicyEngine? Engine, List<RuleDiagnostic> Diagnostics) Load(params string[] folders)
    {
        var diagnostics = new List<RuleDiagnostic>();
        var loaded = PolicyEngine.TryLoadDirectories(folders, diagnostics, out var engine);
        return (loaded, engine, diagnostics);
    }

    [Fact]
    public void An_app_programme_uses_a_bundled_one_across_folders()
    {
        Write(_app, "DistrictSme.json", Programme("DistrictSme", "programmes.Classification(\"SmeSize\") in (\"Small\", \"Micro\")", uses: "SmeSize"));

        var (loaded, engine, diagnostics) = Load(TestProfiles.RulesDirectory, _app);

        Assert.True(loaded, string.Join("\n", diagnostics));
        Assert.Contains("DistrictSme", engine!.Programmes);
        Assert.Contains("HighTechEnterprise", engine.Programmes);
        Assert.DoesNotContain(diagnostics, d => d.Id == DiagnosticIds.ProgrammeInTwoFolders);
        var small = new EnterpriseProfile { Id = "s", Industry = Industry.SoftwareAndIT, Employees = 20, RevenueY1 = 2_000_000m, TotalAssets = 2_000_000m };
        Assert.Equal(engine.Evaluate("SmeSize", small, AsOf).Classification is "Small" or "Micro", engine.Evaluate("DistrictSme", small, AsOf).Eligible);
        // Alone, the app's folder lacks what it uses: PR1020, as before.
        Assert.Contains(Load(_app).Diagnostics, d => d.Id == DiagnosticIds.UnknownProgrammeReference);
    }

    [Fact]
    public void A_same_named_programme_without_Overrides_is_PR1031_in_either_order_naming_both_folders()
    {
        Write(_app, "SmeSize.json", Programme("SmeSize", "enterprise.Employees >= 0"));

        foreach (var folders in (string[][])[[TestProfiles.RulesDirectory, _app], [_app, TestProfiles.RulesDirectory]])
        {
            var (loaded, engine, diagnostics) = Load(folders);

            Assert.False(loaded);
            Assert.Null(engine);
            var error = Assert.Single(diagnostics, d => d.Id == DiagnosticIds.ProgrammeInTwoFolders);
            Assert.Equal(DiagnosticSeverity.Error, error.Severity);
            Assert.Contains(Path.GetFullPath(TestProfiles.RulesDirectory), error.Message, StringComparison.Ordinal);
            Assert.Contains(_app, error.Message, StringComparison.Ordinal);
            Assert.Contains("\"Overrides\": true", error.Message, StringComparison.Ordinal);
            Assert.NotNull(error.RelatedLocation);
            Assert.NotEqual(error.Location.Path, error.RelatedLocation!.Path);
            // Only PR1031: the duplicate is not also reported as clashing versions or workflows.
            Assert.DoesNotContain(diagnostics, d => d.Severity == DiagnosticSeverity.Error && d.Id != DiagnosticIds.ProgrammeInTwoFolders);
        }

        var exception = Assert.Throws<RuleLoadException>(() => PolicyEngine.LoadDirectories(TestProfiles.RulesDirectory, _app));
        Assert.Contains(exception.Diagnostics, d => d.Id == DiagnosticIds.ProgrammeInTwoFolders);
    }

    [Fact]
    public void Overrides_true_replaces_the_bundled_programme_everywhere_and_says_so()
    {
        Write(_app, "SmeSize.json", Programme("SmeSize", "enterprise.Employees >= 0", overrides: true, title: "District size rule"));

        foreach (var folders in (string[][])[[TestProfiles.RulesDirectory, _app], [_app, TestProfiles.RulesDirectory]])
        {
            var (loaded, engine, diagnostics) = Load(folders);

            Assert.True(loaded, string.Join("\n", diagnostics));
            Assert.Equal("District size rule", engine!.GetProgramme("SmeSize", AsOf).Definition.Title.En);
            Assert.Single(engine.GetVersions("SmeSize"));
            var info = Assert.Single(diagnostics, d => d.Id == DiagnosticIds.ProgrammeInTwoFolders);
            Assert.Equal(DiagnosticSeverity.Info, info.Severity);
            Assert.Contains(Path.Combine(_app, "SmeSize.json"), info.Location.Path, StringComparison.Ordinal);
            // Bundled programmes that use SmeSize now use the app's.
            Assert.Contains("InnovativeSme", engine.Programmes);
        }
    }

    [Fact]
    public void Overrides_false_is_no_choice_and_Overrides_in_two_folders_is_an_error()
    {
        Write(_app, "SmeSize.json", Programme("SmeSize", "enterprise.Employees >= 0", overrides: false));
        Assert.Contains(Load(TestProfiles.RulesDirectory, _app).Diagnostics, d => d.Id == DiagnosticIds.ProgrammeInTwoFolders && d.Severity == DiagnosticSeverity.Error);

        Write(_app, "SmeSize.json", Programme("SmeSize", "enterprise.Employees >= 0", overrides: true));
        Write(_other, "SmeSize.json", Programme("SmeSize", "enterprise.Employees >= 1", overrides: true));
        var (loaded, _, diagnostics) = Load(TestProfiles.RulesDirectory, _app, _other);

        Assert.False(loaded);
        Assert.Contains(diagnostics, d => d.Id == DiagnosticIds.ProgrammeInTwoFolders && d.Message.Contains("more than one rules folder", StringComparison.Ordinal));
    }

    [Fact]
    public void Overrides_with_nothing_to_override_is_a_warning_with_the_likely_name()
    {
        Write(_app, "SmeSise.json", Programme("SmeSise", "enterprise.Employees >= 0", overrides: true));

        var (loaded, engine, diagnostics) = Load(TestProfiles.RulesDirectory, _app);

        Assert.True(loaded, string.Join("\n", diagnostics));
        Assert.NotNull(engine);
        var warning = Assert.Single(diagnostics, d => d.Id == DiagnosticIds.ProgrammeInTwoFolders);
        Assert.Equal(DiagnosticSeverity.Warning, warning.Severity);
        Assert.Contains("did you mean 'SmeSize'?", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_given_twice_loads_once_and_a_missing_folder_is_PR1019()
    {
        Write(_app, "Own.json", Programme("Own", "enterprise.Employees >= 0"));

        var (loaded, engine, diagnostics) = Load(_app, _app + Path.DirectorySeparatorChar, Path.Combine(_app, "..", Path.GetFileName(_app)));
        Assert.True(loaded, string.Join("\n", diagnostics));
        Assert.Equal("Own", Assert.Single(engine!.Programmes));

        var missing = Path.Combine(_app, "nope");
        var (missingLoaded, _, missingDiagnostics) = Load(_app, missing);
        Assert.False(missingLoaded);
        Assert.Contains(missingDiagnostics, d => d.Id == DiagnosticIds.UnreadableFile && d.Location.Path == missing);
    }

    [Fact]
    public void A_non_boolean_Overrides_is_PR1002_on_its_value()
    {
        Write(_app, "SmeSize.json", Programme("SmeSize", "enterprise.Employees >= 0").Replace("\"Status\"", "\"Overrides\": \"yes\", \"Status\"", StringComparison.Ordinal));

        var (_, _, diagnostics) = Load(_app);

        Assert.Contains(diagnostics, d => d.Id == DiagnosticIds.SchemaViolation && d.Message.Contains("\"Overrides\" must be true or false", StringComparison.Ordinal));
    }

    [Fact]
    public void The_build_checker_reports_what_loading_reports()
    {
        Write(_app, "SmeSize.json", Programme("SmeSize", "enterprise.Employees >= 0"));
        Write(_app, "DistrictSme.json", Programme("DistrictSme", "programmes.Eligible(\"TechBasedSme\")", uses: "TechBasedSme"));
        var files = PolicyEngine.RuleFiles(TestProfiles.RulesDirectory).Select(f => (Folder: "bundled", File: f))
            .Concat(PolicyEngine.RuleFiles(_app).Select(f => (Folder: "app", File: f)))
            .ToList();
        var handles = files.Select(f => RuleLinter.Read(f.File, File.ReadAllText(f.File))).ToArray();

        var rows = RuleLinter.CheckFolders(handles, [.. files.Select(f => f.Folder)]);
        var loaded = Load(TestProfiles.RulesDirectory, _app).Diagnostics;

        Assert.Equal(
            loaded.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => (d.Id, Path.GetFileName(d.Location.Path), d.Location.Line)).Order(),
            rows.Where(r => r[1] == "error").Select(r => (r[0], Path.GetFileName(r[3]), int.Parse(r[4], System.Globalization.CultureInfo.InvariantCulture))).Order());
        Assert.Contains(rows, r => r[0] == DiagnosticIds.ProgrammeInTwoFolders);
        Assert.DoesNotContain(rows, r => r[0] == DiagnosticIds.UnknownProgrammeReference);
        var programmes = RuleLinter.ProgrammesOfFolders(handles, [.. files.Select(f => f.Folder)]);
        Assert.Contains(programmes, p => p[0] == "DistrictSme");
        Assert.Single(programmes, p => p[0] == "SmeSize");
    }

    [Fact]
    public void The_bundled_rules_sit_in_a_folder_of_their_own_beside_the_assembly()
    {
        Assert.Equal("policyrules-bundled", Path.GetFileName(PolicyEngine.BundledRulesDirectory));
        Assert.True(File.Exists(Path.Combine(PolicyEngine.BundledRulesDirectory, "HighTechEnterprise.json")));
        Assert.Equal(PolicyEngine.LoadDirectory(TestProfiles.RulesDirectory).RuleSetId, PolicyEngine.LoadBundled().RuleSetId);
    }
}

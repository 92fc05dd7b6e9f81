using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PolicyRules.Extensions.DependencyInjection;
using PolicyRules.Model;
using PolicyRules.Rules;

namespace PolicyRules.Tests.DependencyInjection;

/// <summary>
/// <see cref="PolicyRulesOptions.RulesDirectories"/>: several folders as one rule set in the
/// container, as <see cref="PolicyEngine.LoadDirectories"/> loads them (PR1031 for a programme in
/// two), every folder watched by hot reload; <see cref="PolicyRulesOptions.RulesDirectory"/> alone
/// works as before, and setting both is refused.
/// </summary>
public sealed class SeveralFoldersTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly string _app = Directory.CreateTempSubdirectory("policyrules-di-app-").FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(_app, recursive: true);
        }
        catch (IOException)
        {
            // A watcher of a failed test may still hold it.
        }
    }

    private static string Programme(string name, string expression, string uses = "") => $$"""
        [
          {
            "WorkflowName": "{{name}}",
            "PolicyRules": {
              "Version": "1", "TitleZh": "测试", "TitleEn": "Test", "Status": "provisional", "EffectiveFrom": "2023-01-01",
              "Documents": { "测试": "《测试》" }{{(uses.Length > 0 ? $", \"Uses\": [ \"{uses}\" ]" : "")}}
            },
            "Rules": [
              { "RuleName": "Only", "Expression": "{{expression.Replace("\"", "\\\"", StringComparison.Ordinal)}}", "Properties": { "TitleZh": "唯一条件", "TitleEn": "Only rule", "Citation": { "Document": "测试", "Article": "一" } } }
            ]
          }
        ]
        """;

    private static void WriteAtomically(string folder, string name, string text)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllText(path + ".tmp", text);
        File.Move(path + ".tmp", path, overwrite: true);
    }

    private static ServiceProvider Services(RecordingLoggerProvider log, Action<PolicyRulesOptions> configure)
    {
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddProvider(log).SetMinimumLevel(LogLevel.Trace));
        services.AddPolicyRules(options =>
        {
            options.DefaultAsOf = () => TestProfiles.AsOf;
            configure(options);
        });
        return services.BuildServiceProvider();
    }

    private static EnterpriseProfile Small() =>
        new() { Id = "s", Industry = Industry.SoftwareAndIT, Employees = 20, RevenueY1 = 2_000_000m, TotalAssets = 2_000_000m };

    [Fact]
    public void Two_folders_load_as_one_rule_set_an_app_programme_using_a_bundled_one()
    {
        WriteAtomically(_app, "DistrictSme.json", Programme("DistrictSme", "programmes.Classification(\"SmeSize\") in (\"Small\", \"Micro\")", uses: "SmeSize"));
        using var log = new RecordingLoggerProvider();
        using var provider = Services(log, o =>
        {
            o.RulesDirectories.Add(TestProfiles.RulesDirectory);
            o.RulesDirectories.Add(_app);
        });

        var rules = provider.GetRequiredService<IPolicyRules>();

        Assert.Contains("DistrictSme", rules.Current.Programmes);
        Assert.Contains("HighTechEnterprise", rules.Current.Programmes);
        Assert.Equal(PolicyEngine.LoadDirectories(TestProfiles.RulesDirectory, _app).RuleSetId, rules.RuleSetId);
        Assert.True(rules.Evaluate("DistrictSme", Small()).Eligible);
        var loaded = Assert.Single(log.WithEventId(PolicyRulesEventIds.Loaded));
        Assert.Contains(_app, loaded.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_programme_in_two_folders_fails_the_start_with_PR1031_logged_at_its_file_line_and_column()
    {
        WriteAtomically(_app, "SmeSize.json", Programme("SmeSize", "enterprise.Employees >= 0"));
        using var log = new RecordingLoggerProvider();
        using var provider = Services(log, o =>
        {
            o.RulesDirectories.Add(TestProfiles.RulesDirectory);
            o.RulesDirectories.Add(_app);
        });

        var error = Assert.Throws<RuleLoadException>(() => provider.GetRequiredService<IPolicyRules>());

        var diagnostic = Assert.Single(error.Diagnostics, d => d.Id == DiagnosticIds.ProgrammeInTwoFolders);
        Assert.Equal(Path.Combine(_app, "SmeSize.json"), diagnostic.Location.Path);
        Assert.True(diagnostic.Location.Line >= 1 && diagnostic.Location.Column >= 1);
        var logged = Assert.Single(log.WithEventId(PolicyRulesEventIds.RuleDiagnostic), e => (string?)e.Values["DiagnosticId"] == DiagnosticIds.ProgrammeInTwoFolders);
        Assert.Equal(LogLevel.Error, logged.Level);
        Assert.Equal(diagnostic.Location.Line, logged.Values["Line"]);
        Assert.Contains("规则目录之间不会静默覆盖", (string?)logged.Values["DiagnosticMessage"], StringComparison.Ordinal);
    }

    [Fact]
    public void Setting_both_the_one_folder_and_the_several_is_refused_at_start()
    {
        using var log = new RecordingLoggerProvider();
        using var provider = Services(log, o =>
        {
            o.RulesDirectory = TestProfiles.RulesDirectory;
            o.RulesDirectories.Add(_app);
        });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IPolicyRules>());

        Assert.Contains("not both", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_single_folder_property_still_works_and_leaves_the_list_empty()
    {
        var options = new PolicyRulesOptions { RulesDirectory = _app };

        Assert.Empty(options.RulesDirectories);
        Assert.Equal(_app, options.RulesDirectory);
        Assert.Equal(PolicyEngine.BundledRulesDirectory, new PolicyRulesOptions().RulesDirectory);
    }

    [Fact]
    public void Hot_reload_watches_every_folder()
    {
        using var bundled = new RulesFolder("SmeSize");
        WriteAtomically(_app, "DistrictSme.json", Programme("DistrictSme", "programmes.Classification(\"SmeSize\") in (\"Small\", \"Micro\")", uses: "SmeSize"));
        using var log = new RecordingLoggerProvider();
        using var provider = Services(log, o =>
        {
            o.RulesDirectories.Add(bundled.Path);
            o.RulesDirectories.Add(_app);
            o.HotReload = true;
            o.ReloadDebounce = TimeSpan.FromMilliseconds(20);
        });
        var rules = provider.GetRequiredService<IPolicyRules>();
        using var reloaded = new BlockingQueue<PolicyRulesReloadedEventArgs>();
        rules.Reloaded += (_, e) => reloaded.Add(e);
        Assert.True(rules.Evaluate("DistrictSme", Small()).Eligible);

        // An edit in the second folder reloads.
        WriteAtomically(_app, "DistrictSme.json", Programme("DistrictSme", "programmes.Classification(\"SmeSize\") == \"Medium\"", uses: "SmeSize"));
        Assert.False(reloaded.Take(Timeout).Current.Evaluate("DistrictSme", Small(), TestProfiles.AsOf).Eligible);

        // So does a new file in the first, and the rule set is the two folders' together.
        WriteAtomically(bundled.Path, "Other.json", Programme("Other", "enterprise.Employees >= 1"));
        var current = reloaded.Take(Timeout).Current;
        Assert.Contains("Other", current.Programmes);
        Assert.Contains("DistrictSme", current.Programmes);
        Assert.Equal(PolicyEngine.LoadDirectories(bundled.Path, _app).RuleSetId, rules.RuleSetId);
    }
}

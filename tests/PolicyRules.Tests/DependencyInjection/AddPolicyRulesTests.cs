using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using PolicyRules.Extensions.DependencyInjection;
using PolicyRules.Rules;

namespace PolicyRules.Tests.DependencyInjection;

/// <summary>services.AddPolicyRules(…): what it registers, its options and what it logs at startup.</summary>
public sealed class AddPolicyRulesTests
{
    [Fact]
    public void Defaults_serve_the_bundled_rules_without_watching()
    {
        var services = new ServiceCollection().AddPolicyRules();
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<PolicyRulesOptions>>().Value;
        Assert.Equal(PolicyEngine.BundledRulesDirectory, options.RulesDirectory);
        Assert.False(options.HotReload);
        Assert.Null(options.DefaultAsOf);
        Assert.Equal(TimeSpan.FromMilliseconds(300), options.ReloadDebounce);

        var rules = provider.GetRequiredService<IPolicyRules>();
        Assert.Same(rules, provider.GetRequiredService<IPolicyRules>());
        Assert.Equal(PolicyEngine.LoadBundled().RuleSetId, rules.RuleSetId);
        Assert.Equal(rules.Current.RuleSetId, rules.RuleSetId);
        Assert.Contains("HighTechEnterprise", rules.Current.Programmes);
        Assert.False(((PolicyRulesService)rules).IsWatching);
    }

    [Fact]
    public void Without_a_configured_date_evaluation_is_as_of_today_by_the_containers_clock()
    {
        using var folder = new RulesFolder("SpecializedSme");
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 31, 12, 0, 0, TimeSpan.Zero));
        clock.SetLocalTimeZone(TimeZoneInfo.Utc);
        using var provider = new ServiceCollection()
            .AddSingleton<TimeProvider>(clock)
            .AddPolicyRules(options => options.RulesDirectory = folder.Path)
            .BuildServiceProvider();
        var rules = provider.GetRequiredService<IPolicyRules>();

        Assert.Equal(new DateOnly(2026, 3, 31), rules.GetDefaultAsOf());
        var before = rules.Evaluate("SpecializedSme", TestProfiles.Baseline());
        clock.Advance(TimeSpan.FromDays(1));
        var after = rules.Evaluate("SpecializedSme", TestProfiles.Baseline());

        // The date is a choice with consequences: a new version takes effect overnight.
        Assert.Equal(("2022", new DateOnly(2026, 3, 31)), (before.Version, before.AsOf));
        Assert.Equal(("2026", new DateOnly(2026, 4, 1)), (after.Version, after.AsOf));
    }

    [Fact]
    public void A_configured_date_is_the_default_and_an_explicit_date_wins()
    {
        using var folder = new RulesFolder("HighTechEnterprise", "YoungTalentLeader");
        using var provider = new ServiceCollection()
            .AddPolicyRules(options =>
            {
                options.RulesDirectory = folder.Path;
                options.DefaultAsOf = () => new DateOnly(2025, 6, 30);
            })
            .BuildServiceProvider();
        var rules = provider.GetRequiredService<IPolicyRules>();

        var result = rules.Evaluate("HighTechEnterprise", TestProfiles.Baseline());
        Assert.Equal(new DateOnly(2025, 6, 30), result.AsOf);
        Assert.True(result.Eligible);
        Assert.Equal(rules.Current.Evaluate("HighTechEnterprise", TestProfiles.Baseline(), new DateOnly(2025, 6, 30)), result, ResultComparer.Instance);

        Assert.Equal(new DateOnly(2024, 1, 2), rules.Evaluate("HighTechEnterprise", TestProfiles.Baseline(), new DateOnly(2024, 1, 2)).AsOf);
        Assert.True(rules.Evaluate("YoungTalentLeader", TestProfiles.Person()).Eligible);
    }

    [Fact]
    public void Screen_defaults_to_every_enterprise_programme_and_names_the_rule_set()
    {
        using var folder = new RulesFolder("HighTechEnterprise", "YoungTalentLeader");
        using var provider = folder.Services(new RecordingLoggerProvider());
        var rules = provider.GetRequiredService<IPolicyRules>();
        var samples = Path.Combine(TestProfiles.RulesDirectory, "..", "samples", "enterprises.csv");

        var summary = rules.Screen(samples, Path.Combine(folder.Path, "out", "results.csv"));

        Assert.Equal(["HighTechEnterprise"], summary.Programmes.Select(p => p.Programme));
        Assert.Equal(rules.RuleSetId, summary.RuleSetId);
        Assert.Equal(1000, summary.Read);
        Assert.Throws<ArgumentException>(() => rules.Screen(samples, Path.Combine(folder.Path, "out", "mixed.csv"), ["HighTechEnterprise", "YoungTalentLeader"]));
        Assert.Throws<UnknownProgrammeException>(() => rules.Screen(samples, Path.Combine(folder.Path, "out", "typo.csv"), ["HighTechEnterprize"]));
    }

    [Fact]
    public void Configuration_from_several_calls_applies_to_one_registration()
    {
        using var folder = new RulesFolder();
        var services = new ServiceCollection()
            .AddPolicyRules(options => options.RulesDirectory = folder.Path)
            .AddPolicyRules(options => options.HotReload = true);
        Assert.Single(services, d => d.ServiceType == typeof(IPolicyRules));

        using var provider = services.BuildServiceProvider();
        var rules = provider.GetRequiredService<IPolicyRules>();
        Assert.Equal(["HighTechEnterprise"], rules.Current.Programmes.ToArray());
        Assert.True(((PolicyRulesService)rules).IsWatching);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void An_empty_rules_folder_option_is_refused(string directory)
    {
        using var provider = new ServiceCollection().AddPolicyRules(options => options.RulesDirectory = directory).BuildServiceProvider();
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IPolicyRules>());
        Assert.Contains("RulesDirectory", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_negative_debounce_is_refused()
    {
        using var provider = new ServiceCollection().AddPolicyRules(options => options.ReloadDebounce = TimeSpan.FromSeconds(-1)).BuildServiceProvider();
        Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IPolicyRules>());
    }

    [Fact]
    public void Startup_logs_the_loaded_rule_set_and_watching()
    {
        using var folder = new RulesFolder();
        var log = new RecordingLoggerProvider();
        using var provider = folder.Services(log, options => options.HotReload = true);
        var rules = provider.GetRequiredService<IPolicyRules>();

        var loaded = Assert.Single(log.WithEventId(PolicyRulesEventIds.Loaded));
        Assert.Equal(LogLevel.Information, loaded.Level);
        Assert.Equal(typeof(PolicyRulesService).FullName, loaded.Category);
        Assert.Equal(rules.RuleSetId, loaded.Values["RuleSetId"]);
        Assert.Equal(1, loaded.Values["ProgrammeCount"]);
        Assert.Equal(folder.Path, loaded.Values["RulesDirectory"]);
        Assert.Single(log.WithEventId(PolicyRulesEventIds.WatchingStarted));

        provider.Dispose();
        Assert.Single(log.WithEventId(PolicyRulesEventIds.WatchingStopped));
    }

    [Fact]
    public void Rules_with_errors_at_startup_throw_after_logging_every_diagnostic()
    {
        using var folder = new RulesFolder();
        folder.Replace("HighTechEnterprise", RulesFolder.TechStaffRule, "\"techStafRatio >= 0.10\"");
        var log = new RecordingLoggerProvider();
        using var provider = folder.Services(log);

        var error = Assert.Throws<RuleLoadException>(() => provider.GetRequiredService<IPolicyRules>());
        var diagnostic = Assert.Single(error.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        var logged = Assert.Single(log.WithEventId(PolicyRulesEventIds.RuleDiagnostic), e => e.Level == LogLevel.Error);
        Assert.Equal(diagnostic.Id, logged.Values["DiagnosticId"]);
        Assert.Equal(diagnostic.Location.Line, logged.Values["Line"]);
        Assert.Equal(LogLevel.Critical, Assert.Single(log.WithEventId(PolicyRulesEventIds.LoadFailed)).Level);
    }

    [Fact]
    public void A_missing_rules_folder_fails_at_startup_with_PR1019()
    {
        var log = new RecordingLoggerProvider();
        using var provider = new ServiceCollection()
            .AddLogging(logging => logging.AddProvider(log))
            .AddPolicyRules(options => options.RulesDirectory = Path.Combine(Path.GetTempPath(), "policyrules-no-such-folder-" + Guid.NewGuid().ToString("N")))
            .BuildServiceProvider();

        var error = Assert.Throws<RuleLoadException>(() => provider.GetRequiredService<IPolicyRules>());
        Assert.Equal(DiagnosticIds.UnreadableFile, Assert.Single(error.Diagnostics).Id);
        Assert.Equal("PR1019", Assert.Single(log.WithEventId(PolicyRulesEventIds.RuleDiagnostic)).Values["DiagnosticId"]);
    }

    /// <summary>Two results are the same answer: programme, version, date, eligibility, score, class and failed criteria.</summary>
    private sealed class ResultComparer : IEqualityComparer<PolicyRules.Evaluation.ProgrammeResult>
    {
        public static readonly ResultComparer Instance = new();

        public bool Equals(PolicyRules.Evaluation.ProgrammeResult? x, PolicyRules.Evaluation.ProgrammeResult? y) =>
            x is not null && y is not null
            && (x.Programme, x.Version, x.AsOf, x.Eligible, x.Score, x.Classification) == (y.Programme, y.Version, y.AsOf, y.Eligible, y.Score, y.Classification)
            && x.FailedCriteria.SequenceEqual(y.FailedCriteria);

        public int GetHashCode(PolicyRules.Evaluation.ProgrammeResult obj) => obj.Programme.GetHashCode(StringComparison.Ordinal);
    }
}

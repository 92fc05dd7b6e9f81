using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;
using Microsoft.Extensions.Time.Testing;
using PolicyRules.Extensions.DependencyInjection;
using PolicyRules.Rules;

namespace PolicyRules.Tests.DependencyInjection;

/// <summary>
/// Hot reload of a watched rules folder: a valid edit swaps the rule set, a bad one keeps the last
/// good set and logs why, bursts give one reload, disposing stops watching. Tests wait for the
/// service's notifications (with a generous timeout that only a broken build reaches), never for
/// a fixed time.
/// </summary>
public sealed class HotReloadTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public void A_valid_edit_swaps_the_rule_set_and_notifies()
    {
        using var folder = new RulesFolder();
        var log = new RecordingLoggerProvider();
        using var provider = folder.Services(log, options => { options.HotReload = true; options.ReloadDebounce = TimeSpan.FromMilliseconds(20); });
        var rules = provider.GetRequiredService<IPolicyRules>();
        var old = rules.Current;
        var token = rules.GetReloadToken();
        var tokenFired = 0;
        using var registration = ChangeToken.OnChange(rules.GetReloadToken, () => Interlocked.Increment(ref tokenFired));
        using var reloaded = new BlockingQueue<PolicyRulesReloadedEventArgs>();
        rules.Reloaded += (_, e) => reloaded.Add(e);
        Assert.True(rules.Evaluate("HighTechEnterprise", TestProfiles.Baseline()).Eligible); // 30% S&T staff

        folder.Replace("HighTechEnterprise", RulesFolder.TechStaffRule, "\"techStaffRatio >= 0.35\"");
        var notification = reloaded.Take(Timeout);

        Assert.Same(old, notification.Previous);
        Assert.Equal(rules.RuleSetId, notification.Current.RuleSetId);
        Assert.Equal(old.RuleSetId, notification.PreviousRuleSetId);
        Assert.NotEqual(old.RuleSetId, notification.RuleSetId);
        Assert.Equal(PolicyEngine.LoadDirectory(folder.Path).RuleSetId, rules.RuleSetId);
        Assert.True(token.HasChanged);
        Assert.False(rules.GetReloadToken().HasChanged);
        Assert.True(Volatile.Read(ref tokenFired) >= 1);
        Assert.Equal(["TechStaffRatio"], rules.Evaluate("HighTechEnterprise", TestProfiles.Baseline()).FailedCriteria.ToArray());
        Assert.True(old.Evaluate("HighTechEnterprise", TestProfiles.Baseline(), TestProfiles.AsOf).Eligible); // the old engine still answers as before

        var entry = log.WithEventId(PolicyRulesEventIds.Reloaded)[0];
        Assert.Equal(LogLevel.Information, entry.Level);
        Assert.Equal((old.RuleSetId, rules.RuleSetId), (entry.Values["PreviousRuleSetId"], entry.Values["RuleSetId"]));
    }

    [Fact]
    public void A_new_record_declaration_and_a_programme_over_it_reload_the_rule_set()
    {
        using var folder = new RulesFolder();
        var log = new RecordingLoggerProvider();
        using var provider = folder.Services(log, options => { options.HotReload = true; options.ReloadDebounce = TimeSpan.FromMilliseconds(20); });
        var rules = provider.GetRequiredService<IPolicyRules>();
        using var reloaded = new BlockingQueue<PolicyRulesReloadedEventArgs>();
        rules.Reloaded += (_, e) => reloaded.Add(e);

        // The declaration alone: a valid rule set with a new kind, loaded on its own reload.
        File.WriteAllText(Path.Combine(folder.Path, "Project.record.json"), Records.RecordKindLoadingTests.Project);
        Assert.Contains("Project", reloaded.Take(Timeout).Current.Records.Keys);
        File.WriteAllText(Path.Combine(folder.Path, "Big.json"), Records.RecordKindLoadingTests.Programme("Big", "Project", "project.Budget >= 2000000"));
        var current = reloaded.Take(Timeout).Current;

        Assert.Equal("Project", current.GetVersions("Big")[0].Schema.Name);
    }

    [Fact]
    public void A_bad_edit_keeps_the_last_good_set_and_logs_every_diagnostic_with_its_location()
    {
        // A fake clock: the reload runs exactly when the test advances it, after the edit is whole.
        using var folder = new RulesFolder();
        var clock = new FakeTimeProvider();
        var log = new RecordingLoggerProvider();
        using var provider = folder.Services(log, options => { options.HotReload = true; options.ReloadDebounce = TimeSpan.FromMilliseconds(50); }, clock);
        var rules = provider.GetRequiredService<IPolicyRules>();
        var service = (PolicyRulesService)rules;
        var good = rules.Current;
        using var failed = new BlockingQueue<PolicyRulesReloadFailedEventArgs>();
        using var reloaded = new BlockingQueue<PolicyRulesReloadedEventArgs>();
        rules.ReloadFailed += (_, e) => failed.Add(e);
        rules.Reloaded += (_, e) => reloaded.Add(e);

        // Two mistakes in one edit: a misspelt parameter and a misspelt field.
        var fixedText = folder.Read("HighTechEnterprise");
        var text = fixedText
            .Replace(RulesFolder.TechStaffRule, "\"techStafRatio >= 0.10\"", StringComparison.Ordinal)
            .Replace("\"enterprise.CoreIpForMainProducts\"", "\"enterprise.CoreIpForMainProduct\"", StringComparison.Ordinal);
        folder.Write("HighTechEnterprise", text);
        Assert.True(SpinWait.SpinUntil(() => service.ChangeSignals >= 1, Timeout), "the watcher saw no event");
        clock.Advance(TimeSpan.FromMilliseconds(50));
        var failure = failed.Take(Timeout);

        Assert.Same(good, rules.Current);
        Assert.Same(good, failure.Kept);
        Assert.Equal(good.RuleSetId, failure.RuleSetId);
        var errors = failure.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.Equal(2, errors.Count);
        Assert.Empty(reloaded.Drain());

        var logged = log.WithEventId(PolicyRulesEventIds.RuleDiagnostic).Where(e => e.Level == LogLevel.Error).ToList();
        Assert.Equal(errors.Count, logged.Count);
        foreach (var (diagnostic, entry) in errors.Zip(logged))
        {
            Assert.Equal(diagnostic.Id, entry.Values["DiagnosticId"]);
            Assert.Equal(folder.File("HighTechEnterprise"), entry.Values["File"]);
            Assert.Equal((diagnostic.Location.Line, diagnostic.Location.Column), (entry.Values["Line"], entry.Values["Column"]));
            Assert.StartsWith($"{folder.File("HighTechEnterprise")}({diagnostic.Location.Line},{diagnostic.Location.Column}): error {diagnostic.Id}: ", entry.Message, StringComparison.Ordinal);
        }

        // The misspelt parameter is located on its exact characters in the file.
        var (line, column) = Locate(text, "techStafRatio >= 0.10");
        Assert.Contains(errors, d => d.Id == "PR1010" && d.Location.Line == line && d.Location.Column == column);
        var rejected = Assert.Single(log.WithEventId(PolicyRulesEventIds.ReloadRejected));
        Assert.Equal(LogLevel.Error, rejected.Level);
        Assert.Equal((2, good.RuleSetId), (rejected.Values["ErrorCount"], rejected.Values["RuleSetId"]));

        // Fixing the file reloads: the last good set was only kept, not pinned.
        var signals = service.ChangeSignals;
        folder.Write("HighTechEnterprise", fixedText);
        Assert.True(SpinWait.SpinUntil(() => service.ChangeSignals > signals, Timeout), "the watcher saw no event");
        clock.Advance(TimeSpan.FromMilliseconds(50));
        Assert.Equal(good.RuleSetId, reloaded.Take(Timeout).RuleSetId);
    }

    [Fact]
    public void A_burst_of_edits_gives_one_reload_after_the_quiet_period()
    {
        using var folder = new RulesFolder("HighTechEnterprise", "SmeSize");
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 6, 30, 9, 0, 0, TimeSpan.Zero));
        var log = new RecordingLoggerProvider();
        using var provider = folder.Services(log, options => { options.HotReload = true; options.ReloadDebounce = TimeSpan.FromSeconds(1); }, clock);
        var rules = provider.GetRequiredService<IPolicyRules>();
        var service = (PolicyRulesService)rules;
        var reloads = 0;
        rules.Reloaded += (_, _) => Interlocked.Increment(ref reloads);

        // Three writes to two files; the clock stands still, so no countdown can end meanwhile.
        folder.Replace("HighTechEnterprise", RulesFolder.TechStaffRule, "\"techStaffRatio >= 0.35\"");
        folder.Replace("SmeSize", "\"Version\": \"2011\"", "\"Version\": \"2011a\"");
        folder.Replace("HighTechEnterprise", "\"techStaffRatio >= 0.35\"", "\"techStaffRatio >= 0.40\"");
        Assert.True(SpinWait.SpinUntil(() => service.ChangeSignals >= 3, Timeout), "the watcher missed an event"); // one rename per write

        clock.Advance(TimeSpan.FromMilliseconds(999));
        Assert.Equal(0, Volatile.Read(ref reloads));
        clock.Advance(TimeSpan.FromMilliseconds(1)); // timers fire synchronously here

        Assert.Equal(1, Volatile.Read(ref reloads));
        Assert.Equal(PolicyEngine.LoadDirectory(folder.Path).RuleSetId, rules.RuleSetId); // the one reload saw all three writes
        Assert.Equal("2011a", rules.Current.GetProgramme("SmeSize", TestProfiles.AsOf).Definition.Version);
        Assert.Single(log.WithEventId(PolicyRulesEventIds.Reloaded));
    }

    [Fact]
    public void Rule_tests_and_unrelated_files_do_not_trigger_a_reload()
    {
        using var folder = new RulesFolder();
        var clock = new FakeTimeProvider();
        using var provider = folder.Services(new RecordingLoggerProvider(), options => options.HotReload = true, clock);
        var service = (PolicyRulesService)provider.GetRequiredService<IPolicyRules>();

        File.WriteAllText(Path.Combine(folder.Path, "HighTechEnterprise.tests.json"), "[]");
        File.WriteAllText(Path.Combine(folder.Path, "notes.txt"), "not a rule file");
        File.WriteAllText(Path.Combine(folder.Path, "rules.schema.json"), "{}");
        folder.Write("Witness", "[]"); // a rule file, moved into place: one event, delivered after the others'
        Assert.True(SpinWait.SpinUntil(() => service.ChangeSignals > 0, Timeout));

        Assert.Equal(1, service.ChangeSignals);
    }

    [Fact]
    public void Disposing_stops_watching()
    {
        using var folder = new RulesFolder();
        var log = new RecordingLoggerProvider();
        var disposed = folder.Services(log, options => { options.HotReload = true; options.ReloadDebounce = TimeSpan.FromMilliseconds(1); });
        var stopped = (PolicyRulesService)disposed.GetRequiredService<IPolicyRules>();
        var before = stopped.Current;
        var reloadsAfterDispose = 0;
        stopped.Reloaded += (_, _) => Interlocked.Increment(ref reloadsAfterDispose);
        disposed.Dispose();
        Assert.False(stopped.IsWatching);

        // A second service on the same folder is the witness: once it has reloaded (after a longer
        // quiet period than the disposed one's), the disposed one would have long since reloaded too.
        using var witnessProvider = folder.Services(log, options => { options.HotReload = true; options.ReloadDebounce = TimeSpan.FromMilliseconds(100); });
        var witness = witnessProvider.GetRequiredService<IPolicyRules>();
        using var reloaded = new BlockingQueue<PolicyRulesReloadedEventArgs>();
        witness.Reloaded += (_, e) => reloaded.Add(e);
        folder.Replace("HighTechEnterprise", RulesFolder.TechStaffRule, "\"techStaffRatio >= 0.35\"");
        reloaded.Take(Timeout);

        Assert.Equal(0, stopped.ChangeSignals);
        Assert.Equal(0, Volatile.Read(ref reloadsAfterDispose));
        Assert.Same(before, stopped.Current); // still usable: the last rule set stays
        Assert.Throws<ObjectDisposedException>(() => stopped.Reload());
    }

    [Fact]
    public void Reload_on_demand_swaps_without_a_watcher_and_a_throwing_handler_is_logged()
    {
        using var folder = new RulesFolder();
        var log = new RecordingLoggerProvider();
        using var provider = folder.Services(log);
        var rules = provider.GetRequiredService<IPolicyRules>();
        var old = rules.RuleSetId;
        var called = false;
        rules.Reloaded += (_, _) => throw new InvalidOperationException("subscriber bug");
        rules.Reloaded += (_, _) => called = true;

        folder.Replace("HighTechEnterprise", RulesFolder.TechStaffRule, "\"techStaffRatio >= 0.35\"");
        Assert.True(rules.Reload());

        Assert.NotEqual(old, rules.RuleSetId);
        Assert.True(called);
        var entry = Assert.Single(log.WithEventId(PolicyRulesEventIds.NotificationFailed));
        Assert.IsType<InvalidOperationException>(entry.Exception);

        folder.Replace("HighTechEnterprise", "\"techStaffRatio >= 0.35\"", "\"techStaffRatio >= \"");
        var current = rules.Current;
        Assert.False(rules.Reload());
        Assert.Same(current, rules.Current);
    }

    [Fact]
    public void A_vanished_folder_keeps_the_last_good_set()
    {
        var folder = new RulesFolder();
        var log = new RecordingLoggerProvider();
        using var provider = folder.Services(log);
        var rules = provider.GetRequiredService<IPolicyRules>();
        var good = rules.Current;
        folder.Dispose();

        Assert.False(rules.Reload());
        Assert.Same(good, rules.Current);
        Assert.Equal("PR1019", Assert.Single(log.WithEventId(PolicyRulesEventIds.RuleDiagnostic)).Values["DiagnosticId"]);
    }

    /// <summary>1-based line and column (UTF-16 characters) of the first occurrence of <paramref name="needle"/>.</summary>
    private static (int Line, int Column) Locate(string text, string needle)
    {
        var index = text.IndexOf(needle, StringComparison.Ordinal);
        var lineStart = text.LastIndexOf('\n', index) + 1;
        return (text[..index].Count(c => c == '\n') + 1, index - lineStart + 1);
    }
}

/// <summary>Notifications handed from the reloading thread to the test, taken with a timeout.</summary>
internal sealed class BlockingQueue<T> : IDisposable
{
    private readonly System.Collections.Concurrent.BlockingCollection<T> _items = [];

    public void Add(T item) => _items.Add(item);

    public T Take(TimeSpan timeout) =>
        _items.TryTake(out var item, timeout) ? item : throw new TimeoutException($"No {typeof(T).Name} within {timeout.TotalSeconds} s.");

    public IReadOnlyList<T> Drain()
    {
        var items = new List<T>();
        while (_items.TryTake(out var item))
        {
            items.Add(item);
        }

        return items;
    }

    public void Dispose() => _items.Dispose();
}

using Microsoft.Extensions.DependencyInjection;
using PolicyRules.Cli.Generation;
using PolicyRules.Extensions.DependencyInjection;
using PolicyRules.Input;
using PolicyRules.Model;

namespace PolicyRules.Tests.DependencyInjection;

/// <summary>
/// Swaps while others read (issue 7.5): a reader sees the old engine or the new one, never a
/// mixture, and a screening run uses the rule set it started with from its first row to its last.
/// </summary>
public sealed class ReloadConcurrencyTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public void A_reload_during_a_screening_run_does_not_touch_the_run_and_the_next_run_uses_the_new_rules()
    {
        using var folder = new RulesFolder();
        // 6,000 rows: 1,500 generated enterprises four times over (generating is what costs here), each
        // copy under an id of its own (a repeated id is a reject).
        // Progress is reported every 4,096 rows, so the reload lands at row 4,096 of 6,000.
        const int Unique = 1_500, Copies = 4, Rows = Unique * Copies;
        var profiles = SyntheticProfiles.Generate(Unique, seed: 75).ToArray();
        var csv = new StringWriter();
        ProfileCsvWriter.Write(csv, profiles);
        var lines = csv.ToString().ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        var input = Path.Combine(folder.Path, "enterprises.csv");
        File.WriteAllLines(input, [lines[0], .. Enumerable.Range(0, Copies).SelectMany(copy => lines[1..].Select(row => $"copy{copy}-{row}"))]);
        var log = new RecordingLoggerProvider();
        using var provider = folder.Services(log, options => { options.HotReload = true; options.ReloadDebounce = TimeSpan.FromMilliseconds(20); });
        var rules = provider.GetRequiredService<IPolicyRules>();
        var old = rules.Current;
        using var reloaded = new BlockingQueue<PolicyRulesReloadedEventArgs>();
        rules.Reloaded += (_, e) => reloaded.Add(e);

        // The gate: at the first progress report the run stops, the rule file is rewritten, and the
        // run goes on only once the watcher has swapped the rule set.
        PolicyRulesReloadedEventArgs? swap = null;
        long rowsAtSwap = 0;
        var first = Path.Combine(folder.Path, "out", "first.csv");
        var summary = rules.Screen(input, first, ["HighTechEnterprise"], progress: read =>
        {
            if (swap is null)
            {
                folder.Replace("HighTechEnterprise", RulesFolder.TechStaffRule, "\"techStaffRatio >= 0.20\"");
                swap = reloaded.Take(Timeout);
                rowsAtSwap = read;
            }
        });

        Assert.NotNull(swap);
        Assert.InRange(rowsAtSwap, 1, Rows - 1); // the swap happened mid-run
        Assert.Equal(old.RuleSetId, swap.PreviousRuleSetId);
        Assert.NotEqual(old.RuleSetId, rules.RuleSetId);
        var @new = rules.Current;

        Assert.Equal(old.RuleSetId, summary.RuleSetId);
        Assert.Equal((Rows, Rows, 0L), (summary.Read, summary.Written, summary.Rejected));
        var expectedOld = Tile(Expected(old, profiles), Copies);
        var expectedNew = Tile(Expected(@new, profiles), Copies);
        var firstRows = Outcomes(first);
        Assert.Equal(expectedOld, firstRows);
        var changed = expectedNew.Zip(firstRows).Skip((int)rowsAtSwap).Count(pair => pair.First != pair.Second);
        Assert.True(changed > 50, $"the edit must change later rows' outcomes for the test to bite ({changed} changed)");
        Assert.Equal(expectedOld.Count(o => o.StartsWith("true", StringComparison.Ordinal)), summary.Programmes[0].Eligible);

        var second = Path.Combine(folder.Path, "out", "second.csv");
        var next = rules.Screen(input, second, ["HighTechEnterprise"]);
        Assert.Equal(@new.RuleSetId, next.RuleSetId);
        Assert.Equal(expectedNew, Outcomes(second));
    }

    [Fact]
    public async Task Readers_during_swaps_see_the_old_or_the_new_engine_never_a_mixture()
    {
        using var folder = new RulesFolder();
        var lenient = folder.Read("HighTechEnterprise");
        var strict = lenient.Replace(RulesFolder.TechStaffRule, "\"techStaffRatio >= 0.35\"", StringComparison.Ordinal);
        using var provider = folder.Services(new RecordingLoggerProvider());
        var rules = provider.GetRequiredService<IPolicyRules>();
        var lenientId = rules.RuleSetId;
        var profile = TestProfiles.Baseline(); // 30% S&T staff: eligible under the lenient rules, not under the strict

        // What each rule set answers, by its id; a reader's answer must match the engine it holds.
        var seen = new long[2];
        string? strictId = null;
        using var stop = new CancellationTokenSource();
        var errors = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var readers = Enumerable.Range(0, 4).Select(_ => Task.Factory.StartNew(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                var engine = rules.Current;
                var result = engine.Evaluate("HighTechEnterprise", profile, TestProfiles.AsOf);
                var lenientOne = engine.RuleSetId == lenientId;
                if (!lenientOne && engine.RuleSetId != Volatile.Read(ref strictId))
                {
                    errors.Enqueue($"unknown rule set {engine.RuleSetId}");
                }
                else if (result.Eligible != lenientOne || result.FailedCriteria.Length != (lenientOne ? 0 : 1))
                {
                    errors.Enqueue($"rule set {engine.RuleSetId} answered {result.Eligible} ({string.Join(",", result.FailedCriteria)})");
                }

                var id = rules.RuleSetId;
                if (id != lenientId && id != Volatile.Read(ref strictId))
                {
                    errors.Enqueue($"RuleSetId {id}");
                }

                Interlocked.Increment(ref seen[lenientOne ? 0 : 1]);
            }
        }, TaskCreationOptions.LongRunning)).ToArray();

        for (var swap = 0; swap < 8; swap++)
        {
            var toStrict = swap % 2 == 0;
            folder.Write("HighTechEnterprise", toStrict ? strict : lenient);
            if (toStrict && strictId is null)
            {
                Volatile.Write(ref strictId, PolicyEngine.LoadDirectory(folder.Path).RuleSetId);
            }

            var before = Interlocked.Read(ref seen[toStrict ? 1 : 0]);
            Assert.True(rules.Reload());
            Assert.True(SpinWait.SpinUntil(() => Interlocked.Read(ref seen[toStrict ? 1 : 0]) > before + 4, Timeout), "readers stalled");
        }

        stop.Cancel();
        await Task.WhenAll(readers).WaitAsync(Timeout);
        Assert.Empty(errors);
        Assert.True(seen[0] > 0 && seen[1] > 0);
    }

    private static List<string> Tile(List<string> outcomes, int copies) => [.. Enumerable.Repeat(outcomes, copies).SelectMany(o => o)];

    /// <summary>Per row of a result file: "eligible|failed".</summary>
    private static List<string> Outcomes(string path) =>
        [.. File.ReadLines(path).Skip(1).Select(line => line.Split(',')).Select(cells => $"{cells[1]}|{cells[2]}")];

    /// <summary>What an engine answers for each profile, in the result file's form ("true|" or "false|A;B").</summary>
    private static List<string> Expected(PolicyEngine engine, IEnumerable<EnterpriseProfile> profiles) =>
        [.. profiles.Select(p => engine.Evaluate("HighTechEnterprise", p, TestProfiles.AsOf)).Select(r => $"{(r.Eligible ? "true" : "false")}|{string.Join(";", r.FailedCriteria)}")];
}

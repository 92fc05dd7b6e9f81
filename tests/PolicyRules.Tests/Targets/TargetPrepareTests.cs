using CsCheck;
using PolicyRules.Bulk;
using PolicyRules.Compilation;
using PolicyRules.Gaps;
using PolicyRules.Model;
using PolicyRules.Targets;

namespace PolicyRules.Tests.Targets;

/// <summary>
/// <see cref="TargetCollector.Prepare"/> (the near misses' gap analysis on the evaluating threads) leaves
/// the in-order stage nothing to analyse and changes no result: the plan's targets measured with the
/// analysis done in order, with each row prepared just before it is added (the tightest bound a worker
/// can read), and with every row prepared before any is added (the loosest), are the same.
/// </summary>
public sealed class TargetPrepareTests
{
    private static readonly Lazy<PolicyEngine> Engine = new(() => PolicyEngine.LoadDirectory(TestProfiles.RulesDirectory));

    [Fact]
    public void Near_misses_analysed_beforehand_give_the_targets_analysed_in_order()
    {
        var engine = Engine.Value;
        var targets = TargetFileReader.Read(Path.Combine(TestProfiles.RulesDirectory, "plan-2023-2025.targets.json"), engine);
        CompiledProgramme[] programmes = [.. TestProfiles.EnterpriseProgrammes(engine).Select(n => engine.GetProgramme(n, ProfileGen.AsOf))];
        var options = new TargetOptions { Top = 5 }; // a short list fills early, so the bound tightens within a sample
        Gen.Select(ProfileGen.Profile.Array[50, 400], Gen.Int[0, 2]).Sample((profiles, prefix) =>
        {
            var rows = Screen(programmes, profiles);
            var inOrder = new TargetCollector(targets, programmes, ProfileGen.AsOf, options);
            var interleaved = new TargetCollector(targets, programmes, ProfileGen.AsOf, options);
            var allFirst = new TargetCollector(targets, programmes, ProfileGen.AsOf, options);
            var prepared = rows.Select(_ => new ReservePoolEntry?[allFirst.Count]).ToArray();
            for (var r = 0; r < rows.Length; r++)
            {
                allFirst.Prepare(profiles[r], rows[r].Candidate, rows[r].Failed, r, prepared[r]);
            }

            for (var r = 0; r < rows.Length; r++)
            {
                var (selected, candidate, failed) = rows[r];
                inOrder.Add(profiles[r], profiles[r].Id, selected, candidate, failed, r);
                var entries = new ReservePoolEntry?[interleaved.Count];
                interleaved.Prepare(profiles[r], candidate, failed, r, entries);
                interleaved.Add(profiles[r], profiles[r].Id, selected, candidate, failed, r, entries);
                allFirst.Add(profiles[r], profiles[r].Id, selected, candidate, failed, r, prepared[r]);
            }

            var expected = Describe(inOrder);
            Assert.Equal(expected, Describe(interleaved));
            Assert.Equal(expected, Describe(allFirst));
            Assert.Equal((0L, 0L), (interleaved.AnalysedInOrder, allFirst.AnalysedInOrder));
        }, iter: 12, threads: 1);
    }

    /// <summary>Per record: each programme's eligibility (a ranked programme's selection unknown: false), before selection, and failed count.</summary>
    private static (bool[] Selected, bool[] Candidate, int[] Failed)[] Screen(CompiledProgramme[] programmes, EnterpriseProfile[] profiles)
    {
        var screener = ProgrammeScreener.Create(programmes, ProfileGen.AsOf);
        return [.. profiles.Select(profile =>
        {
            screener.Screen(profile);
            var candidate = programmes.Select((_, i) => screener.Eligible(i)).ToArray();
            var selected = programmes.Select((p, i) => p.SelectTop is null && candidate[i]).ToArray();
            var failed = programmes.Select((p, i) => Enumerable.Range(0, p.TopLevelRuleNames.Length).Count(c => p.Failed(screener.Buffer(i), c))).ToArray();
            return (selected, candidate, failed);
        })];
    }

    private static string Describe(TargetCollector collector) => string.Join("\n", collector.Build().Select(t =>
        $"{t.Target.Name}: now={t.Now} candidates={t.Candidates} near={t.NearMisses} top=[{string.Join(", ", t.TopCandidates.Select(c => $"{c.InputIndex}:{c.Programme}:{c.NearMiss?.LargestRelativeChange}:{c.NearMiss?.Gaps.Length}"))}]"));
}

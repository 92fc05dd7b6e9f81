using CsCheck;
using PolicyRules.Bulk;
using PolicyRules.Compilation;
using PolicyRules.Gaps;
using PolicyRules.Model;
using PolicyRules.Screening;

namespace PolicyRules.Tests.Screening;

/// <summary>
/// <see cref="StatisticsCollector.PreparePool"/> (the report's reserve-pool gap analysis on the evaluating
/// threads) leaves the in-order stage nothing to analyse and changes no result: the pool built with the
/// analysis done in order, with each row prepared just before it is added (the tightest bound a worker
/// can read), and with every row prepared before any is added (the loosest), is the same.
/// </summary>
public sealed class StatisticsPoolPrepareTests
{
    private static readonly Lazy<PolicyEngine> Engine = new(() => PolicyEngine.LoadDirectory(TestProfiles.RulesDirectory));

    [Fact]
    public void A_pool_analysed_beforehand_is_the_pool_analysed_in_order()
    {
        var engine = Engine.Value;
        CompiledProgramme[] programmes = [engine.GetProgramme("SmeSize", ProfileGen.AsOf), engine.GetProgramme("HighTechEnterprise", ProfileGen.AsOf)];
        Gen.Select(ProfileGen.Profile.Array[30, 300], Gen.Int[0, 6], Gen.Int[1, 3]).Sample((profiles, top, maxFailed) =>
        {
            // A short list fills early, so the bound tightens within a sample; 0 lists nothing.
            var options = new ScreeningStatisticsOptions { ReservePoolTop = top, ReservePoolMaxFailed = maxFailed };
            var rows = Screen(programmes, profiles);
            var inOrder = new StatisticsCollector(programmes, ProfileGen.AsOf, options);
            var interleaved = new StatisticsCollector(programmes, ProfileGen.AsOf, options);
            var allFirst = new StatisticsCollector(programmes, ProfileGen.AsOf, options);
            var prepared = rows.Select((failed, r) => allFirst.PreparePool(profiles[r], failed, r)).ToArray();
            for (var r = 0; r < rows.Length; r++)
            {
                inOrder.AddToPool(profiles[r], rows[r], r);
                interleaved.AddToPool(profiles[r], rows[r], r, interleaved.PreparePool(profiles[r], rows[r], r));
                allFirst.AddToPool(profiles[r], rows[r], r, prepared[r]);
            }

            var expected = Describe(inOrder);
            Assert.Equal(expected, Describe(interleaved));
            Assert.Equal(expected, Describe(allFirst));
            Assert.Equal((0L, 0L), (interleaved.AnalysedInOrder, allFirst.AnalysedInOrder));
            Assert.True(inOrder.AnalysedInOrder >= (inOrder.Build().ReservePool?.Top.Length ?? 0)); // the in-order collector analysed what it lists itself
        }, iter: 12, threads: 1);
    }

    /// <summary>Each record's failed criteria per programme, as the evaluating threads capture them.</summary>
    private static FailedCriteria[][] Screen(CompiledProgramme[] programmes, EnterpriseProfile[] profiles)
    {
        var screener = ProgrammeScreener.Create(programmes, ProfileGen.AsOf);
        return [.. profiles.Select(profile =>
        {
            screener.Screen(profile);
            return programmes.Select((p, i) =>
            {
                var failed = new FailedCriteria(p);
                failed.Capture(p, screener.Buffer(i));
                return failed;
            }).ToArray();
        })];
    }

    private static string Describe(StatisticsCollector collector) => collector.Build().ReservePool is not { } pool ? "no pool" :
        $"pooled={pool.Pooled} by=[{string.Join(",", pool.ByFailedCount)}] top=[{string.Join(", ", pool.Top.Select(e => $"{e.InputIndex}:{e.Id}:{e.Gaps.Length}:{e.LargestRelativeChange}"))}]";
}

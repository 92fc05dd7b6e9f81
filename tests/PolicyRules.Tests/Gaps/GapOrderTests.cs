using PolicyRules.Evaluation;
using PolicyRules.Gaps;
using PolicyRules.Model;

namespace PolicyRules.Tests.Gaps;

/// <summary>
/// What counts as a rise, which the gap report lists before the cuts: a number that grows, or a rank
/// that improves though its number falls (LittleGiant 2026: niche-market share at least 10%, or a
/// domestic rank in the top 3; 工信部企业〔2026〕2号 附件2).
/// </summary>
public sealed class GapOrderTests
{
    private static readonly DateOnly AsOf2026 = new(2026, 6, 30);

    private static CriterionGap MarketPosition(EnterpriseProfile profile) =>
        Assert.Single(HighTechEnterpriseGapTests.Engine.EvaluateWithGaps("LittleGiant", profile, AsOf2026).Gaps, g => g.Criterion == "MarketPosition");

    [Fact]
    public void A_better_rank_is_a_rise_and_competes_with_other_rises_by_relative_change()
    {
        // Share 5% → 10% doubles it (relative change 1); rank 4 → 3 is 1/4. Both build up: the rank comes first.
        var gap = MarketPosition(TestProfiles.Baseline() with { NicheMarketSharePercent = 5m, DomesticMarketRank = 4 });
        Assert.Equal([("domesticMarketRank", -1m), ("nicheMarketSharePercent", 5m)], gap.Levers.Select(l => (l.Field, l.Change)));
        Assert.All(gap.Levers, l => Assert.True(l.Rises));
        Assert.Equal("Domestic niche-market rank must go from rank 4 to rank 3", gap.Summary.En);
        Assert.Equal(0.25m, gap.Levers[0].RelativeChange);
    }

    [Fact]
    public void Getting_ranked_is_a_rise_from_zero_and_comes_after_rises_with_a_size()
    {
        var gap = MarketPosition(TestProfiles.Baseline() with { NicheMarketSharePercent = 9m, DomesticMarketRank = 0 });
        Assert.Equal([("nicheMarketSharePercent", 1m), ("domesticMarketRank", 1m)], gap.Levers.Select(l => (l.Field, l.Change)));
        Assert.True(gap.Levers[1].Rises);
        Assert.Null(gap.Levers[1].RelativeChange);
        Assert.Equal("国内细分市场排名须由无排名变为第 1 名", gap.Levers[1].Sentence.Zh);
    }
}

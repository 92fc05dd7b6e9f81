using PolicyRules.Gaps;
using PolicyRules.Model;

namespace PolicyRules.Tests.Gaps;

/// <summary>
/// The reserve pool's selection and order: fewest failed criteria, then fewest not closable by a number,
/// then the smallest largest relative change (only changes that break nothing count, rises rather than
/// cuts when there is a rise; none, or only a change from zero, is infinitely far), then input order.
/// </summary>
public sealed class ReservePoolTests
{
    private static EnterpriseProfile Named(string id, EnterpriseProfile profile) => profile with { Id = id };

    [Fact]
    public void Near_misses_are_ranked_by_how_little_they_lack()
    {
        var b = TestProfiles.Baseline();
        EnterpriseProfile[] profiles =
        [
            Named("A", b with { TechStaff = 9, InnovationCapabilityScore = 70m }),     // 2 failed; hardest gap: S&T staff +1 of 9 = 0.111
            Named("B", b with { InnovationCapabilityScore = 56m }),                     // 1 failed; 15/56 = 0.268
            Named("C", b with { InnovationCapabilityScore = 70m }),                     // 1 failed; 1/70 = 0.0143
            Named("D", b with { CoreIpForMainProducts = false }),                       // 1 failed, not closable by a number
            Named("E", b with { TechStaff = 0 }),                                       // 1 failed; only a change from zero (0 → 10 S&T staff)
            Named("F", b),                                                              // eligible: not in the pool
            Named("G", b with { TechStaff = 9, InnovationCapabilityScore = 70m, HighTechIncomeY1 = 0m }), // 3 failed: too far
            Named("H", b with { CoreIpForMainProducts = false, InnovationCapabilityScore = 70m }),        // 2 failed, 1 not closable
            // 1 failed: domestic R&D 2.1M of 4.7M. Lowering all R&D by 1.2M (0.255) would break RdIntensity,
            // so it does not count; raising domestic R&D by 720,000 (0.343) does.
            Named("I", b with { DomesticRdExpenseY1 = 700_000m, DomesticRdExpenseY2 = 700_000m, DomesticRdExpenseY3 = 700_000m }),
            Named("C2", b with { InnovationCapabilityScore = 70m }),                    // ties with C: input order
        ];

        var pool = ReservePool.Select(HighTechEnterpriseGapTests.Engine.GetProgramme("HighTechEnterprise", TestProfiles.AsOf), profiles, TestProfiles.AsOf);

        Assert.Equal(["C", "C2", "B", "I", "E", "D", "A", "H"], pool.Select(e => e.Id));
        Assert.Equal(Enumerable.Range(1, 8), pool.Select(e => e.Rank));
        Assert.Equal(1m / 70m, pool[0].LargestRelativeChange);
        Assert.Equal(720_000m / 2_100_000m, pool.Single(e => e.Id == "I").LargestRelativeChange);
        Assert.Null(pool.Single(e => e.Id == "E").LargestRelativeChange);
        Assert.Equal(1, pool.Single(e => e.Id == "D").NotClosable);
        Assert.Equal(1m / 9m, pool.Single(e => e.Id == "A").LargestRelativeChange);
    }

    [Fact]
    public void A_criterion_is_measured_by_its_smallest_clean_rise_and_by_a_cut_only_without_one()
    {
        var b = TestProfiles.Baseline();
        EnterpriseProfile[] profiles =
        [
            // 9 of 100 S&T staff: one more S&T staff member (1/9 = 0.111) counts, not ten fewer staff (0.1).
            Named("STAFF", b with { TechStaff = 9 }),
            // Score 64 needs 71: 7/64 = 0.109. Measured by cuts, STAFF (0.1) would come first.
            Named("SCORE", b with { InnovationCapabilityScore = 64m }),
            // R&D 3.7M of revenue 75M = 4.93% < 5%, domestic R&D 2.22M exactly 60% of it. More R&D
            // (+50,000) would drop the domestic share below 60%, so the clean cut of revenue (−1M of 75M) counts.
            Named("RD", b with
            {
                RdExpenseY3 = 200_000m,
                DomesticRdExpenseY1 = 1_000_000m,
                DomesticRdExpenseY2 = 1_000_000m,
                DomesticRdExpenseY3 = 220_000m,
            }),
        ];

        var pool = ReservePool.Select(HighTechEnterpriseGapTests.Engine.GetProgramme("HighTechEnterprise", TestProfiles.AsOf), profiles, TestProfiles.AsOf);

        Assert.Equal(["RD", "SCORE", "STAFF"], pool.Select(e => e.Id));
        Assert.Equal(1m / 9m, pool.Single(e => e.Id == "STAFF").LargestRelativeChange);
        Assert.Equal(7m / 64m, pool.Single(e => e.Id == "SCORE").LargestRelativeChange);

        var rd = pool.Single(e => e.Id == "RD");
        var gap = Assert.Single(rd.Gaps);
        Assert.Equal("RdIntensity", gap.Criterion);
        var rise = gap.Levers[0];
        Assert.Equal(("rdExpenseY1+rdExpenseY2+rdExpenseY3", 50_000m), (rise.Field, rise.Change));
        Assert.Equal<string>(["DomesticRdShare"], rise.NewlyFailed);
        Assert.Equal(1_000_000m / 75_000_000m, rd.LargestRelativeChange);
    }

    [Fact]
    public void The_number_of_failed_criteria_allowed_is_a_parameter()
    {
        var b = TestProfiles.Baseline();
        EnterpriseProfile[] profiles = [Named("A", b with { TechStaff = 9, InnovationCapabilityScore = 70m }), Named("C", b with { InnovationCapabilityScore = 70m })];
        var programme = HighTechEnterpriseGapTests.Engine.GetProgramme("HighTechEnterprise", TestProfiles.AsOf);
        Assert.Equal(["C"], ReservePool.Select(programme, profiles, TestProfiles.AsOf, maxFailed: 1).Select(e => e.Id));
        Assert.Throws<ArgumentOutOfRangeException>(() => ReservePool.Select(programme, profiles, TestProfiles.AsOf, maxFailed: 0));
    }
}

using PolicyRules.Evaluation;
using PolicyRules.Gaps;
using PolicyRules.Model;

namespace PolicyRules.Tests.Gaps;

/// <summary>
/// The analyser is generic: on the tech-SME score (国科发政〔2017〕115号 art. 6–7) it finds which single
/// number lifts the score to 60 with non-zero staff points, through the tier tables and the better-of-two
/// R&amp;D indicator.
/// </summary>
public sealed class TechBasedSmeGapTests
{
    private static ProgrammeResult Gaps(EnterpriseProfile profile) =>
        HighTechEnterpriseGapTests.Engine.EvaluateWithGaps("TechBasedSme", profile, TestProfiles.AsOf);

    [Fact]
    public void A_score_of_46_lists_every_single_number_that_reaches_60()
    {
        // Staff 10/100 = 10% → 4; R&D 1.3M / revenue 30M = 4.33% → 30 (1.3M / costs 26M = 5% → 0); IP: no class I,
        // 2 class II → 12. Total 46 < 60. Each alternative, alone:
        //   revenue ≤ 1.3M / 6% = 21,666,666.66 → R&D 6% → 50 points: 66 (5% gives only 40: 56);
        //   R&D 6% × 30M = 1.8M (+500,000): 66;
        //   staff ≤ 33: 10/33 = 30.3% → 20 points: 62 (34 staff: 29.4% → 16: 58);
        //   costs ≤ 1.3M / 30% = 4,333,333.33 → 50 points: 66;
        //   S&T staff 30 (30%) → 20 points: 62;
        //   one class-I IP → 30 points: 64 (a change from zero: last of the rises).
        // Four class-II IP give 24 points, 58: no lever.
        // Rises first (R&D 500,000 / 1.3M = 0.385, S&T staff 20 / 10 = 2, class-I IP from zero), then
        // cuts (revenue 0.278, staff 0.67, costs 0.833), each by relative change.
        var result = Gaps(TestProfiles.Baseline() with { TechStaff = 10, IpClassI = 0, IpClassII = 2, RdExpenseY1 = 1_300_000m });
        Assert.Equal(46m, result.Score);
        var gap = Assert.Single(result.Gaps);
        Assert.Equal("Qualification", gap.Criterion);
        Assert.Equal(
            [
                ("rdExpenseY1", 500_000m),
                ("techStaff", 20m),
                ("ipClassI", 1m),
                ("revenueY1", -8_333_333.34m),
                ("employees", -67m),
                ("costAndExpenseY1", -21_666_666.67m),
            ],
            gap.Levers.Select(l => (l.Field, l.Change)));
        Assert.Null(gap.Levers[2].RelativeChange);
        Assert.Equal("Ⅰ类知识产权须增加 1 项（0 项 → 1 项）", gap.Levers[2].Sentence.Zh);
        Assert.Equal("Class-I IP must rise by 1 (0 → 1)", gap.Levers[2].Sentence.En);
        Assert.Equal("R&D expense in Y1 must rise by ¥500,000 (¥1,300,000 → ¥1,800,000)", gap.Levers[0].Sentence.En);
        Assert.Equal(gap.Levers[0].Sentence, gap.Summary);
        Assert.Equal("Revenue in Y1 must fall by ¥8,333,334 (¥30,000,000 → ¥21,666,666)", gap.Levers[3].Sentence.En);
    }

    [Fact]
    public void A_change_that_also_meets_another_failed_criterion_says_so()
    {
        // 600 staff (> 500) with 59 S&T staff (9.8%: 0 staff points, so no score path). 500 staff closes the
        // size limit and makes 59/500 = 11.8% (4 points): the qualification is met too.
        var result = Gaps(TestProfiles.Baseline() with { Employees = 600, TechStaff = 59 });
        Assert.Equal<string>(["EmployeesAtMost500", "Qualification"], result.FailedCriteria);

        var size = Assert.Single(result.Gaps[0].Levers);
        Assert.Equal(("employees", -100m), (size.Field, size.Change));
        Assert.Equal<string>(["Qualification"], size.AlsoMet);
        Assert.Equal("Total staff must fall by 100 people (600 → 500); it also meets Qualification", size.Sentence.En);
        Assert.Equal("职工总数须减少 100 人（600 人 → 500 人）；同时满足 Qualification", size.Sentence.Zh);

        // 60/600 (one more S&T staff, relative change 1/59) is a rise: it comes before 59/590 = 10%
        // (ten fewer staff), though that is the smaller relative change (10/600).
        Assert.Equal([("techStaff", 1m), ("employees", -10m)], result.Gaps[1].Levers.Select(l => (l.Field, l.Change)));
        Assert.Empty(result.Gaps[1].Levers[1].AlsoMet); // 590 staff is still above 500
    }

    [Fact]
    public void A_denominator_is_searched_down_to_just_above_zero()
    {
        // 19 of 200 staff: 0 staff points, score 42. Staff of at most 63 make 19/63 = 30.2% (20 points, 62);
        // at 0 staff the ratio is undefined, so the window lies just before the end of the range.
        var result = Gaps(TestProfiles.Baseline() with { Employees = 200, TechStaff = 19, IpClassI = 0, IpClassII = 2, RdExpenseY1 = 1_300_000m });
        var gap = Assert.Single(result.Gaps);
        Assert.Equal([("techStaff", 41m), ("employees", -137m)], gap.Levers.Select(l => (l.Field, l.Change))); // rise first
    }

    [Fact]
    public void A_missing_direct_path_alone_is_not_reported_when_the_score_path_is_closable()
    {
        // The qualification reads the direct-path flags too, but only numbers are levers.
        var gap = Assert.Single(Gaps(TestProfiles.Baseline() with { TechStaff = 9 }).Gaps);
        Assert.True(gap.Closable);
        Assert.All(gap.Levers, l => Assert.True(ProfileSchema.TryGetField(l.Fields[0], out var field) && field.Kind is FieldKind.Count or FieldKind.Money));
    }
}

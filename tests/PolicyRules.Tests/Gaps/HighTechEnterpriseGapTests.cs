using System.Text.Json;
using PolicyRules.Cli;
using PolicyRules.Evaluation;
using PolicyRules.Gaps;
using PolicyRules.Model;

namespace PolicyRules.Tests.Gaps;

/// <summary>
/// Gaps of hand-computed high-tech near misses (programmes.md §3; 国科发火〔2016〕32号 art. 11). Each
/// case breaks criteria of <see cref="TestProfiles.Baseline"/> (100 staff, revenue 30M + 25M + 20M,
/// R&amp;D 2.0M + 1.5M + 1.2M, all domestic, total income 31M, high-tech income 25M, score 78), and
/// the expected changes are worked out in the comments.
/// </summary>
public sealed class HighTechEnterpriseGapTests
{
    private const string Programme = "HighTechEnterprise";

    internal static PolicyEngine Engine { get; } = PolicyEngine.LoadDirectory(TestProfiles.RulesDirectory);

    private static ProgrammeResult Gaps(EnterpriseProfile profile) => Engine.EvaluateWithGaps(Programme, profile, TestProfiles.AsOf);

    private static CriterionGap Gap(ProgrammeResult result, string criterion) =>
        Assert.Single(result.Gaps, g => g.Criterion == criterion);

    private static GapLever Lever(CriterionGap gap, string field) =>
        Assert.Single(gap.Levers, l => l.Field == field);

    [Fact]
    public void An_eligible_enterprise_has_no_gaps()
    {
        var result = Gaps(TestProfiles.Baseline());
        Assert.True(result.Eligible);
        Assert.Empty(result.Gaps);
    }

    [Fact]
    public void Gaps_are_listed_for_every_failed_criterion_and_only_those_in_criterion_order()
    {
        var result = Gaps(TestProfiles.Baseline() with { TechStaff = 9, InnovationCapabilityScore = 70m, CoreIpForMainProducts = false });
        Assert.Equal(result.FailedCriteria, result.Gaps.Select(g => g.Criterion));
        Assert.Equal(["CoreIntellectualProperty", "TechStaffRatio", "InnovationCapability"], result.Gaps.Select(g => g.Criterion));
    }

    [Fact]
    public void Nine_percent_tech_staff_of_100_needs_one_more_tech_staff_member_or_ten_fewer_staff()
    {
        // 9 / 100 = 9% < 10%: 10 / 100 passes, so +1 S&T staff; or 9 / 90 = 10% passes and 9 / 91 does not, so −10 staff.
        var gap = Gap(Gaps(TestProfiles.Baseline() with { TechStaff = 9 }), "TechStaffRatio");
        Assert.True(gap.Closable);
        // The rise comes first though ten fewer staff is the smaller relative change (10/100 = 10% against 1/9 = 11.1%).
        Assert.Equal(["techStaff", "employees"], gap.Levers.Select(l => l.Field));

        var staff = Lever(gap, "techStaff");
        Assert.Equal((9m, 10m, 1m), (staff.Current, staff.Needed, staff.Change));
        Assert.Equal(GapUnit.People, staff.Unit);
        Assert.Equal(FieldKind.Count, staff.Kind);
        Assert.Equal(1m / 9m, staff.RelativeChange);
        Assert.Equal("科技人员须增加 1 人（9 人 → 10 人）", staff.Sentence.Zh);
        Assert.Equal("S&T staff must rise by 1 person (9 → 10)", staff.Sentence.En);

        var employees = Lever(gap, "employees");
        Assert.Equal((100m, 90m, -10m), (employees.Current, employees.Needed, employees.Change));
        Assert.Equal(0.1m, employees.RelativeChange);
        Assert.Equal("职工总数须减少 10 人（100 人 → 90 人）", employees.Sentence.Zh);
        Assert.Equal("Total staff must fall by 10 people (100 → 90)", employees.Sentence.En);
        Assert.Equal(staff.Sentence, gap.Summary);
    }

    [Fact]
    public void An_innovation_score_of_70_needs_71_because_above_70_excludes_70()
    {
        var gap = Gap(Gaps(TestProfiles.Baseline() with { InnovationCapabilityScore = 70m }), "InnovationCapability");
        var lever = Assert.Single(gap.Levers);
        Assert.Equal(("innovationCapabilityScore", 70m, 71m, 1m), (lever.Field, lever.Current, lever.Needed, lever.Change));
        Assert.Equal(GapUnit.Points, lever.Unit);
        Assert.Equal("企业创新能力评价得分须提高 1 分（70 分 → 71 分）", lever.Sentence.Zh);
        Assert.Equal("Innovation-capability score must rise by 1 point (70 → 71)", lever.Sentence.En);
    }

    [Fact]
    public void A_low_innovation_score_needs_whole_points_up_to_71()
    {
        var lever = Assert.Single(Gap(Gaps(TestProfiles.Baseline() with { InnovationCapabilityScore = 55m }), "InnovationCapability").Levers);
        Assert.Equal((71m, 16m), (lever.Needed, lever.Change));
        Assert.Equal("Innovation-capability score must rise by 16 points (55 → 71)", lever.Sentence.En);
    }

    [Fact]
    public void Rd_short_over_three_years_is_one_lever_for_the_three_year_sum_exact_to_the_yuan()
    {
        // R&D 2.0M + 1.5M + 0.2M = 3.7M over revenue 75M = 4.93% < 5% (revenue Y1 30M ≤ 50M):
        // R&D must reach 5% × 75M = 3.75M (+¥50,000), or revenue fall to 3.7M / 5% = 74M (−¥1,000,000).
        var gap = Gap(Gaps(TestProfiles.Baseline() with { RdExpenseY3 = 200_000m, DomesticRdExpenseY3 = 200_000m }), "RdIntensity");
        // More R&D (0.05M / 3.7M = 1.35%) before less revenue (1M / 75M = 1.33%, the smaller change).
        Assert.Equal(["rdExpenseY1+rdExpenseY2+rdExpenseY3", "revenueY1+revenueY2+revenueY3"], gap.Levers.Select(l => l.Field));

        var rd = Lever(gap, "rdExpenseY1+rdExpenseY2+rdExpenseY3");
        Assert.Equal<string>(["rdExpenseY1", "rdExpenseY2", "rdExpenseY3"], rd.Fields);
        Assert.Equal((3_700_000m, 3_750_000m, 50_000m), (rd.Current, rd.Needed, rd.Change));
        Assert.Equal(GapUnit.Yuan, rd.Unit);
        Assert.Equal("研究开发费用（Y1–Y3 合计）须增加 50,000 元（3,700,000 元 → 3,750,000 元）", rd.Sentence.Zh);
        Assert.Equal("R&D expense over Y1–Y3 must rise by ¥50,000 (¥3,700,000 → ¥3,750,000)", rd.Sentence.En);
        Assert.Empty(rd.NewlyFailed);

        var revenue = Lever(gap, "revenueY1+revenueY2+revenueY3");
        Assert.Equal((75_000_000m, 74_000_000m, -1_000_000m), (revenue.Current, revenue.Needed, revenue.Change));
        Assert.Equal("Revenue over Y1–Y3 must fall by ¥1,000,000 (¥75,000,000 → ¥74,000,000)", revenue.Sentence.En);
    }

    [Fact]
    public void Money_is_searched_to_the_fen_and_shown_rounded_up_to_the_yuan()
    {
        // Revenue 75,000,000.30: 5% is 3,750,000.015, so R&D needs 3,750,000.02 (3,750,000.01 is short): +50,000.02, shown ¥50,001.
        var gap = Gap(Gaps(TestProfiles.Baseline() with { RevenueY3 = 20_000_000.30m, RdExpenseY3 = 200_000m, DomesticRdExpenseY3 = 200_000m }), "RdIntensity");
        var rd = Lever(gap, "rdExpenseY1+rdExpenseY2+rdExpenseY3");
        Assert.Equal(50_000.02m, rd.Change);
        Assert.Equal(3_750_000.02m, rd.Needed);
        Assert.Equal("R&D expense over Y1–Y3 must rise by ¥50,001 (¥3,700,000 → ¥3,750,001)", rd.Sentence.En);
    }

    [Fact]
    public void Revenue_levers_are_per_year_where_the_latest_year_also_sets_the_required_share()
    {
        // Revenue 60M + 25M + 20M = 105M with revenue Y1 > 50M: 4% required; R&D 3.7M is 3.52%.
        // Lowering Y2 or Y3 to a total of 3.7M / 4% = 92.5M passes (−12.5M); lowering Y1 below 50M
        // raises the requirement to 5%, so Y1 must fall to 29M (total 74M, −31M). Not one sum.
        var gap = Gap(Gaps(TestProfiles.Baseline() with { RevenueY1 = 60_000_000m, RdExpenseY3 = 200_000m, DomesticRdExpenseY3 = 200_000m }), "RdIntensity");
        Assert.Equal(-31_000_000m, Lever(gap, "revenueY1").Change);
        Assert.Equal(-12_500_000m, Lever(gap, "revenueY2").Change);
        Assert.Equal(-12_500_000m, Lever(gap, "revenueY3").Change);
        Assert.Equal("营业收入（Y1）须减少 31,000,000 元（60,000,000 元 → 29,000,000 元）", Lever(gap, "revenueY1").Sentence.Zh);
        Assert.Equal("Revenue in Y3 must fall by ¥12,500,000 (¥20,000,000 → ¥7,500,000)", Lever(gap, "revenueY3").Sentence.En);

        // R&D is read only as a sum: one lever, 4% × 105M = 4.2M (+500,000).
        Assert.Equal(500_000m, Lever(gap, "rdExpenseY1+rdExpenseY2+rdExpenseY3").Change);
    }

    [Fact]
    public void High_tech_income_share_needs_exact_income()
    {
        // 18M / 31M = 58.06% < 60%: high-tech income 60% × 31M = 18.6M (+600,000), or total income 18M / 60% = 30M (−1,000,000).
        var gap = Gap(Gaps(TestProfiles.Baseline() with { HighTechIncomeY1 = 18_000_000m }), "HighTechIncomeShare");
        Assert.Equal(600_000m, Lever(gap, "highTechIncomeY1").Change);
        Assert.Equal(-1_000_000m, Lever(gap, "totalIncomeY1").Change);
        Assert.Equal("高新技术产品（服务）收入（Y1）须增加 600,000 元（18,000,000 元 → 18,600,000 元）", Lever(gap, "highTechIncomeY1").Sentence.Zh);
        Assert.Equal("High-tech income in Y1 must rise by ¥600,000 (¥18,000,000 → ¥18,600,000)", Lever(gap, "highTechIncomeY1").Sentence.En);
    }

    [Fact]
    public void High_tech_income_share_is_of_total_income_less_non_taxable_income()
    {
        // 总收入 = 31M − 2M = 29M (国科发火〔2016〕195号 三（六）2); 17M / 29M = 58.62% < 60%:
        // high-tech income 60% × 29M = 17.4M (+400,000), or total income 2M + 17M / 60% = 30,333,333.33 (−666,666.67).
        // Non-taxable income is a classification, not a lever: no alternative moves it.
        var gap = Gap(Gaps(TestProfiles.Baseline() with { NonTaxableIncomeY1 = 2_000_000m, HighTechIncomeY1 = 17_000_000m }), "HighTechIncomeShare");
        Assert.Equal(["highTechIncomeY1", "totalIncomeY1"], gap.Levers.Select(l => l.Field));
        Assert.Equal(400_000m, Lever(gap, "highTechIncomeY1").Change);
        Assert.Equal(30_333_333.33m, Lever(gap, "totalIncomeY1").Needed);
    }

    [Theory]
    [InlineData(31_000_000, 31_000_000)]
    [InlineData(31_000_000, 31_000_000.01)]
    [InlineData(0, 5)]
    public void A_total_income_not_above_zero_fails_the_share_with_an_explanation_and_the_gap_still_closes(decimal totalIncome, decimal nonTaxable)
    {
        // 收入总额 − 不征税收入 ≤ 0: the share is undefined, the criterion fails (never throws), and the
        // gap search raises total income until 总收入 is positive and the share reaches 60%.
        var profile = TestProfiles.Baseline() with { TotalIncomeY1 = totalIncome, NonTaxableIncomeY1 = nonTaxable };
        var result = Gaps(profile);
        Assert.Contains("HighTechIncomeShare", result.FailedCriteria);
        var lever = Lever(Gap(result, "HighTechIncomeShare"), "totalIncomeY1");
        // 25M / (total − non-taxable) ≥ 60% for every total in (non-taxable, non-taxable + 41,666,666.66]: the smallest is one fen above.
        Assert.Equal(nonTaxable + 0.01m, lever.Needed);
    }

    [Fact]
    public void A_lever_that_breaks_another_criterion_says_so()
    {
        // Domestic R&D 0.7M × 3 = 2.1M of 4.7M = 44.7% < 60%. Raising domestic R&D to 60% × 4.7M = 2.82M
        // (+720,000) is clean; lowering all R&D to 2.1M / 60% = 3.5M (−1.2M) meets the share but leaves
        // R&D at 3.5M / 75M = 4.67% of revenue, below the 5% that RdIntensity requires.
        var gap = Gap(Gaps(TestProfiles.Baseline() with { DomesticRdExpenseY1 = 700_000m, DomesticRdExpenseY2 = 700_000m, DomesticRdExpenseY3 = 700_000m }), "DomesticRdShare");
        var domestic = Lever(gap, "domesticRdExpenseY1+domesticRdExpenseY2+domesticRdExpenseY3");
        Assert.Equal(720_000m, domestic.Change);
        Assert.Empty(domestic.NewlyFailed);

        var rd = Lever(gap, "rdExpenseY1+rdExpenseY2+rdExpenseY3");
        Assert.Equal(-1_200_000m, rd.Change);
        Assert.Equal<string>(["RdIntensity"], rd.NewlyFailed);
        Assert.Equal("研究开发费用（Y1–Y3 合计）须减少 1,200,000 元（4,700,000 元 → 3,500,000 元）；但会使 RdIntensity 不再符合", rd.Sentence.Zh);
        Assert.Equal("R&D expense over Y1–Y3 must fall by ¥1,200,000 (¥4,700,000 → ¥3,500,000); but RdIntensity would then fail", rd.Sentence.En);
    }

    [Fact]
    public void A_yes_or_no_criterion_is_not_closable_by_a_number()
    {
        var gap = Gap(Gaps(TestProfiles.Baseline() with { CoreIpForMainProducts = false }), "CoreIntellectualProperty");
        Assert.False(gap.Closable);
        Assert.Empty(gap.Levers);
        Assert.Equal("无法以数值弥补：取决于是/否、日期等非数值条件（coreIpForMainProducts）", gap.Summary.Zh);
        Assert.Equal("Not closable by a number: it depends on yes/no, date or other non-numeric facts (coreIpForMainProducts)", gap.Summary.En);
    }

    [Fact]
    public void The_registration_date_is_not_a_number_to_change()
    {
        var gap = Gap(Gaps(TestProfiles.Baseline() with { RegistrationDate = new DateOnly(2025, 1, 10) }), "RegisteredOneYear");
        Assert.False(gap.Closable);
        Assert.Contains("registrationDate", gap.Summary.En, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_criterion_reads_the_fields_of_its_parameters()
    {
        var programme = Engine.GetProgramme(Programme, TestProfiles.AsOf);
        var fields = programme.TopLevelRuleNames.Zip(programme.TopLevelRuleFields, (name, set) => $"{name}: {set}");
        Assert.Equal(
        [
            "ResidentInMainland: residentInMainland",
            "RegisteredOneYear: registrationDate",
            "CoreIntellectualProperty: coreIpForMainProducts",
            "SupportedTechField: techFieldSupported",
            "TechStaffRatio: employees, techStaff",
            "RdIntensity: revenueY1, revenueY2, revenueY3, rdExpenseY1, rdExpenseY2, rdExpenseY3",
            "DomesticRdShare: rdExpenseY1, rdExpenseY2, rdExpenseY3, domesticRdExpenseY1, domesticRdExpenseY2, domesticRdExpenseY3",
            "HighTechIncomeShare: totalIncomeY1, highTechIncomeY1, nonTaxableIncomeY1",
            "InnovationCapability: innovationCapabilityScore",
            "NoMajorIncident: majorIncidentLastYear",
        ], fields);
    }

    [Fact]
    public void Evaluate_without_gaps_serializes_as_before_and_with_gaps_adds_them()
    {
        var profile = TestProfiles.Baseline() with { TechStaff = 9 };
        var plain = Engine.Evaluate(Programme, profile, TestProfiles.AsOf);
        Assert.Empty(plain.Gaps);
        Assert.DoesNotContain("\"gaps\"", JsonSerializer.Serialize(plain, EvaluateCommand.Json), StringComparison.Ordinal);
        Assert.DoesNotContain("\"Gaps\"", JsonSerializer.Serialize(plain), StringComparison.Ordinal);
        Assert.DoesNotContain("Gap analysis", ExplanationText.Render(plain), StringComparison.Ordinal);

        var withGaps = Gaps(profile);
        Assert.Equal(JsonSerializer.Serialize(plain, EvaluateCommand.Json), JsonSerializer.Serialize(withGaps with { Gaps = [] }, EvaluateCommand.Json));
        using var json = JsonDocument.Parse(JsonSerializer.Serialize(withGaps, EvaluateCommand.Json));
        var lever = json.RootElement.GetProperty("gaps")[0].GetProperty("levers")[0];
        Assert.Equal("techStaff", lever.GetProperty("field").GetString());
        Assert.Equal(10m, lever.GetProperty("needed").GetDecimal());
        Assert.Equal("people", lever.GetProperty("unit").GetString());
        Assert.Contains("差距分析 Gap analysis:", ExplanationText.Render(withGaps), StringComparison.Ordinal);
    }
}

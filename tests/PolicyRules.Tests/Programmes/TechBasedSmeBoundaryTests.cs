using PolicyRules.Evaluation;
using PolicyRules.Model;
using static PolicyRules.Tests.Programmes.Boundary;

namespace PolicyRules.Tests.Programmes;

/// <summary>
/// Boundaries of the tech-based SME evaluation (programmes.md §2; 国科发政〔2017〕115号 arts. 6–8; from 2022
/// the basic conditions of 国科火字〔2022〕67号 (一)–(四)).
/// Expected values are written from the spec: basic conditions "≤" inclusive, score tiers with
/// inclusive lower bounds, eligible when all basic conditions hold and either a direct path holds or
/// the score is ≥ 60 with a non-zero staff score.
/// </summary>
/// <remarks>
/// The baseline scores 100: staff 30/100 = 30% → 20; R&amp;D 200万/3000万 = 6.67% → 50; class-I IP → 30.
/// </remarks>
public sealed class TechBasedSmeBoundaryTests
{
    private const string Programme = "TechBasedSme";

    private static ProgrammeResult Evaluate(EnterpriseProfile profile) => Engine.Evaluate(Programme, profile, TestProfiles.AsOf);

    /// <summary>Scores 0 on every indicator and holds no direct path, but meets every basic condition.</summary>
    private static EnterpriseProfile LowScore() => TestProfiles.Baseline() with
    {
        TechStaff = 0,
        RdExpenseY1 = 0m,
        IpClassI = 0,
        IpClassII = 0,
    };

    private static void AssertBasic(ProgrammeResult result, string criterion, bool passes)
    {
        Assert.Equal(passes, Criterion(result, criterion).Passed);
        Assert.True(passes == result.Eligible, $"Eligible should be {passes}; failed: {Why(result)}");
    }

    [Fact]
    public void Baseline_scores_100_and_is_eligible()
    {
        var result = Evaluate(TestProfiles.Baseline());
        Assert.True(result.Eligible, Why(result));
        Assert.Equal(100m, result.Score);
        Assert.Equal(20m, Component(result, "staffPoints"));
        Assert.Equal(50m, Component(result, "rdPoints"));
        Assert.Equal(30m, Component(result, "ipPoints"));
    }

    // Basic conditions (art. 6 (2)): employees ≤ 500; revenueY1 ≤ 2亿; totalAssets ≤ 2亿.
    [Theory]
    [InlineData(500, true)]
    [InlineData(501, false)]
    [InlineData(499, true)]
    public void At_most_500_employees_passes(int employees, bool passes)
    {
        // 150 S&T staff keep the staff score above 0 (30% or 29.9%).
        var result = Evaluate(TestProfiles.Baseline() with { Employees = employees, TechStaff = 150 });
        AssertBasic(result, "EmployeesAtMost500", passes);
    }

    [Theory]
    [InlineData("200000000", true)]
    [InlineData("200000000.01", false)]
    [InlineData("199999999.99", true)]
    public void Revenue_of_at_most_200_million_passes(string revenueY1, bool passes)
    {
        // R&D 2000万 keeps the R&D score at 50 (10% of revenue).
        var result = Evaluate(TestProfiles.Baseline() with { RevenueY1 = D(revenueY1), RdExpenseY1 = 20_000_000m });
        AssertBasic(result, "RevenueAtMost200Million", passes);
    }

    [Theory]
    [InlineData("200000000", true)]
    [InlineData("200000000.01", false)]
    [InlineData("199999999.99", true)]
    public void Total_assets_of_at_most_200_million_passes(string totalAssets, bool passes)
    {
        var result = Evaluate(TestProfiles.Baseline() with { TotalAssets = D(totalAssets) });
        AssertBasic(result, "AssetsAtMost200Million", passes);
    }

    /// <summary>An evaluation date in force for each version: the 2017 measures end on 2021-12-31.</summary>
    private static DateOnly AsOfFor(string version) => version == "2017" ? new DateOnly(2021, 6, 30) : TestProfiles.AsOf;

    public static TheoryData<string, string, string> FailedBasicConditions => new()
    {
        { "2017", "not resident in mainland", "ResidentInMainland" },
        { "2017", "501 employees", "EmployeesAtMost500" },
        { "2017", "revenue 2亿 + 0.01", "RevenueAtMost200Million" },
        { "2017", "assets 2亿 + 0.01", "AssetsAtMost200Million" },
        { "2017", "restricted industry", "NotRestrictedIndustry" },
        { "2017", "major incident in the year before application", "NoMajorIncident" },
        { "2017", "serious research dishonesty", "NoResearchDishonesty" },
        { "2017", "abnormal operation listed", "NotAbnormallyListed" },
        { "2022", "not a resident enterprise", "ResidentEnterprise" },
        { "2022", "deemed tax collection", "AuditedTaxCollection" },
        { "2022", "501 employees", "EmployeesAtMost500" },
        { "2022", "revenue 2亿 + 0.01", "RevenueAtMost200Million" },
        { "2022", "assets 2亿 + 0.01", "AssetsAtMost200Million" },
        { "2022", "restricted industry", "NotRestrictedIndustry" },
        { "2022", "industry excluded from the R&D super-deduction", "NotSuperDeductionExcludedIndustry" },
        { "2022", "major incident in the last fiscal year or the current one", "NoMajorIncident" },
        { "2022", "serious fraud or research dishonesty", "NoFraudOrResearchDishonesty" },
        { "2022", "abnormal operation listed", "NotAbnormallyListed" },
    };

    private static EnterpriseProfile Violate(EnterpriseProfile profile, string version, string criterion) => criterion switch
    {
        "ResidentInMainland" => profile with { ResidentInMainland = false },
        "ResidentEnterprise" => profile with { ResidentEnterprise = false },
        "AuditedTaxCollection" => profile with { AuditedTaxCollection = false },
        "EmployeesAtMost500" => profile with { Employees = 501, TechStaff = 151 },
        "RevenueAtMost200Million" => profile with { RevenueY1 = 200_000_000.01m, RdExpenseY1 = 20_000_000m },
        "AssetsAtMost200Million" => profile with { TotalAssets = 200_000_000.01m },
        "NotRestrictedIndustry" => profile with { RestrictedIndustry = true },
        "NotSuperDeductionExcludedIndustry" => profile with { RdSuperDeductionExcludedIndustry = true },
        "NoMajorIncident" when version == "2017" => profile with { MajorIncidentLastYear = true },
        "NoMajorIncident" => profile with { MajorIncidentPriorAndCurrentFy = true },
        "NoResearchDishonesty" or "NoFraudOrResearchDishonesty" => profile with { SeriousFraudOrResearchDishonesty = true },
        "NotAbnormallyListed" => profile with { AbnormalOperationListed = true },
        _ => throw new ArgumentOutOfRangeException(nameof(criterion), criterion, null),
    };

    [Theory]
    [MemberData(nameof(FailedBasicConditions))]
    public void A_failed_basic_condition_makes_the_enterprise_ineligible(string version, string violation, string criterion)
    {
        var result = Engine.Evaluate(Programme, Violate(TestProfiles.Baseline(), version, criterion), AsOfFor(version));

        Assert.Equal(version, result.Version);
        Assert.False(Criterion(result, criterion).Passed, violation);
        Assert.False(result.Eligible, violation);
    }

    [Theory]
    [MemberData(nameof(FailedBasicConditions))]
    public void A_direct_path_does_not_rescue_a_failed_basic_condition(string version, string violation, string criterion)
    {
        var profile = Violate(TestProfiles.Baseline(), version, criterion) with
        {
            HighTechCertValid = true,
            NationalSciAwardTop3Within5y = true,
            ProvincialRdInstitution = true,
            LedStandardWithin5y = true,
        };

        var result = Engine.Evaluate(Programme, profile, AsOfFor(version));

        Assert.True(Criterion(result, "DirectPath").Passed, violation);
        Assert.False(Criterion(result, criterion).Passed, violation);
        Assert.False(result.Eligible, violation);
    }

    [Theory]
    [InlineData("2021-12-31", "2017")]
    [InlineData("2022-01-01", "2022")]
    public void The_2017_measures_end_on_2021_12_31_and_the_2022_conditions_apply_from_the_next_day(string asOf, string version)
    {
        Assert.Equal(version, Engine.Evaluate(Programme, TestProfiles.Baseline(), DateOnly.Parse(asOf, System.Globalization.CultureInfo.InvariantCulture)).Version);
    }

    [Fact]
    public void An_enterprise_incorporated_abroad_with_its_management_in_China_passes_2022_but_not_2017()
    {
        var profile = TestProfiles.Baseline() with { ResidentInMainland = false, ResidentEnterprise = true };
        Assert.True(Engine.Evaluate(Programme, profile, AsOfFor("2022")).Eligible);
        Assert.False(Engine.Evaluate(Programme, profile, AsOfFor("2017")).Eligible);
    }

    [Theory]
    [InlineData("2017")]
    [InlineData("2022")]
    public void The_size_limits_include_their_bounds_in_both_versions(string version)
    {
        // "不超过": 500 staff, ¥200 million revenue and ¥200 million assets pass; one more fails (above).
        var baseline = TestProfiles.Baseline();
        var asOf = AsOfFor(version);
        Assert.True(Engine.Evaluate(Programme, baseline with { Employees = 500, TechStaff = 150 }, asOf).Eligible);
        Assert.True(Engine.Evaluate(Programme, baseline with { Employees = 499, TechStaff = 150 }, asOf).Eligible);
        Assert.True(Engine.Evaluate(Programme, baseline with { RevenueY1 = 200_000_000m, RdExpenseY1 = 20_000_000m }, asOf).Eligible);
        Assert.True(Engine.Evaluate(Programme, baseline with { RevenueY1 = 199_999_999.99m, RdExpenseY1 = 20_000_000m }, asOf).Eligible);
        Assert.True(Engine.Evaluate(Programme, baseline with { TotalAssets = 200_000_000m }, asOf).Eligible);
        Assert.True(Engine.Evaluate(Programme, baseline with { TotalAssets = 199_999_999.99m }, asOf).Eligible);
    }

    // Staff indicator: techStaff/employees ≥30% 20; ≥25% 16; ≥20% 12; ≥15% 8; ≥10% 4; else 0.
    // 500 employees: one person is 0.2%.
    [Theory]
    [InlineData(500, 500, 20)]
    [InlineData(500, 151, 20)]
    [InlineData(500, 150, 20)] // 30% exactly
    [InlineData(500, 149, 16)] // 29.8%
    [InlineData(500, 126, 16)]
    [InlineData(500, 125, 16)] // 25% exactly
    [InlineData(500, 124, 12)]
    [InlineData(500, 101, 12)]
    [InlineData(500, 100, 12)] // 20% exactly
    [InlineData(500, 99, 8)]
    [InlineData(500, 76, 8)]
    [InlineData(500, 75, 8)]   // 15% exactly
    [InlineData(500, 74, 4)]
    [InlineData(500, 51, 4)]
    [InlineData(500, 50, 4)]   // 10% exactly
    [InlineData(500, 49, 0)]
    [InlineData(500, 0, 0)]
    [InlineData(10000, 3000, 20)] // 30% exactly
    [InlineData(10000, 2999, 16)] // 29.99%
    [InlineData(10000, 1000, 4)]  // 10% exactly
    [InlineData(10000, 999, 0)]   // 9.99%
    public void Staff_points_follow_the_tier_whose_lower_bound_is_met(int employees, int techStaff, int points)
    {
        var result = Evaluate(TestProfiles.Baseline() with { Employees = employees, TechStaff = techStaff });
        Assert.Equal(points, Component(result, "staffPoints"));
    }

    [Fact]
    public void Zero_employees_gives_zero_staff_points_without_throwing()
    {
        var result = Evaluate(TestProfiles.Baseline() with { Employees = 0, TechStaff = 0 });

        Assert.Equal(0m, Component(result, "staffPoints"));
        Assert.Equal(80m, result.Score);
        Assert.False(Criterion(result, "StaffScoreNonZero").Passed);
        Assert.False(result.Eligible);
    }

    // R&D indicator by revenue: rdY1/revenueY1 ≥6% 50; ≥5% 40; ≥4% 30; ≥3% 20; ≥2% 10; else 0.
    // Revenue 1亿; costs 9500万 keep rdY1/cost below 10% (0 points) for every rdY1 here.
    [Theory]
    [InlineData("7000000", 50)]
    [InlineData("6000000.01", 50)]
    [InlineData("6000000", 50)]     // 6% exactly
    [InlineData("5999999.99", 40)]
    [InlineData("5000000.01", 40)]
    [InlineData("5000000", 40)]     // 5% exactly
    [InlineData("4999999.99", 30)]
    [InlineData("4000000.01", 30)]
    [InlineData("4000000", 30)]     // 4% exactly
    [InlineData("3999999.99", 20)]
    [InlineData("3000000.01", 20)]
    [InlineData("3000000", 20)]     // 3% exactly
    [InlineData("2999999.99", 10)]
    [InlineData("2000000.01", 10)]
    [InlineData("2000000", 10)]     // 2% exactly
    [InlineData("1999999.99", 0)]
    [InlineData("0", 0)]
    public void Rd_points_by_share_of_revenue_follow_the_tiers(string rdY1, int points)
    {
        var profile = TestProfiles.Baseline() with { RevenueY1 = 100_000_000m, CostAndExpenseY1 = 95_000_000m, RdExpenseY1 = D(rdY1) };
        Assert.Equal(points, Component(Evaluate(profile), "rdPoints"));
    }

    // R&D indicator by costs: rdY1/costAndExpenseY1 ≥30% 50; ≥25% 40; ≥20% 30; ≥15% 20; ≥10% 10; else 0.
    // Costs 1000万; revenue 2亿 keeps rdY1/revenue below 2% (0 points) for every rdY1 here.
    [Theory]
    [InlineData("3500000", 50)]
    [InlineData("3000000.01", 50)]
    [InlineData("3000000", 50)]     // 30% exactly
    [InlineData("2999999.99", 40)]
    [InlineData("2500000.01", 40)]
    [InlineData("2500000", 40)]     // 25% exactly
    [InlineData("2499999.99", 30)]
    [InlineData("2000000.01", 30)]
    [InlineData("2000000", 30)]     // 20% exactly
    [InlineData("1999999.99", 20)]
    [InlineData("1500000.01", 20)]
    [InlineData("1500000", 20)]     // 15% exactly
    [InlineData("1499999.99", 10)]
    [InlineData("1000000.01", 10)]
    [InlineData("1000000", 10)]     // 10% exactly
    [InlineData("999999.99", 0)]
    [InlineData("0", 0)]
    public void Rd_points_by_share_of_costs_follow_the_tiers(string rdY1, int points)
    {
        var profile = TestProfiles.Baseline() with { RevenueY1 = 200_000_000m, CostAndExpenseY1 = 10_000_000m, RdExpenseY1 = D(rdY1) };
        Assert.Equal(points, Component(Evaluate(profile), "rdPoints"));
    }

    // "the better of the two, the enterprise may choose".
    [Theory]
    [InlineData("100000000", "40000000", "6000000", 50)]  // revenue 6% → 50; costs 15% → 20
    [InlineData("100000000", "8000000", "2000000", 40)]   // revenue 2% → 10; costs 25% → 40
    [InlineData("100000000", "16000000", "4000000", 40)]  // revenue 4% → 30; costs 25% → 40
    [InlineData("100000000", "25000000", "5000000", 40)]  // revenue 5% → 40; costs 20% → 30
    [InlineData("100000000", "20000000", "6000000", 50)]  // both 50
    [InlineData("100000000", "10000000", "1000000", 10)]  // revenue 1% → 0; costs 10% → 10
    [InlineData("0", "10000000", "3000000", 50)]          // no revenue: only the cost measure is defined, 30% → 50
    [InlineData("100000000", "0", "6000000", 50)]         // no costs: only the revenue measure is defined, 6% → 50
    [InlineData("0", "0", "0", 0)]                        // neither defined
    public void Rd_points_take_the_better_of_the_two_measures(string revenueY1, string costAndExpenseY1, string rdY1, int points)
    {
        var profile = TestProfiles.Baseline() with { RevenueY1 = D(revenueY1), CostAndExpenseY1 = D(costAndExpenseY1), RdExpenseY1 = D(rdY1) };
        Assert.Equal(points, Component(Evaluate(profile), "rdPoints"));
    }

    // IP indicator: ipClassI ≥ 1 → 30; else ipClassII ≥ 4 → 24; = 3 → 18; = 2 → 12; = 1 → 6; none → 0.
    [Theory]
    [InlineData(1, 0, 30)]
    [InlineData(1, 10, 30)]
    [InlineData(2, 5, 30)]
    [InlineData(0, 10, 24)]
    [InlineData(0, 5, 24)]
    [InlineData(0, 4, 24)]
    [InlineData(0, 3, 18)]
    [InlineData(0, 2, 12)]
    [InlineData(0, 1, 6)]
    [InlineData(0, 0, 0)]
    public void Ip_points_give_30_for_any_class_one_ip_else_follow_class_two_count(int classI, int classII, int points)
    {
        var result = Evaluate(TestProfiles.Baseline() with { IpClassI = classI, IpClassII = classII });
        Assert.Equal(points, Component(result, "ipPoints"));
    }

    // Score path (art. 6 (5)): score ≥ 60 and staff points > 0. All points are even, so 58 is the
    // highest score below 60. Revenue 3000万 and costs 2600万 (baseline); rdY1 sets the R&D points
    // through revenue (costs stay below 10% for every rdY1 here).
    [Theory]
    [InlineData(10, "2000000", 0, 1, 4, 50, 6, true)]      // 60 exactly
    [InlineData(30, "600000", 1, 0, 20, 10, 30, true)]     // 60 exactly
    [InlineData(30, "1500000", 0, 0, 20, 40, 0, true)]     // 60 exactly (R&D 5% exactly)
    [InlineData(30, "1499999.99", 0, 0, 20, 30, 0, false)] // 50: R&D just below 5%
    [InlineData(15, "2000000", 0, 0, 8, 50, 0, false)]     // 58
    [InlineData(30, "1200000", 0, 1, 20, 30, 6, false)]    // 56
    [InlineData(9, "2000000", 0, 1, 0, 50, 6, false)]      // 56, and staff 9% → 0 points
    [InlineData(20, "2000000", 0, 0, 12, 50, 0, true)]     // 62
    [InlineData(9, "2000000", 1, 0, 0, 50, 30, false)]     // 80 but staff points 0
    [InlineData(0, "2000000", 1, 0, 0, 50, 30, false)]     // 80 but no S&T staff
    public void Score_of_at_least_60_with_non_zero_staff_points_qualifies(
        int techStaff, string rdY1, int classI, int classII, int staffPoints, int rdPoints, int ipPoints, bool eligible)
    {
        var profile = TestProfiles.Baseline() with { Employees = 100, TechStaff = techStaff, RdExpenseY1 = D(rdY1), IpClassI = classI, IpClassII = classII };

        var result = Evaluate(profile);

        Assert.Equal(staffPoints, Component(result, "staffPoints"));
        Assert.Equal(rdPoints, Component(result, "rdPoints"));
        Assert.Equal(ipPoints, Component(result, "ipPoints"));
        Assert.Equal(staffPoints + rdPoints + ipPoints, result.Score);
        Assert.Equal(eligible, Criterion(result, "ScorePath").Passed);
        Assert.True(eligible == result.Eligible, $"Eligible should be {eligible}; failed: {Why(result)}");
    }

    [Fact]
    public void A_low_score_without_a_direct_path_is_not_eligible()
    {
        var result = Evaluate(LowScore());

        Assert.Equal(0m, result.Score);
        Assert.False(Criterion(result, "DirectPath").Passed);
        Assert.False(result.Eligible);
    }

    // Direct paths (art. 8).
    [Theory]
    [InlineData("HighTechCertificate")]
    [InlineData("NationalScienceAward")]
    [InlineData("ProvincialRdInstitution")]
    [InlineData("LedStandard")]
    public void Each_direct_path_makes_a_low_scoring_enterprise_eligible(string path)
    {
        var profile = path switch
        {
            "HighTechCertificate" => LowScore() with { HighTechCertValid = true },
            "NationalScienceAward" => LowScore() with { NationalSciAwardTop3Within5y = true },
            "ProvincialRdInstitution" => LowScore() with { ProvincialRdInstitution = true },
            "LedStandard" => LowScore() with { LedStandardWithin5y = true },
            _ => throw new ArgumentOutOfRangeException(nameof(path), path, null),
        };

        var result = Evaluate(profile);

        Assert.Equal(0m, result.Score);
        Assert.False(Criterion(result, "ScorePath").Passed);
        Assert.True(Criterion(result, path).Passed);
        Assert.True(result.Eligible, Why(result));
    }
}

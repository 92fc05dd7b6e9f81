using PolicyRules.Evaluation;
using PolicyRules.Model;
using static PolicyRules.Tests.Programmes.Boundary;

namespace PolicyRules.Tests.Programmes;

/// <summary>
/// Boundaries of the ten high-tech enterprise criteria (programmes.md §3; 国科发火〔2016〕32号 art. 11,
/// 国科发火〔2016〕195号). Expected outcomes are written from the spec: "≥" is inclusive (含本数),
/// "&gt;" and "&lt;" exclusive (不含); a zero denominator fails the ratio criterion without throwing.
/// Every case varies one criterion of <see cref="TestProfiles.Baseline"/>, which passes all ten,
/// so <see cref="ProgrammeResult.Eligible"/> must equal the varied criterion's outcome.
/// </summary>
public sealed class HighTechEnterpriseBoundaryTests
{
    private const string Programme = "HighTechEnterprise";

    private static ProgrammeResult Evaluate(EnterpriseProfile profile, DateOnly? asOf = null) =>
        Engine.Evaluate(Programme, profile, asOf ?? TestProfiles.AsOf);

    private static void AssertCriterion(ProgrammeResult result, string criterion, bool passes)
    {
        Assert.Equal(passes, Criterion(result, criterion).Passed);
        Assert.True(passes == result.Eligible, $"Eligible should be {passes}; failed: {Why(result)}");
    }

    [Fact]
    public void Baseline_passes_all_ten_criteria()
    {
        var result = Evaluate(TestProfiles.Baseline());
        Assert.True(result.Eligible, Why(result));
        Assert.Equal(10, result.Criteria.Length);
        Assert.All(result.Criteria, c => Assert.True(c.Passed, c.Name));
    }

    // 1. "Registered at least 365 calendar days before the evaluation date" (指引 三(一)).
    // Day counts are worked out by hand; leap days (2024-02-29) lengthen a calendar year to 366 days.
    [Theory]
    [InlineData("2025-06-30", "2024-06-30", 365, true)]  // exactly 365 days, no leap day in the span
    [InlineData("2025-06-30", "2024-07-01", 364, false)] // one day short
    [InlineData("2025-06-30", "2024-06-29", 366, true)]  // one day more
    [InlineData("2024-03-01", "2023-03-02", 365, true)]  // span contains 2024-02-29: 365 days is one day short of the calendar year
    [InlineData("2024-03-01", "2023-03-03", 364, false)]
    [InlineData("2024-03-01", "2023-03-01", 366, true)]  // the full leap calendar year
    [InlineData("2024-06-30", "2023-07-01", 365, true)]  // less than a calendar year, yet 365 calendar days
    [InlineData("2024-06-30", "2023-07-02", 364, false)]
    [InlineData("2024-06-30", "2023-06-30", 366, true)]
    [InlineData("2024-02-29", "2023-03-01", 365, true)]  // evaluated on the leap day itself
    [InlineData("2024-02-29", "2023-03-02", 364, false)]
    [InlineData("2025-02-28", "2024-02-29", 365, true)]  // registered on the leap day
    [InlineData("2025-02-27", "2024-02-29", 364, false)]
    [InlineData("2025-06-30", "2025-06-30", 0, false)]   // registered on the evaluation date
    [InlineData("2025-06-30", "2025-07-01", -1, false)]  // registered after the evaluation date
    public void Registration_passes_from_365_calendar_days_before_the_evaluation_date(string asOf, string registered, int days, bool passes)
    {
        var asOfDate = Date(asOf);
        var registration = Date(registered);
        Assert.Equal(days, asOfDate.DayNumber - registration.DayNumber); // checks the hand count above

        var result = Evaluate(TestProfiles.Baseline() with { RegistrationDate = registration }, asOfDate);

        AssertCriterion(result, "RegisteredOneYear", passes);
    }

    [Theory]
    [InlineData(365, true)]
    [InlineData(364, false)]
    [InlineData(366, true)]
    public void Registration_relative_to_the_default_evaluation_date(int daysBefore, bool passes)
    {
        var profile = TestProfiles.Baseline() with { RegistrationDate = TestProfiles.AsOf.AddDays(-daysBefore) };
        AssertCriterion(Evaluate(profile), "RegisteredOneYear", passes);
    }

    // 2, 3, 9. Boolean criteria.
    [Fact]
    public void No_core_ip_for_main_products_fails()
    {
        var result = Evaluate(TestProfiles.Baseline() with { CoreIpForMainProducts = false });
        AssertCriterion(result, "CoreIntellectualProperty", passes: false);
    }

    [Fact]
    public void Core_technology_outside_the_supported_fields_fails()
    {
        var result = Evaluate(TestProfiles.Baseline() with { TechFieldSupported = false });
        AssertCriterion(result, "SupportedTechField", passes: false);
    }

    [Fact]
    public void Major_incident_last_year_fails()
    {
        var result = Evaluate(TestProfiles.Baseline() with { MajorIncidentLastYear = true });
        AssertCriterion(result, "NoMajorIncident", passes: false);
    }

    // 4. techStaff/employees ≥ 10%.
    [Theory]
    [InlineData(10000, 1000, true)]  // exactly 10%
    [InlineData(10000, 999, false)]  // 9.99%
    [InlineData(10000, 1001, true)]  // 10.01%
    [InlineData(100, 10, true)]      // exactly 10%
    [InlineData(100, 9, false)]
    [InlineData(30, 3, true)]        // exactly 10%
    [InlineData(30, 2, false)]
    [InlineData(0, 0, false)]        // zero employees: the ratio is undefined, the criterion fails
    public void Tech_staff_ratio_of_at_least_10_percent_passes(int employees, int techStaff, bool passes)
    {
        var result = Evaluate(TestProfiles.Baseline() with { Employees = employees, TechStaff = techStaff });
        AssertCriterion(result, "TechStaffRatio", passes);
    }

    [Fact]
    public void Tech_staff_ratio_of_exactly_10_percent_passes()
    {
        var result = Evaluate(TestProfiles.Baseline() with { Employees = 250, TechStaff = 25 });
        AssertCriterion(result, "TechStaffRatio", passes: true);
    }

    // 5. (rdY1+Y2+Y3)/(revenueY1+Y2+Y3) ≥ 5% if revenueY1 ≤ 5000万; ≥ 4% if 5000万 < revenueY1 ≤ 2亿;
    //    ≥ 3% if revenueY1 > 2亿. The band reads revenueY1 only; the ratio is over three years.
    //    Each three-year revenue sums to a round number so the ratio is exact.
    [Theory]
    // revenueY1 exactly 5000万 → 5% band (three-year revenue 1亿)
    [InlineData("50000000", "30000000", "20000000", "2000000", "1800000", "1200000", true)]     // 5% exactly
    [InlineData("50000000", "30000000", "20000000", "2000000", "1800000", "1199999.99", false)] // just below 5% (would pass a 4% band)
    [InlineData("50000000", "30000000", "20000000", "2000000", "1800000", "1200000.01", true)]  // just above 5%
    [InlineData("50000000", "30000000", "20000000", "1600000", "1400000", "1000000", false)]    // 4%: not enough in the 5% band
    // revenueY1 5000万 + 0.01 → 4% band (three-year revenue 1亿)
    [InlineData("50000000.01", "29999999.99", "20000000", "1600000", "1400000", "1000000", true)]     // 4% exactly (would fail a 5% band)
    [InlineData("50000000.01", "29999999.99", "20000000", "1600000", "1400000", "999999.99", false)]  // just below 4%
    [InlineData("50000000.01", "29999999.99", "20000000", "1600000", "1400000", "1000000.01", true)]  // just above 4%
    // revenueY1 exactly 2亿 → 4% band (three-year revenue 4亿)
    [InlineData("200000000", "120000000", "80000000", "8000000", "5000000", "3000000", true)]     // 4% exactly
    [InlineData("200000000", "120000000", "80000000", "8000000", "5000000", "2999999.99", false)] // just below 4% (would pass a 3% band)
    [InlineData("200000000", "120000000", "80000000", "8000000", "5000000", "3000000.01", true)]  // just above 4%
    [InlineData("200000000", "120000000", "80000000", "6000000", "4000000", "2000000", false)]    // 3%: not enough in the 4% band
    // revenueY1 2亿 + 0.01 → 3% band (three-year revenue 4亿)
    [InlineData("200000000.01", "119999999.99", "80000000", "6000000", "4000000", "2000000", true)]     // 3% exactly (would fail a 4% band)
    [InlineData("200000000.01", "119999999.99", "80000000", "6000000", "4000000", "1999999.99", false)] // just below 3%
    [InlineData("200000000.01", "119999999.99", "80000000", "6000000", "4000000", "2000000.01", true)]  // just above 3%
    // the band follows revenueY1, not the three-year total or average: Y1 5000万, three-year 2.5亿 → still 5%
    [InlineData("50000000", "100000000", "100000000", "6000000", "4000000", "2500000", true)]  // 5% exactly
    [InlineData("50000000", "100000000", "100000000", "6000000", "3000000", "1000000", false)] // 4%
    // the ratio is over three years: Y1 alone is 2%, the three years together 5%
    [InlineData("50000000", "30000000", "20000000", "1000000", "2400000", "1600000", true)]
    // years not yet operated count as 0
    [InlineData("10000000", "0", "0", "500000", "0", "0", true)]       // 5% exactly over the one year operated
    [InlineData("10000000", "0", "0", "499999.99", "0", "0", false)]
    public void Rd_intensity_over_three_years_must_reach_the_band_set_by_latest_revenue(
        string revenueY1, string revenueY2, string revenueY3, string rdY1, string rdY2, string rdY3, bool passes)
    {
        var profile = TestProfiles.Baseline() with
        {
            RevenueY1 = D(revenueY1),
            RevenueY2 = D(revenueY2),
            RevenueY3 = D(revenueY3),
            RdExpenseY1 = D(rdY1),
            RdExpenseY2 = D(rdY2),
            RdExpenseY3 = D(rdY3),
            DomesticRdExpenseY1 = D(rdY1),
            DomesticRdExpenseY2 = D(rdY2),
            DomesticRdExpenseY3 = D(rdY3),
        };

        AssertCriterion(Evaluate(profile), "RdIntensity", passes);
    }

    [Fact]
    public void Zero_three_year_revenue_fails_rd_intensity_without_throwing()
    {
        var profile = TestProfiles.Baseline() with { RevenueY1 = 0m, RevenueY2 = 0m, RevenueY3 = 0m };
        AssertCriterion(Evaluate(profile), "RdIntensity", passes: false);
    }

    // 6. (domesticRdY1+Y2+Y3)/(rdY1+Y2+Y3) ≥ 60%. R&D 1000万 over three years (13.3% of the baseline revenue).
    [Theory]
    [InlineData("3000000", "2000000", "1000000", true)]     // exactly 60%
    [InlineData("3000000", "2000000", "999999.99", false)]  // just below
    [InlineData("3000000", "2000000", "1000000.01", true)]  // just above
    [InlineData("4000000", "3500000", "2500000", true)]     // all of it in China
    [InlineData("0", "0", "0", false)]
    public void Domestic_share_of_rd_of_at_least_60_percent_passes(string domesticY1, string domesticY2, string domesticY3, bool passes)
    {
        var profile = TestProfiles.Baseline() with
        {
            RdExpenseY1 = 4_000_000m,
            RdExpenseY2 = 3_500_000m,
            RdExpenseY3 = 2_500_000m,
            DomesticRdExpenseY1 = D(domesticY1),
            DomesticRdExpenseY2 = D(domesticY2),
            DomesticRdExpenseY3 = D(domesticY3),
        };

        AssertCriterion(Evaluate(profile), "DomesticRdShare", passes);
    }

    [Fact]
    public void Zero_total_rd_fails_the_domestic_share_without_throwing()
    {
        var profile = TestProfiles.Baseline() with
        {
            RdExpenseY1 = 0m,
            RdExpenseY2 = 0m,
            RdExpenseY3 = 0m,
            DomesticRdExpenseY1 = 0m,
            DomesticRdExpenseY2 = 0m,
            DomesticRdExpenseY3 = 0m,
        };

        var result = Evaluate(profile);

        Assert.False(Criterion(result, "DomesticRdShare").Passed);
        Assert.False(result.Eligible);
    }

    // 0. A resident enterprise registered in mainland China (32号 第二条).
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Only_a_mainland_resident_enterprise_passes(bool resident)
    {
        AssertCriterion(Evaluate(TestProfiles.Baseline() with { ResidentInMainland = resident }), "ResidentInMainland", resident);
    }

    // 7. highTechIncomeY1 / (totalIncomeY1 − nonTaxableIncomeY1) ≥ 60% ("不低于"; 总收入 = 收入总额 − 不征税收入, 195号 三（六）2).
    [Theory]
    [InlineData("10000000", "0", "6000000", true)]            // exactly 60%
    [InlineData("10000000", "0", "5999999.99", false)]        // just below
    [InlineData("10000000", "0", "6000000.01", true)]         // just above
    [InlineData("10000000", "0", "10000000", true)]
    [InlineData("0", "0", "0", false)]                        // zero total income: undefined, fails
    [InlineData("11000000", "1000000", "6000000", true)]      // 6M / (11M − 1M): exactly 60%
    [InlineData("11000000", "1000000", "5999999.99", false)]  // one fen below
    [InlineData("11000000", "1000000", "6000000.01", true)]   // one fen above
    [InlineData("11000000", "0", "6000000", false)]           // the same income over 收入总额 alone: 54.5%
    [InlineData("11000000", "999999.99", "6000000", false)]   // denominator one fen too large
    [InlineData("11000000", "11000000", "6000000", false)]    // 总收入 0: undefined, fails
    [InlineData("11000000", "11000000.01", "6000000", false)] // 总收入 negative: fails, does not throw
    [InlineData("11000000", "10999999.99", "0.01", true)]     // 总收入 one fen: 0.01 / 0.01 = 100%
    public void High_tech_income_share_of_at_least_60_percent_of_total_income_less_non_taxable_income_passes(string totalIncome, string nonTaxable, string highTechIncome, bool passes)
    {
        var profile = TestProfiles.Baseline() with { TotalIncomeY1 = D(totalIncome), NonTaxableIncomeY1 = D(nonTaxable), HighTechIncomeY1 = D(highTechIncome) };
        AssertCriterion(Evaluate(profile), "HighTechIncomeShare", passes);
    }

    // 8. innovationCapabilityScore > 70 (不含70).
    [Theory]
    [InlineData("70", false)]
    [InlineData("69.99", false)]
    [InlineData("69", false)]
    [InlineData("70.01", true)]
    [InlineData("71", true)]
    [InlineData("100", true)]
    [InlineData("0", false)]
    public void Innovation_score_must_be_above_70_and_70_itself_fails(string score, bool passes)
    {
        var result = Evaluate(TestProfiles.Baseline() with { InnovationCapabilityScore = D(score) });
        AssertCriterion(result, "InnovationCapability", passes);
    }
}

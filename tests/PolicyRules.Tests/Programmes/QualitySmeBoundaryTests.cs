using PolicyRules.Evaluation;
using PolicyRules.Model;
using static PolicyRules.Tests.Programmes.Boundary;

namespace PolicyRules.Tests.Programmes;

/// <summary>
/// Edges of the quality-SME tiers, Gazelle and Unicorn under the boundary-word convention
/// (programmes.md Conventions, corrected 2026-12; 《民法典》第一千二百五十九条): each at the number, one
/// step below and one step above. Expected values are written from the spec, not read from the rules.
/// </summary>
public sealed class QualitySmeBoundaryTests
{
    private static ProgrammeResult Evaluate(string programme, EnterpriseProfile profile, DateOnly? asOf = null) =>
        Engine.Evaluate(programme, profile, asOf ?? TestProfiles.AsOf);

    // §4 InnovativeSme R&D share of revenue Y1 (revenue ¥30M): "5%以上 20; 3%–5% 15; 2%–3% 10; 1%–2% 5; 1%以下 0".
    [Theory]
    [InlineData("300000", 0)]
    [InlineData("299999.99", 0)]
    [InlineData("300000.01", 5)]
    [InlineData("600000", 10)]
    [InlineData("599999.99", 5)]
    [InlineData("600000.01", 10)]
    [InlineData("900000", 15)]
    [InlineData("899999.99", 10)]
    [InlineData("900000.01", 15)]
    [InlineData("1500000", 20)]
    [InlineData("1499999.99", 15)]
    [InlineData("1500000.01", 20)]
    public void InnovativeSme_rd_points_follow_the_printed_brackets(string rdExpenseY1, int points) =>
        Assert.Equal(points, Component(Evaluate("InnovativeSme", TestProfiles.Baseline() with { RdExpenseY1 = D(rdExpenseY1) }), "rdPoints"));

    // Main-business growth Y1 over Y2 (Y2 ¥20M): "15%以上 20; 10%–15% 15; 5%–10% 10; 0%–5% 5; 0%以下 0".
    [Theory]
    [InlineData("20000000", 0)]
    [InlineData("19999999.99", 0)]
    [InlineData("20000000.01", 5)]
    [InlineData("21000000", 10)]
    [InlineData("20999999.99", 5)]
    [InlineData("21000000.01", 10)]
    [InlineData("22000000", 15)]
    [InlineData("21999999.99", 10)]
    [InlineData("22000000.01", 15)]
    [InlineData("23000000", 20)]
    [InlineData("22999999.99", 15)]
    [InlineData("23000000.01", 20)]
    public void InnovativeSme_growth_points_follow_the_printed_brackets(string mainBusinessRevenueY1, int points) =>
        Assert.Equal(points, Component(Evaluate("InnovativeSme", TestProfiles.Baseline() with
        {
            MainBusinessRevenueY1 = D(mainBusinessRevenueY1),
            MainBusinessRevenueY2 = 20_000_000m,
        }), "revenueGrowthPoints"));

    // Debt ratio (assets ¥40M): "55%以下 10; 55%–75% 5; 75%以上 0" — 55% scores 10, 75% scores 0.
    [Theory]
    [InlineData("22000000", 10)]
    [InlineData("21999999.99", 10)]
    [InlineData("22000000.01", 5)]
    [InlineData("30000000", 0)]
    [InlineData("29999999.99", 5)]
    [InlineData("30000000.01", 0)]
    public void InnovativeSme_debt_points_follow_the_printed_brackets(string totalLiabilities, int points) =>
        Assert.Equal(points, Component(Evaluate("InnovativeSme", TestProfiles.Baseline() with { TotalLiabilities = D(totalLiabilities) }), "debtPoints"));

    // Main-business share of revenue (revenue ¥30M): "70%以上 20; 60%–70% 15; 55%–60% 10; 50%–55% 5; 50%以下 0".
    [Theory]
    [InlineData("15000000", 0)]
    [InlineData("14999999.99", 0)]
    [InlineData("15000000.01", 5)]
    [InlineData("16500000", 10)]
    [InlineData("16499999.99", 5)]
    [InlineData("16500000.01", 10)]
    [InlineData("18000000", 15)]
    [InlineData("17999999.99", 10)]
    [InlineData("18000000.01", 15)]
    [InlineData("21000000", 20)]
    [InlineData("20999999.99", 15)]
    [InlineData("21000000.01", 20)]
    public void InnovativeSme_main_business_share_points_follow_the_printed_brackets(string mainBusinessRevenueY1, int points) =>
        Assert.Equal(points, Component(Evaluate("InnovativeSme", TestProfiles.Baseline() with
        {
            MainBusinessRevenueY1 = D(mainBusinessRevenueY1),
            MainBusinessRevenueY2 = 10_000_000m,
        }), "mainBusinessSharePoints"));

    /// <summary>
    /// §6 LittleGiant 2022 at ¥50M: "5000万元以下" includes 5000万, so the small band (¥80M equity,
    /// ¥30M R&amp;D over two years, 50% R&amp;D staff) is open at exactly ¥50M, not one cent above.
    /// R&amp;D is 4% of revenue last year, so the 6% band (5000万–1亿) fails throughout.
    /// </summary>
    [Theory]
    [InlineData("50000000", true)]
    [InlineData("49999999.99", true)]
    [InlineData("50000000.01", false)]
    public void LittleGiant_2022_revenue_of_exactly_50_million_may_use_the_small_band(string revenueY1, bool passes)
    {
        var result = Evaluate("LittleGiant", TestProfiles.Baseline() with
        {
            NationalSciAwardTop3Within3y = false,
            RevenueY1 = D(revenueY1),
            RevenueY2 = 50_000_000m,
            MainBusinessRevenueY1 = 45_000_000m,
            MainBusinessRevenueY2 = 42_000_000m,
            MainBusinessRevenueY3 = 40_000_000m,
            RdExpenseY1 = 2_000_000m,
            RdExpenseY2 = 28_000_000m,
            EquityFinancing2y = 80_000_000m,
            Employees = 100,
            RdStaff = 50,
        });
        Assert.Equal("2022", result.Version);
        Assert.Equal(passes, Criterion(result, "SmallRevenueBand").Passed);
        Assert.False(Criterion(result, "MidRevenueBand").Passed);
        Assert.True(passes == result.Eligible, Why(result));
    }

    // §7 Gazelle: R&D intensity in Y2 as well as Y1, by Y1's band (Y2 revenue ¥25M): 5% below 1亿, 2.5% from 1亿.
    [Theory]
    [InlineData("30000000", "1250000", true)]
    [InlineData("30000000", "1249999.99", false)]
    [InlineData("30000000", "1250000.01", true)]
    [InlineData("100000000", "625000", true)]
    [InlineData("100000000", "624999.99", false)]
    [InlineData("100000000", "625000.01", true)]
    [InlineData("99999999.99", "625000", false)]
    public void Gazelle_R_and_D_intensity_must_hold_in_Y2_too(string revenueY1, string rdExpenseY2, bool passes)
    {
        var result = Evaluate("Gazelle", TestProfiles.Baseline() with { RevenueY1 = D(revenueY1), RdExpenseY2 = D(rdExpenseY2) });
        Assert.Equal(passes, Criterion(result, "RdIntensityY2").Passed);
        if (!passes)
        {
            Assert.Contains("RdIntensity", result.FailedCriteria);
        }
    }

    // §7 Unicorn "不超过10年": the 10th anniversary passes, the day after fails; 29 February's anniversary is 28 February.
    [Theory]
    [InlineData("2014-07-01", "2024-07-01", true)]
    [InlineData("2014-07-01", "2024-06-30", true)]
    [InlineData("2014-07-01", "2024-07-02", false)]
    [InlineData("2016-02-29", "2026-02-28", true)]
    [InlineData("2016-02-29", "2026-02-27", true)]
    [InlineData("2016-02-29", "2026-03-01", false)]
    [InlineData("2014-02-28", "2024-02-28", true)]
    [InlineData("2014-02-28", "2024-02-29", false)]
    [InlineData("2014-03-01", "2024-02-29", true)]
    public void Unicorn_founded_no_more_than_10_years_counts_to_the_anniversary(string registered, string asOf, bool passes)
    {
        var result = Evaluate("Unicorn", TestProfiles.Baseline() with { RegistrationDate = Date(registered) }, Date(asOf));
        Assert.Equal(passes, Criterion(result, "FoundedWithin10Years").Passed);
    }

    // §4 general admission: an SME under the strict 2011 table (industry: SME if employees < 1000 or revenue < 4亿).
    [Theory]
    [InlineData("InnovativeSme", 999, true)]
    [InlineData("InnovativeSme", 1000, false)]
    [InlineData("InnovativeSme", 1001, false)]
    [InlineData("SpecializedSme", 999, true)]
    [InlineData("SpecializedSme", 1000, false)]
    [InlineData("SpecializedSme", 1001, false)]
    [InlineData("LittleGiant", 999, true)]
    [InlineData("LittleGiant", 1000, false)]
    [InlineData("LittleGiant", 1001, false)]
    public void Quality_SME_tiers_admit_only_SMEs_under_the_2011_size_rules(string programme, int employees, bool passes)
    {
        var result = Evaluate(programme, TestProfiles.Baseline() with { Employees = employees, RevenueY1 = 400_000_000m });
        var criterion = Criterion(result, "SmeUnder2011Rules");
        Assert.Equal(passes, criterion.Passed);
        Assert.Equal(passes ? "Medium" : "Large", result.Uses.Single(u => u.Programme == "SmeSize").Classification);
        Assert.NotNull(criterion.Citation);
        if (!passes)
        {
            Assert.False(result.Eligible);
        }
    }

    public static TheoryData<string, string> FlagsByTier()
    {
        var data = new TheoryData<string, string>();
        foreach (var programme in new[] { "InnovativeSme", "SpecializedSme", "LittleGiant" })
        {
            foreach (var criterion in new[] { "ResidentInMainland", "NotAbnormallyListed", "NotRestrictedIndustry", "NoMajorIncidentLast3Years" })
            {
                data.Add(programme, criterion);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(FlagsByTier))]
    public void Each_compliance_condition_is_its_own_cited_criterion(string programme, string criterion)
    {
        var profile = TestProfiles.Baseline();
        Assert.True(Evaluate(programme, profile).Eligible, programme);
        var flagged = criterion switch
        {
            "ResidentInMainland" => profile with { ResidentInMainland = false },
            "NotAbnormallyListed" => profile with { AbnormalOperationListed = true },
            "NotRestrictedIndustry" => profile with { RestrictedIndustry = true },
            _ => profile with { MajorIncidentLast3Years = true },
        };
        foreach (var asOf in new[] { TestProfiles.AsOf, new DateOnly(2026, 6, 30) })
        {
            var result = Evaluate(programme, flagged, asOf);
            if (result.NoVersionInForce)
            {
                continue; // InnovativeSme from 2026-04-01
            }

            string[] admission = ["SmeUnder2011Rules", "ResidentInMainland", "NotAbnormallyListed", "NotRestrictedIndustry", "NoMajorIncidentLast3Years"];
            Assert.Equal([criterion], result.FailedCriteria.Intersect(admission));
            Assert.False(result.Eligible);
            var failed = Criterion(result, criterion);
            Assert.NotNull(failed.Citation);
            Assert.False(string.IsNullOrWhiteSpace(failed.Message.Zh));
            Assert.False(string.IsNullOrWhiteSpace(failed.Message.En));
        }
    }
}

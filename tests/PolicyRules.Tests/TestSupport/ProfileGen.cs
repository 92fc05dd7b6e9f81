using CsCheck;
using PolicyRules.Model;

namespace PolicyRules.Tests.TestSupport;

/// <summary>
/// CsCheck generators of enterprise profiles that crowd the programmes' thresholds: round
/// staff counts, revenues at band edges, R&amp;D shares exactly at tier bounds, zeros. Every field
/// of the contract varies, those of §4–§14 included: each draw is either "near a threshold" (the
/// threshold itself or one cent / one unit either side) or "anywhere", so both sides of every
/// boundary the rules use are hit (the parity test checks that it is so).
/// </summary>
internal static class ProfileGen
{
    public static readonly DateOnly AsOf = new(2025, 6, 30);

    /// <summary>Yuan thresholds of every programme: the SME size table (50万 … 20亿), 100万/500万 R&amp;D and
    /// financing floors, 1000万/1200万/1500万/2000万/5000万/6000万/8000万/1亿/2亿/4亿 revenue, R&amp;D and
    /// financing bands, 12亿 (three years of 4亿), and 10亿 (Unicorn's valuation, in US dollars).</summary>
    public static readonly decimal[] YuanThresholds =
    [
        0m, 500_000m, 1_000_000m, 2_000_000m, 3_000_000m, 5_000_000m, 10_000_000m, 12_000_000m, 15_000_000m,
        20_000_000m, 30_000_000m, 50_000_000m, 60_000_000m, 80_000_000m, 100_000_000m, 200_000_000m,
        300_000_000m, 400_000_000m, 800_000_000m, 1_000_000_000m, 1_200_000_000m, 2_000_000_000m,
    ];

    /// <summary>Pass marks of the 0–100 scores: SpecializedSme 2026 50, SpecializedSme 2022 and LittleGiant 2026 60,
    /// high-tech 70 (exclusive), Gazelle 75, Unicorn 85.</summary>
    public static readonly decimal[] PassMarks = [50m, 60m, 70m, 75m, 85m];

    /// <summary>Bounds of the percent fields: Unicorn's 5% of equity, LittleGiant's 10% of the niche market.</summary>
    public static readonly decimal[] PercentBounds = [5m, 10m];

    private static readonly Gen<decimal> Cent = Gen.OneOf(-0.01m, 0m, 0.01m);

    private static readonly Gen<decimal> Share = Gen.OneOf(
        Gen.OneOf(0m, 0.01m, 0.02m, 0.025m, 0.03m, 0.04m, 0.05m, 0.06m, 0.1m, 0.15m, 0.2m, 0.25m, 0.3m, 0.5m, 0.6m, 1m),
        Gen.Int[0, 10_000].Select(i => i / 10_000m));

    private static readonly Gen<decimal> Money = Gen.OneOf(
        Near(YuanThresholds),
        Gen.Long[0, 2_000_000_000_00].Select(cents => cents / 100m));

    /// <summary>Net profit: either sign, zero and one cent either side of it.</summary>
    private static readonly Gen<decimal> SignedMoney = Gen.OneOf(
        Gen.OneOf(-1_000_000m, -0.01m, 0m, 0.01m, 1_000_000m, 10_000_000m),
        Gen.Long[-50_000_000_00, 100_000_000_00].Select(cents => cents / 100m));

    private static readonly Gen<int> People = Gen.OneOf(
        Gen.OneOf(0, 5, 10, 20, 50, 100, 200, 300, 500, 501, 1000, 2000),
        Gen.Int[0, 3000]);

    /// <summary>A 0–100 score: the programmes' pass marks (50, 60, 70, 75, 85) with one point and one
    /// hundredth either side, or anywhere in two decimals.</summary>
    private static readonly Gen<decimal> Points = Gen.OneOf(
        Gen.Select(Gen.OneOf(PassMarks), Gen.OneOf(-1m, -0.01m, 0m, 0.01m, 1m), (mark, delta) => mark + delta),
        Gen.Int[0, 10_000].Select(i => i / 100m));

    private static readonly Gen<decimal> Percent = Gen.OneOf(Near(PercentBounds), Gen.Int[0, 10_000].Select(i => i / 100m));

    /// <summary>Revenue Y2 and Y3 from Y1: a constant factor per year (the original draws), or a compound
    /// growth rate at one of the tiers of Gazelle (10/15/20/25%) and LittleGiant 2026 (5%), with Y3 one
    /// cent either side.</summary>
    private static readonly Gen<Func<decimal, (decimal Y2, decimal Y3)>> RevenueHistory = Gen.OneOf(
        Gen.OneOf(0m, 0.5m, 0.8m, 1m, 1.2m).Select(g => (Func<decimal, (decimal, decimal)>)(y1 => (Math.Round(y1 * g, 2), Math.Round(y1 * g * g, 2)))),
        Gen.Select(Gen.OneOf(0.05m, 0.10m, 0.15m, 0.20m, 0.25m), Cent, (rate, cent) => (Func<decimal, (decimal, decimal)>)(y1 =>
        {
            var y2 = Math.Round(y1 / (1 + rate), 2);
            return (y2, Math.Max(0m, Math.Round(y1 / ((1 + rate) * (1 + rate)), 2) + cent));
        })));

    /// <summary>Year-on-year growth of main-business revenue: the InnovativeSme tiers (0/5/10/15%), a fall, or anywhere.</summary>
    private static readonly Gen<decimal> Growth = Gen.OneOf(
        Gen.OneOf(-0.5m, -0.1m, 0m, 0.05m, 0.1m, 0.15m, 0.2m),
        Gen.Int[-90, 100].Select(i => i / 100m));

    private static readonly Gen<(bool, bool, bool, bool)> Flags = Gen.Select(Gen.Bool, Gen.Bool, Gen.Bool, Gen.Bool);

    private static long _ids;

    /// <summary>
    /// A fresh id for every profile made: the contract makes the id a unique key, and a later row with an
    /// earlier row's id is a reject (RecordLoop), so generated files must not repeat one by accident.
    /// </summary>
    private static string NextId() => "GEN-" + Interlocked.Increment(ref _ids).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static readonly Gen<EnterpriseProfile> Size =
        from industry in Gen.Enum<Industry>()
        from employees in People
        from staffShare in Share
        from revenue in Money
        from history in RevenueHistory
        from assets in Money
        from registration in RegistrationDate()
        let earlier = history(revenue)
        select new EnterpriseProfile
        {
            Id = NextId(),
            Name = "生成企业",
            Industry = industry,
            Employees = employees,
            TechStaff = (int)Math.Floor(employees * staffShare),
            RevenueY1 = revenue,
            RevenueY2 = earlier.Y2,
            RevenueY3 = earlier.Y3,
            TotalAssets = assets,
            RegistrationDate = registration,
        };

    /// <summary>The fields of §1–§3.</summary>
    private static readonly Gen<EnterpriseProfile> HighTechAndTechSme =
        from size in Size
        from rdShare in Share
        from rdShareEarlier in Gen.Frequency((7, Gen.Const((decimal?)null)), (3, Share.Select(s => (decimal?)s)))
        from costShare in Gen.OneOf(0m, 0.5m, 0.8m, 1m)
        from domesticShare in Share
        from incomeExtra in Gen.OneOf(0m, 0.01m, 0.1m)
        from highTechShare in Share
        from ipI in Gen.OneOf(Gen.OneOf(0, 1, 2, 4), Gen.Int[0, 10])
        from ipII in Gen.Int[0, 6]
        from score in Gen.OneOf(Gen.OneOf(60m, 69m, 70m, 70.01m, 71m, 80m), Gen.Int[0, 10_000].Select(i => i / 100m))
        from facts in Flags
        from risks in Flags
        from paths in Flags
        from resident in Gen.Frequency((9, Gen.Const(true)), (1, Gen.Const(false)))
        let earlierShare = rdShareEarlier ?? rdShare
        select size with
        {
            ResidentInMainland = resident,
            CostAndExpenseY1 = Math.Round(size.RevenueY1 * costShare, 2),
            RdExpenseY1 = Math.Round(size.RevenueY1 * rdShare, 2),
            RdExpenseY2 = Math.Round(size.RevenueY2 * earlierShare, 2),
            RdExpenseY3 = Math.Round(size.RevenueY3 * earlierShare, 2),
            DomesticRdExpenseY1 = Math.Round(size.RevenueY1 * rdShare * domesticShare, 2),
            DomesticRdExpenseY2 = Math.Round(size.RevenueY2 * earlierShare * domesticShare, 2),
            DomesticRdExpenseY3 = Math.Round(size.RevenueY3 * earlierShare * domesticShare, 2),
            TotalIncomeY1 = Math.Round(size.RevenueY1 * (1 + incomeExtra), 2),
            HighTechIncomeY1 = Math.Round(size.RevenueY1 * highTechShare, 2),
            IpClassI = ipI,
            IpClassII = ipII,
            InnovationCapabilityScore = score,
            CoreIpForMainProducts = facts.Item1 || facts.Item2,
            TechFieldSupported = facts.Item3 || facts.Item4,
            MajorIncidentLastYear = risks.Item1 && risks.Item2,
            SeriousFraudOrResearchDishonesty = risks.Item2 && risks.Item3,
            AbnormalOperationListed = risks.Item3 && risks.Item4,
            RestrictedIndustry = risks.Item1 && risks.Item4,
            HighTechCertValid = paths.Item1 && paths.Item2,
            NationalSciAwardTop3Within5y = paths.Item2 && paths.Item3,
            ProvincialRdInstitution = paths.Item3 && paths.Item4,
            LedStandardWithin5y = paths.Item1 && paths.Item4,
        };

    /// <summary>The money fields of §4–§14, derived from the revenue and assets so that their ratios sit at the rules' bounds.</summary>
    private static readonly Gen<EnterpriseProfile> Finances =
        from p in HighTechAndTechSme
        // Main business as a share of revenue: InnovativeSme 50/55/60/70%, LittleGiant 70% (2022) and 90% (2026), SpecializedSme 2026 80%.
        from mainShare in Gen.OneOf(Gen.OneOf(0.5m, 0.55m, 0.6m, 0.7m, 0.8m, 0.9m, 1m), Share)
        from mainCent in Cent
        from mainY1Anywhere in Gen.Frequency((9, Gen.Const((decimal?)null)), (1, Money.Select(m => (decimal?)m)))
        from growthY1 in Growth
        from growthY2 in Growth
        // Debt ratio: InnovativeSme 55/75%, Gazelle and LittleGiant 2022 70%, LittleGiant 2026 75%, SpecializedSme 2026 80%.
        from debt in Gen.OneOf(Gen.OneOf(0m, 0.3m, 0.55m, 0.7m, 0.75m, 0.8m, 1.2m), Gen.Int[0, 150].Select(i => i / 100m))
        from debtCent in Cent
        // Gazelle's profit path: Y3 positive or not, Y1 at the compound-growth factor of each tier.
        from profitY3 in SignedMoney
        from profitFactor in Gen.OneOf(Gen.OneOf(-1m, 0.5m, 1m, 1.21m, 1.3225m, 1.44m, 1.5625m), Gen.Int[-100, 300].Select(i => i / 100m))
        from profitCent in Cent
        from profitY2 in SignedMoney
        // Financing: InnovativeSme 500万 over 3 years; SpecializedSme 2000万 and 6000万, LittleGiant 2022 8000万 over 2 years.
        from financing2y in Gen.Frequency((3, Gen.Const(0m)), (4, Near(5_000_000m, 20_000_000m, 60_000_000m, 80_000_000m)), (3, Money))
        from financing3y in Gen.Frequency((3, Gen.Const(0m)), (4, Near(5_000_000m, 20_000_000m)), (3, Money))
        // ManufacturingChampion: the champion product's share of main-business revenue, 70%.
        from championShare in Gen.OneOf(Gen.OneOf(0.5m, 0.7m, 0.9m, 1m), Share)
        from championCent in Cent
        // A firm that did not yet operate in Y3 (or Y2) has 0 there: growth from it is undefined.
        from yearsOperated in Gen.Frequency((8, Gen.Const(3)), (1, Gen.Const(2)), (1, Gen.Const(1)))
        let mainY1 = mainY1Anywhere ?? Math.Max(0m, Math.Round(p.RevenueY1 * mainShare, 2) + mainCent)
        let mainY2 = yearsOperated >= 2 ? Math.Round(mainY1 / (1 + growthY1), 2) : 0m
        select p with
        {
            MainBusinessRevenueY1 = mainY1,
            MainBusinessRevenueY2 = mainY2,
            MainBusinessRevenueY3 = yearsOperated >= 3 ? Math.Round(mainY2 / (1 + growthY2), 2) : 0m,
            TotalLiabilities = Math.Max(0m, Math.Round(p.TotalAssets * debt, 2) + debtCent),
            NetProfitY1 = Math.Round(profitY3 * profitFactor, 2) + profitCent,
            NetProfitY2 = profitY2,
            NetProfitY3 = profitY3,
            EquityFinancing2y = financing2y,
            EquityFinancing3y = financing3y,
            ChampionProductRevenueY1 = Math.Max(0m, Math.Round(mainY1 * championShare, 2) + championCent),
        };

    /// <summary>
    /// The fields added or changed 2026-12, each criterion on both sides: compliance flags for the
    /// quality SMEs, ManufacturingChampion and TechBasedSme 2022; the split award ranks; the held
    /// statuses of the whitelist; non-taxable income at 0, a share of total income, all of it, or one
    /// cent either side of the amount that puts the high-tech income share exactly at 60%; and green
    /// factory years either side of the plan period 2023–2025.
    /// </summary>
    private static readonly Gen<Func<EnterpriseProfile, EnterpriseProfile>> Corrections =
        from incidents in Gen.Select(Chance(15), Chance(15), Chance(85), Chance(85))
        from awards in Gen.Select(Chance(20), Chance(20), Chance(30))
        from held in Gen.Select(Chance(30), Chance(30), Chance(20))
        from tax in Gen.Select(Chance(90), Chance(15))
        from nonTaxableKind in Gen.Int[0, 4]
        from nonTaxableShare in Share
        from cent in Cent
        from greenYear in Gen.OneOf(Gen.OneOf(2021, 2022, 2023, 2024, 2025, 2026), Gen.Int[2015, 2027])
        select (Func<EnterpriseProfile, EnterpriseProfile>)(p => p with
        {
            MajorIncidentLast3Years = incidents.Item1,
            MajorIncidentPriorAndCurrentFy = incidents.Item2,
            ResidentEnterprise = incidents.Item3,
            RdIndustryLeading = incidents.Item4,
            ProvincialSciAwardTop3Within3y = awards.Item1,
            NationalSciAwardTop5Within3y = awards.Item2 || p.NationalSciAwardTop3Within3y,
            TechBasedSmeRegistered = awards.Item3,
            SpecializedSmeRecognised = held.Item1,
            LittleGiantRecognised = held.Item2,
            AuditedTaxCollection = tax.Item1,
            RdSuperDeductionExcludedIndustry = tax.Item2,
            NonTaxableIncomeY1 = nonTaxableKind switch
            {
                0 or 1 => 0m,
                2 => Math.Round(p.TotalIncomeY1 * nonTaxableShare, 2),
                3 => p.TotalIncomeY1,
                // total − nonTaxable = highTech / 60%: the share exactly at its bound, or a cent either side.
                _ => Math.Clamp(p.TotalIncomeY1 - Math.Round(p.HighTechIncomeY1 / 0.6m, 2) + cent, 0m, p.TotalIncomeY1),
            },
            GreenFactoryYear = p.GreenFactoryLevel == GreenFactoryLevel.None ? 0 : greenYear,
        });

    /// <summary>Every field of the contract, those of §4–§14 included.</summary>
    public static readonly Gen<EnterpriseProfile> Profile =
        from p in Finances
        // InnovativeSme's IP tiers need each kind absent as often as present.
        from ip in Gen.Select(Gen.Frequency((3, Gen.Const(0)), (1, Gen.Int[1, 3])), Gen.Frequency((3, Gen.Const(0)), (1, Gen.Int[1, 3])), Gen.Int[0, 5], Gen.OneOf(NearCount(8), Gen.Int[0, 15]))
        from rdStaffShare in Gen.OneOf(Gen.OneOf(0.49m, 0.5m, 0.51m), Share)
        // Years and ranks: niche market 2 and 3 years, ranks 1–3, champion product 5 (new) or 10 years.
        from years in Gen.Select(Gen.Int[0, 6], Gen.Int[0, 5], Gen.Int[0, 5], Gen.OneOf(NearCount(5, 10), Gen.Int[0, 20]))
        from percents in Gen.Select(Percent, Percent)
        from valuation in Gen.OneOf(Near(1_000_000_000m), Gen.Long[0, 3_000_000_000_00].Select(cents => cents / 100m))
        from scores in Gen.Select(Points, Points, Points, Points)
        // Direct paths are alternatives: rare enough that a profile often has none of them.
        from direct in Gen.Select(Chance(20), Chance(20), Chance(20), Chance(20), Chance(20), Chance(20))
        // Conditions every profile of a programme needs: common enough that a profile often has all of them.
        from held in Gen.Select(Chance(70), Chance(70), Chance(70), Chance(70), Chance(70), Chance(70), Chance(70))
        from market in Gen.Select(Chance(20), Chance(60), Gen.Bool)
        from green in Gen.Enum<GreenFactoryLevel>()
        from corrections in Corrections
        select corrections(p with
        {
            HighValueIpClassI = ip.Item1,
            SelfDevelopedIpClassI = ip.Item2,
            InventionPatents = ip.Item3,
            UtilityModelsAndSoftwareCopyrights = ip.Item4,
            RdStaff = (int)Math.Floor(p.Employees * rdStaffShare),
            NicheMarketYears = years.Item1,
            DomesticMarketRank = years.Item2,
            GlobalMarketRank = years.Item3,
            ChampionProductYears = years.Item4,
            NicheMarketSharePercent = percents.Item1,
            ValuationRoundSharePercent = percents.Item2,
            LatestValuationUsd = valuation,
            SpecializedSmeScore = scores.Item1,
            QualitySmePlatformScore = scores.Item2,
            LittleGiantScore = scores.Item3,
            CreditScore = scores.Item4,
            SciAwardWithin3y = direct.Item1 || direct.Item2,
            NationalSciAwardTop3Within3y = direct.Item3,
            InnovationTitleValid = direct.Item4,
            MakerChinaTop500Within3y = direct.Item5,
            MakerChinaTop50Within3y = direct.Item6,
            RdInstitution = held.Item1,
            StrategicEmergingProduct = held.Item2,
            InformationSystemsInUse = held.Item3,
            QualityCertified = held.Item4,
            OwnBrand = held.Item5,
            KeyChainPosition = held.Item6,
            PriorityField = held.Item7,
            Listed = market.Item1,
            PrivatelyFinanced = market.Item2,
            ChampionProductNew = market.Item3,
            GreenFactoryLevel = green,
        });

    /// <summary>A threshold or one cent either side of it (never below zero).</summary>
    private static Gen<decimal> Near(params decimal[] thresholds) =>
        Gen.Select(Gen.OneOf(thresholds), Cent, (threshold, cent) => Math.Max(0m, threshold + cent));

    /// <summary>A bound or one unit either side of it (never below zero).</summary>
    private static Gen<int> NearCount(params int[] bounds) =>
        Gen.Select(Gen.OneOf(bounds), Gen.Int[-1, 1], (bound, unit) => Math.Max(0, bound + unit));

    private static Gen<bool> Chance(int percentTrue) => Gen.Int[0, 99].Select(i => i < percentTrue);

    /// <summary>
    /// Days before <see cref="AsOf"/> (the high-tech 365-day rule), or a date on either side of a year
    /// boundary: 1 January / 31 December (Gazelle counts full fiscal years, 3 needed) and the as-of day
    /// of a year 0–12 years back (Unicorn counts full years since founding, at most 10), 29 February too.
    /// </summary>
    private static Gen<DateOnly> RegistrationDate()
    {
        var daysAgo = Gen.OneOf(Gen.OneOf(0, 364, 365, 366), Gen.Int[0, 10_000]).Select(days => AsOf.AddDays(-days));
        var anniversary = Gen.Select(Gen.Int[0, 12], Gen.Int[-1, 1], (years, day) => AsOf.AddYears(-years).AddDays(day));
        var yearEnd = Gen.Select(Gen.Int[1, 6], Gen.OneOf(0, 1), (years, next) => new DateOnly(AsOf.Year - years, 12, 31).AddDays(next));
        var leapDay = Gen.OneOf(2012, 2016, 2020, 2024).Select(year => new DateOnly(year, 2, 29));
        return Gen.Frequency((5, daysAgo), (2, anniversary), (2, yearEnd), (1, leapDay)).Select(date => date > AsOf ? AsOf : date);
    }
}

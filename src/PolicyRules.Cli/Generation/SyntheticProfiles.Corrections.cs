using PolicyRules.Model;

namespace PolicyRules.Cli.Generation;

/// <summary>
/// The fields added or changed 2026-12 (<c>shared/spec/enterprise-profile.md</c>), drawn from a
/// third per-row stream, <c>new Random(RowSeed(seed, index, CorrectionStream))</c>, so every column
/// that existed before keeps its values for a seed.
/// </summary>
/// <remarks>
/// Each new criterion is exercised on both sides in a few thousand rows: compliance flags nest as
/// their periods do (the year before application lies within the last fiscal year and the current
/// one, which lie within the last three years), ranked awards split into provincial top 3, national
/// top 5 and lower national ranks (which the 2022 specialised-SME rule no longer counts), some
/// non-taxable income moves the high-tech income share across 60%, and green-factory years fall on
/// both sides of the plan period 2023–2025.
/// </remarks>
internal static partial class SyntheticProfiles
{
    /// <summary>The stream number of the 2026-12 fields in <see cref="RowSeed"/>.</summary>
    private const ulong CorrectionStream = 1;

    /// <summary>Recognition years to draw from: 2017–2025, the plan period's edges (2022, 2023, 2025) twice.</summary>
    private static readonly int[] GreenFactoryYears = [2017, 2018, 2019, 2020, 2021, 2022, 2022, 2023, 2023, 2024, 2025, 2025];

    private static EnterpriseProfile WithCorrectionFields(EnterpriseProfile p, Archetype archetype, bool rankedAward, Random random)
    {
        var tier = archetype switch
        {
            Archetype.Strong or Archetype.NearMiss => 2,
            Archetype.Moderate => 1,
            _ => 0,
        };

        // Incidents: the year before application ⊂ last fiscal year and the current one ⊂ last three years
        // (which also count tax evasion and cyber/data-security incidents).
        var incidentPriorAndCurrent = p.MajorIncidentLastYear || Chance(random, 0.006);
        var incidentLast3Years = incidentPriorAndCurrent || Chance(random, 0.03);

        // A ranked award of the last 3 years: provincial top 3, national top 5 (a national top 3 is one),
        // or a national award ranked sixth or lower, which counts for neither flag.
        var provincialTop3 = false;
        var nationalTop5 = p.NationalSciAwardTop3Within3y;
        if (rankedAward && !nationalTop5)
        {
            var u = random.NextDouble();
            provincialTop3 = u < 0.55;
            nationalTop5 = u is >= 0.55 and < 0.8;
        }
        else if (nationalTop5)
        {
            provincialTop3 = Chance(random, 0.3);
        }

        // Resident enterprise (67号 (一)): every mainland-registered one, and some incorporated
        // elsewhere with their actual management in China.
        var residentEnterprise = p.ResidentInMainland || Chance(random, 0.3);
        // Micro firms are more often taxed on a deemed basis (核定征收).
        var auditedTax = Chance(random, p.Employees < 20 ? 0.8 : 0.96);
        var excludedIndustry = p.Industry switch
        {
            Industry.Wholesale or Industry.Retail or Industry.Accommodation or Industry.Catering
                or Industry.RealEstateDevelopment or Industry.PropertyManagement or Industry.LeasingAndBusinessServices => true,
            Industry.Industry => Chance(random, 0.004), // tobacco manufacturing
            Industry.Other => Chance(random, 0.1), // entertainment
            _ => false,
        };

        // Not taxable income (government grants and the like): common at technology firms; at a few
        // exactly the total income, so the high-tech share's denominator is zero.
        var nonTaxable = 0m;
        if (p.TotalIncomeY1 > 0m && Chance(random, tier switch { 2 => 0.35, 1 => 0.12, _ => 0.03 }))
        {
            nonTaxable = Chance(random, 0.005)
                ? p.TotalIncomeY1
                : Money((double)p.TotalIncomeY1 * Uniform(random, 0.005, 0.08));
        }

        // Industry-leading R&D intensity: an assessment, mostly of firms that lead their market.
        var rdLeading = Chance(random, p.GlobalMarketRank > 0 ? 0.7 : tier switch { 2 => 0.25, 1 => 0.06, _ => 0.005 });

        // Statuses held (the whitelist): many firms that would qualify hold the status, some hold one
        // they would no longer qualify for, and SMEs only hold the SME titles.
        var sme = p.Employees < 1000;
        var techSmeSized = p.Employees <= 500 && p.RevenueY1 <= 200_000_000m && p.TotalAssets <= 200_000_000m;
        var techSmeRegistered = techSmeSized && Chance(random, tier switch { 2 => 0.6, 1 => 0.3, _ => 0.03 });
        var leader = p.NicheMarketSharePercent >= 10m || p.DomesticMarketRank is >= 1 and <= 3;
        var specializedRecognised = sme && Chance(random, leader && tier > 0 ? 0.45 : tier switch { 2 => 0.15, 1 => 0.05, _ => 0.003 });
        var littleGiantRecognised = specializedRecognised && leader && Chance(random, 0.3);

        // Green factory: the year the highest level was recognised, 2017–2025, with the plan period's
        // first and last years and the year before it all common.
        var greenYear = p.GreenFactoryLevel == GreenFactoryLevel.None ? 0 : GreenFactoryYears[random.Next(GreenFactoryYears.Length)];

        return p with
        {
            MajorIncidentLast3Years = incidentLast3Years,
            MajorIncidentPriorAndCurrentFy = incidentPriorAndCurrent,
            ProvincialSciAwardTop3Within3y = provincialTop3,
            NationalSciAwardTop5Within3y = nationalTop5,
            RdIndustryLeading = rdLeading,
            ResidentEnterprise = residentEnterprise,
            AuditedTaxCollection = auditedTax,
            RdSuperDeductionExcludedIndustry = excludedIndustry,
            NonTaxableIncomeY1 = nonTaxable,
            TechBasedSmeRegistered = techSmeRegistered,
            SpecializedSmeRecognised = specializedRecognised,
            LittleGiantRecognised = littleGiantRecognised,
            GreenFactoryYear = greenYear,
        };
    }
}

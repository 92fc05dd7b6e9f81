using CsCheck;
using PolicyRules.Model;

namespace PolicyRules.Tests;

/// <summary>
/// CsCheck generators of enterprise profiles that crowd the programmes' thresholds: round
/// staff counts, revenues at band edges, R&amp;D shares exactly at tier bounds, zeros.
/// </summary>
internal static class ProfileGen
{
    public static readonly DateOnly AsOf = new(2025, 6, 30);

    private static readonly Gen<decimal> Share = Gen.OneOf(
        Gen.OneOf(0m, 0.02m, 0.025m, 0.03m, 0.04m, 0.05m, 0.06m, 0.1m, 0.15m, 0.2m, 0.25m, 0.3m, 0.6m, 1m),
        Gen.Int[0, 10_000].Select(i => i / 10_000m));

    private static readonly Gen<decimal> Money = Gen.OneOf(
        Gen.OneOf(0m, 500_000m, 1_000_000m, 3_000_000m, 5_000_000m, 20_000_000m, 50_000_000m, 50_000_000.01m,
            100_000_000m, 200_000_000m, 200_000_000.01m, 400_000_000m, 1_000_000_000m),
        Gen.Long[0, 2_000_000_000_00].Select(cents => cents / 100m));

    private static readonly Gen<int> People = Gen.OneOf(
        Gen.OneOf(0, 5, 10, 20, 50, 100, 200, 300, 500, 501, 1000, 2000),
        Gen.Int[0, 3000]);

    private static readonly Gen<(bool, bool, bool, bool)> Flags = Gen.Select(Gen.Bool, Gen.Bool, Gen.Bool, Gen.Bool);

    private static readonly Gen<EnterpriseProfile> Size =
        from industry in Gen.Enum<Industry>()
        from employees in People
        from staffShare in Share
        from revenue in Money
        from growth in Gen.OneOf(0m, 0.5m, 0.8m, 1m, 1.2m)
        from assets in Money
        from registeredDaysAgo in Gen.OneOf(Gen.OneOf(0, 364, 365, 366), Gen.Int[0, 10_000])
        select new EnterpriseProfile
        {
            Id = "GEN",
            Name = "生成企业",
            Industry = industry,
            Employees = employees,
            TechStaff = (int)Math.Floor(employees * staffShare),
            RevenueY1 = revenue,
            RevenueY2 = Math.Round(revenue * growth, 2),
            RevenueY3 = Math.Round(revenue * growth * growth, 2),
            TotalAssets = assets,
            RegistrationDate = AsOf.AddDays(-registeredDaysAgo),
        };

    public static readonly Gen<EnterpriseProfile> Profile =
        from size in Size
        from rdShare in Share
        from costShare in Gen.OneOf(0m, 0.5m, 0.8m, 1m)
        from domesticShare in Share
        from incomeExtra in Gen.OneOf(0m, 0.01m, 0.1m)
        from highTechShare in Share
        from ipI in Gen.OneOf(Gen.OneOf(0, 1), Gen.Int[0, 10])
        from ipII in Gen.Int[0, 6]
        from score in Gen.OneOf(Gen.OneOf(60m, 69m, 70m, 70.01m, 71m, 80m), Gen.Int[0, 10_000].Select(i => i / 100m))
        from facts in Flags
        from risks in Flags
        from paths in Flags
        from resident in Gen.Frequency((9, Gen.Const(true)), (1, Gen.Const(false)))
        select size with
        {
            ResidentInMainland = resident,
            CostAndExpenseY1 = Math.Round(size.RevenueY1 * costShare, 2),
            RdExpenseY1 = Math.Round(size.RevenueY1 * rdShare, 2),
            RdExpenseY2 = Math.Round(size.RevenueY2 * rdShare, 2),
            RdExpenseY3 = Math.Round(size.RevenueY3 * rdShare, 2),
            DomesticRdExpenseY1 = Math.Round(size.RevenueY1 * rdShare * domesticShare, 2),
            DomesticRdExpenseY2 = Math.Round(size.RevenueY2 * rdShare * domesticShare, 2),
            DomesticRdExpenseY3 = Math.Round(size.RevenueY3 * rdShare * domesticShare, 2),
            TotalIncomeY1 = Math.Round(size.RevenueY1 * (1 + incomeExtra), 2),
            HighTechIncomeY1 = Math.Round(size.RevenueY1 * highTechShare, 2),
            IpClassI = ipI,
            IpClassII = ipII,
            InnovationCapabilityScore = score,
            CoreIpForMainProducts = facts.Item1 || facts.Item2,
            TechFieldSupported = facts.Item3 || facts.Item4,
            MajorIncidentLastYear = risks.Item1 && risks.Item2,
            SeriousResearchDishonesty = risks.Item2 && risks.Item3,
            AbnormalOperationListed = risks.Item3 && risks.Item4,
            RestrictedIndustry = risks.Item1 && risks.Item4,
            HighTechCertValid = paths.Item1 && paths.Item2,
            NationalSciAwardTop3Within5y = paths.Item2 && paths.Item3,
            ProvincialRdInstitution = paths.Item3 && paths.Item4,
            LedStandardWithin5y = paths.Item1 && paths.Item4,
        };
}

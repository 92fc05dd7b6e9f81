using PolicyRules.Model;

namespace PolicyRules.Tests.TestSupport;

/// <summary>Profiles that pass every criterion of a programme, for tests to vary one field at a time.</summary>
internal static class TestProfiles
{
    public static readonly DateOnly AsOf = new(2025, 6, 30);

    public static string RulesDirectory { get; } = FindRulesDirectory();

    /// <summary>A person who is eligible for YoungTalentLeader as of <see cref="AsOf"/> (40 years old, qualified).</summary>
    public static PersonProfile Person() => new()
    {
        Id = "P-370211-0001",
        Name = "张青年",
        BirthDate = new DateOnly(1985, 3, 15),
        EmployerId = "91370211MA3TEST001",
        LeadingTalentQualified = true,
    };

    /// <summary>Names of the programmes that evaluate enterprises (all but the person-level ones).</summary>
    public static IEnumerable<string> EnterpriseProgrammes(PolicyEngine engine) =>
        engine.Programmes.Where(p => engine.GetVersions(p)[0].Input == "Enterprise");

    /// <summary>Passes all ten high-tech criteria, all tech-SME criteria and the quality-SME programmes (§4–§6); a small industrial firm.</summary>
    public static EnterpriseProfile Baseline() => new()
    {
        Id = "91370211MA3TEST001",
        Name = "青岛测试科技有限公司",
        ResidentInMainland = true,
        RegistrationDate = new DateOnly(2018, 3, 1),
        Industry = Industry.Industry,
        Employees = 100,
        TechStaff = 30,
        RevenueY1 = 30_000_000m,
        RevenueY2 = 25_000_000m,
        RevenueY3 = 20_000_000m,
        TotalIncomeY1 = 31_000_000m,
        HighTechIncomeY1 = 25_000_000m,
        TotalAssets = 40_000_000m,
        CostAndExpenseY1 = 26_000_000m,
        RdExpenseY1 = 2_000_000m,
        RdExpenseY2 = 1_500_000m,
        RdExpenseY3 = 1_200_000m,
        DomesticRdExpenseY1 = 2_000_000m,
        DomesticRdExpenseY2 = 1_500_000m,
        DomesticRdExpenseY3 = 1_200_000m,
        IpClassI = 2,
        IpClassII = 5,
        CoreIpForMainProducts = true,
        TechFieldSupported = true,
        InnovationCapabilityScore = 78m,
        MajorIncidentLastYear = false,
        SeriousFraudOrResearchDishonesty = false,
        AbnormalOperationListed = false,
        RestrictedIndustry = false,
        ResidentEnterprise = true,
        AuditedTaxCollection = true,
        HighTechCertValid = false,
        NationalSciAwardTop3Within5y = false,
        ProvincialRdInstitution = false,
        LedStandardWithin5y = false,
        // §4–§6 (quality SMEs, 2022 versions): innovative-SME score 90; the little-giant
        // innovation indicators are met by the direct path, as a ¥30M firm's general path needs ¥80M of financing.
        MainBusinessRevenueY1 = 27_000_000m,
        MainBusinessRevenueY2 = 22_500_000m,
        MainBusinessRevenueY3 = 18_000_000m,
        TotalLiabilities = 16_000_000m,
        SelfDevelopedIpClassI = 2,
        RdStaff = 20,
        NicheMarketYears = 5,
        NicheMarketSharePercent = 12m,
        DomesticMarketRank = 2,
        NationalSciAwardTop3Within3y = true,
        RdInstitution = true,
        StrategicEmergingProduct = true,
        SpecializedSmeScore = 75m,
        QualitySmePlatformScore = 70m,
        LittleGiantScore = 72m,
        InformationSystemsInUse = true,
        QualityCertified = true,
        OwnBrand = true,
        KeyChainPosition = true,
        PriorityField = true,
    };

    private static string FindRulesDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "rules");
            if (File.Exists(Path.Combine(dir.FullName, "PolicyRules.sln")) && Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("The repository's rules/ folder was not found above " + AppContext.BaseDirectory);
    }
}

using PolicyRules.Cli.Generation;
using PolicyRules.Model;

namespace PolicyRules.Tests.Cli.Generation;

/// <summary>
/// The generator's fields added or changed 2026-12: consistent with each other and with the older
/// fields, and each on both sides in a population, so the criteria that read them are exercised.
/// </summary>
public sealed class SyntheticCorrectionFieldsTests
{
    private static readonly Lazy<EnterpriseProfile[]> Population = new(() => [.. SyntheticProfiles.Generate(5_000, 20230609)]);

    [Fact]
    public void The_new_fields_are_consistent_with_each_other_and_the_older_ones()
    {
        foreach (var p in Population.Value)
        {
            // Periods nest: the year before application ⊂ last fiscal year and the current one ⊂ last three years.
            Assert.True(!p.MajorIncidentLastYear || p.MajorIncidentPriorAndCurrentFy, p.Id);
            Assert.True(!p.MajorIncidentPriorAndCurrentFy || p.MajorIncidentLast3Years, p.Id);
            // Ranked awards: a national top 3 is a national top 5, and either is an award within 3 years.
            Assert.True(!p.NationalSciAwardTop3Within3y || p.NationalSciAwardTop5Within3y, p.Id);
            Assert.True(!(p.ProvincialSciAwardTop3Within3y || p.NationalSciAwardTop5Within3y) || p.SciAwardWithin3y, p.Id);
            // A mainland-registered resident enterprise is a resident enterprise; a little giant is a specialised SME.
            Assert.True(!p.ResidentInMainland || p.ResidentEnterprise, p.Id);
            Assert.True(!p.LittleGiantRecognised || p.SpecializedSmeRecognised, p.Id);
            Assert.True(!p.SpecializedSmeRecognised || p.Employees < 1000, p.Id);
            Assert.True(!p.TechBasedSmeRegistered || (p.Employees <= 500 && p.RevenueY1 <= 200_000_000m && p.TotalAssets <= 200_000_000m), p.Id);
            // Non-taxable income is part of total income.
            Assert.InRange(p.NonTaxableIncomeY1, 0m, p.TotalIncomeY1);
            // A green-factory year exactly when there is a level.
            Assert.Equal(p.GreenFactoryLevel != GreenFactoryLevel.None, p.GreenFactoryYear != 0);
            Assert.True(p.GreenFactoryYear == 0 || p.GreenFactoryYear is >= 2017 and <= 2025, p.Id);
            Assert.True(!p.RdSuperDeductionExcludedIndustry || p.Industry is not (Industry.SoftwareAndIT or Industry.InformationTransmission), p.Id);
        }
    }

    [Fact]
    public void Every_new_field_takes_both_sides_in_a_population()
    {
        var population = Population.Value;
        (string Name, Func<EnterpriseProfile, bool> Holds)[] sides =
        [
            ("majorIncidentLast3Years", p => p.MajorIncidentLast3Years),
            ("majorIncidentLast3Years without a last-year incident", p => p.MajorIncidentLast3Years && !p.MajorIncidentLastYear),
            ("majorIncidentPriorAndCurrentFy", p => p.MajorIncidentPriorAndCurrentFy),
            ("provincialSciAwardTop3Within3y", p => p.ProvincialSciAwardTop3Within3y),
            ("nationalSciAwardTop5Within3y", p => p.NationalSciAwardTop5Within3y),
            ("national top 5 but not top 3", p => p.NationalSciAwardTop5Within3y && !p.NationalSciAwardTop3Within3y),
            ("an award within 3 years that counts for neither ranked flag", p => p.SciAwardWithin3y && !p.ProvincialSciAwardTop3Within3y && !p.NationalSciAwardTop5Within3y),
            ("rdIndustryLeading", p => p.RdIndustryLeading),
            ("residentEnterprise outside the mainland", p => p.ResidentEnterprise && !p.ResidentInMainland),
            ("auditedTaxCollection", p => p.AuditedTaxCollection),
            ("rdSuperDeductionExcludedIndustry", p => p.RdSuperDeductionExcludedIndustry),
            ("seriousFraudOrResearchDishonesty", p => p.SeriousFraudOrResearchDishonesty),
            ("techBasedSmeRegistered", p => p.TechBasedSmeRegistered),
            ("specializedSmeRecognised", p => p.SpecializedSmeRecognised),
            ("littleGiantRecognised", p => p.LittleGiantRecognised),
            ("nonTaxableIncomeY1 > 0", p => p.NonTaxableIncomeY1 > 0m),
            ("nonTaxableIncomeY1 = totalIncomeY1 > 0 (a zero high-tech denominator)", p => p.NonTaxableIncomeY1 == p.TotalIncomeY1 && p.TotalIncomeY1 > 0m),
            ("high-tech income share under 60% of 收入总额 but at least 60% of 总收入", p => HighTechShare(p, p.TotalIncomeY1) < 0.6m && HighTechShare(p, p.TotalIncomeY1 - p.NonTaxableIncomeY1) >= 0.6m),
            ("greenFactoryYear 2022 (before the plan period)", p => p.GreenFactoryYear == 2022),
            ("greenFactoryYear 2023 (its first year)", p => p.GreenFactoryYear == 2023),
            ("greenFactoryYear 2025 (its last year)", p => p.GreenFactoryYear == 2025),
        ];

        foreach (var (name, holds) in sides)
        {
            var count = population.Count(holds);
            Assert.True(count > 0 && count < population.Length, $"{name}: {count} of {population.Length}");
        }
    }

    private static decimal HighTechShare(EnterpriseProfile p, decimal denominator) =>
        denominator > 0m ? p.HighTechIncomeY1 / denominator : 0m;
}

using PolicyRules.Model;

namespace PolicyRules.Benchmarks;

/// <summary>Gazelle, Unicorn, ManufacturingChampion, AboveScale and GreenFactory.</summary>
internal static partial class HandWritten
{
    /// <summary>Gazelle (鲁工信发〔2020〕8号).</summary>
    public static int Gazelle(EnterpriseProfile e, DateOnly asOf)
    {
        var failed = 0;
        var registered = e.RegistrationDate;
        var firstFullYear = registered.Month == 1 && registered.Day == 1 ? registered.Year : registered.Year + 1;
        if (asOf.Year - firstFullYear < 3) failed |= 1;
        if (e.TotalAssets == 0 || e.TotalLiabilities / e.TotalAssets >= 0.70m) failed |= 2;
        if (e.Listed) failed |= 4;
        if (e.RevenueY1 < 10_000_000m) failed |= 8;

        // (1 + rate)² for the latest year's revenue: 10% from 4亿, 15% from 1亿, 20% from 2000万, else 25%.
        var growthFactor = e.RevenueY1 >= 400_000_000m ? 1.21m : e.RevenueY1 >= 100_000_000m ? 1.3225m : e.RevenueY1 >= 20_000_000m ? 1.44m : 1.5625m;
        var revenueGrew = e.RevenueY3 > 0 && e.RevenueY1 >= e.RevenueY3 * growthFactor;
        var profitGrew = e.NetProfitY3 > 0 && e.NetProfitY1 >= e.NetProfitY3 * growthFactor;
        if (!revenueGrew && !profitGrew) failed |= 16;

        var rdRequired = e.RevenueY1 >= 100_000_000m ? 0.025m : 0.05m;
        // In each of the last two years (Y1 and Y2), at the band of the latest year's revenue.
        if (e.RevenueY1 == 0 || e.RdExpenseY1 / e.RevenueY1 < rdRequired || e.RevenueY2 == 0 || e.RdExpenseY2 / e.RevenueY2 < rdRequired) failed |= 32;
        if (e.InventionPatents < 2 && e.UtilityModelsAndSoftwareCopyrights < 8 && !e.LedStandardWithin5y) failed |= 64;
        if (e.CreditScore < 75) failed |= 128;
        return failed;
    }

    /// <summary>Unicorn (鲁工信发〔2020〕8号).</summary>
    public static int Unicorn(EnterpriseProfile e, DateOnly asOf)
    {
        var failed = 0;
        // Founded within 10 years: the 10th anniversary passes, the day after fails (29 February → 28 February).
        if (asOf > e.RegistrationDate.AddYears(10)) failed |= 1;
        if (e.LatestValuationUsd <= 1_000_000_000m) failed |= 2;
        if (e.ValuationRoundSharePercent / 100 < 0.05m) failed |= 4;
        if (!e.PrivatelyFinanced) failed |= 8;
        if (e.Listed) failed |= 16;
        if (e.CreditScore < 85) failed |= 32;
        return failed;
    }

    /// <summary>ManufacturingChampion (工信部政法〔2023〕138号).</summary>
    public static int ManufacturingChampion(EnterpriseProfile e)
    {
        var failed = 0;
        if (e.ChampionProductYears < (e.ChampionProductNew ? 5 : 10)) failed |= 1;
        if (e.MainBusinessRevenueY1 + e.MainBusinessRevenueY2 + e.MainBusinessRevenueY3 < 1_200_000_000m) failed |= 2;
        if (e.GlobalMarketRank < 1 || e.GlobalMarketRank > 3) failed |= 4;
        if (!e.RdIndustryLeading) failed |= 8;
        if (e.AbnormalOperationListed) failed |= 16;
        if (e.RestrictedIndustry) failed |= 32;
        if (e.MajorIncidentLast3Years) failed |= 64;
        return failed;
    }

    /// <summary>AboveScale: an industrial firm from 2000万 of main-business revenue; the class is the R&amp;D-growth target.</summary>
    public static int AboveScale(EnterpriseProfile e, out string rdGrowthTarget)
    {
        var industrial = e.Industry == Industry.Industry;
        var largeEnough = e.MainBusinessRevenueY1 >= 20_000_000m;
        rdGrowthTarget = !(industrial && largeEnough) ? "NotAboveScale"
            : e.RdExpenseY2 > 0 && e.RdExpenseY1 >= e.RdExpenseY2 * 1.10m ? "TargetMet" : "TargetMissed";
        return (industrial ? 0 : 1) | (largeEnough ? 0 : 2);
    }

    /// <summary>GreenFactory: provincial or national (the class is the level held).</summary>
    public static int GreenFactory(EnterpriseProfile e) =>
        e.GreenFactoryLevel is GreenFactoryLevel.Provincial or GreenFactoryLevel.National ? 0 : 1;

    /// <summary>GreenFactory's class: the level, with "NewInPlan" for a provincial or national title recognised 2023–2025.</summary>
    public static string GreenFactoryClass(EnterpriseProfile e)
    {
        var isNew = e.GreenFactoryYear is >= 2023 and <= 2025;
        return e.GreenFactoryLevel switch
        {
            GreenFactoryLevel.National => isNew ? "NationalNewInPlan" : "National",
            GreenFactoryLevel.Provincial => isNew ? "ProvincialNewInPlan" : "Provincial",
            GreenFactoryLevel.Municipal => "Municipal",
            _ => "None",
        };
    }

    /// <summary>The name a level is reported by (as the compiled rules and RulesEngine write it).</summary>
    public static string Name(GreenFactoryLevel level) => level switch
    {
        GreenFactoryLevel.Municipal => "Municipal",
        GreenFactoryLevel.Provincial => "Provincial",
        GreenFactoryLevel.National => "National",
        _ => "None",
    };
}

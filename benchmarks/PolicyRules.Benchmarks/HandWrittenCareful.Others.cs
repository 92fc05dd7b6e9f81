using PolicyRules.Model;

namespace PolicyRules.Benchmarks;

/// <summary>The quality-SME ladder and Gazelle, Unicorn, careful: each as <see cref="HandWritten"/>'s, ratios cross-multiplied.</summary>
internal static partial class HandWrittenCareful
{
    /// <summary>InnovativeSme 2022, as <see cref="HandWritten.InnovativeSme"/>.</summary>
    public static int InnovativeSme(EnterpriseProfile e, SizeClass size, out decimal score)
    {
        var ip = e.HighValueIpClassI >= 1 ? 20m : e.SelfDevelopedIpClassI >= 1 ? 15m : e.IpClassI >= 1 ? 10m : e.IpClassII >= 1 ? 5m : 0m;
        var rd100 = e.RdExpenseY1 * 100m;
        var revenue = e.RevenueY1;
        var rd = revenue == 0 ? 0m : rd100 >= 5 * revenue ? 20m : rd100 >= 3 * revenue ? 15m : rd100 >= 2 * revenue ? 10m : rd100 > revenue ? 5m : 0m;
        var previous = e.MainBusinessRevenueY2;
        var grown100 = (e.MainBusinessRevenueY1 - previous) * 100m;
        var growthPoints = previous == 0 ? 0m
            : grown100 >= 15 * previous ? 20m : grown100 >= 10 * previous ? 15m : grown100 >= 5 * previous ? 10m : grown100 > 0 ? 5m : 0m;
        var assets = e.TotalAssets;
        var liabilities100 = e.TotalLiabilities * 100m;
        var debtPoints = assets == 0 ? 0m : liabilities100 <= 55 * assets ? 10m : liabilities100 < 75 * assets ? 5m : 0m;
        var fieldPoints = e.StrategicEmergingProduct ? 10m : 5m;
        var main100 = e.MainBusinessRevenueY1 * 100m;
        var mainSharePoints = revenue == 0 ? 0m
            : main100 >= 70 * revenue ? 20m : main100 >= 60 * revenue ? 15m : main100 >= 55 * revenue ? 10m : main100 > 50 * revenue ? 5m : 0m;
        var innovation = ip + rd;
        var growthTotal = growthPoints + debtPoints;
        var specialisation = fieldPoints + mainSharePoints;
        score = innovation + growthTotal + specialisation;

        var failed = HandWritten.QualitySmeAdmission(e, size);
        var direct = e.SciAwardWithin3y || e.HighTechCertValid || e.InnovationTitleValid || e.ProvincialRdInstitution || e.EquityFinancing3y >= 5_000_000m;
        var byScore = score >= 60 && innovation >= 20 && growthTotal >= 15 && specialisation >= 15;
        if (!direct && !byScore) failed |= 32;
        return failed;
    }

    /// <summary>SpecializedSme 2022, as <see cref="HandWritten.SpecializedSme"/>.</summary>
    public static int SpecializedSme(EnterpriseProfile e, SizeClass size)
    {
        var failed = HandWritten.QualitySmeAdmission(e, size);
        if (e.NicheMarketYears < 2) failed |= 32;
        if (e.RdExpenseY1 < 1_000_000m || e.RevenueY1 == 0 || e.RdExpenseY1 * 100m < 3 * e.RevenueY1) failed |= 64;
        if (e.RevenueY1 < 10_000_000m && e.EquityFinancing2y < 20_000_000m) failed |= 128;
        var direct = e.ProvincialSciAwardTop3Within3y || e.NationalSciAwardTop5Within3y || e.RdExpenseY1 + e.RdExpenseY2 >= 20_000_000m
            || e.EquityFinancing2y >= 60_000_000m || e.MakerChinaTop500Within3y;
        if (e.SpecializedSmeScore < 60 && !direct) failed |= 256;
        return failed;
    }

    /// <summary>LittleGiant 2022, as <see cref="HandWritten.LittleGiant"/>; the average growth stays decimal (its rounding is the rule's).</summary>
    public static int LittleGiant(EnterpriseProfile e, SizeClass size)
    {
        var failed = HandWritten.QualitySmeAdmission(e, size);
        if (e.NicheMarketYears < 3) failed |= 1 << 5;
        if (e.RevenueY1 == 0 || e.MainBusinessRevenueY1 * 100m < 70 * e.RevenueY1) failed |= 1 << 6;
        if (e.MainBusinessRevenueY2 == 0 || e.MainBusinessRevenueY3 == 0
            || ((e.MainBusinessRevenueY1 - e.MainBusinessRevenueY2) / e.MainBusinessRevenueY2 + (e.MainBusinessRevenueY2 - e.MainBusinessRevenueY3) / e.MainBusinessRevenueY3) / 2 < 0.05m)
        {
            failed |= 1 << 7;
        }

        if (!e.InformationSystemsInUse) failed |= 1 << 8;
        if (!e.QualityCertified) failed |= 1 << 9;
        if (e.TotalAssets == 0 || e.TotalLiabilities * 100m > 70 * e.TotalAssets) failed |= 1 << 10;
        if (e.NicheMarketSharePercent < 10) failed |= 1 << 11;
        if (!e.OwnBrand) failed |= 1 << 12;
        var general = LittleGiantRdInput(e) && e.RdInstitution && e.IpClassI >= 2;
        if (!general && !e.NationalSciAwardTop3Within3y && !e.MakerChinaTop50Within3y) failed |= 1 << 13;
        if (!e.KeyChainPosition) failed |= 1 << 14;
        if (!e.PriorityField) failed |= 1 << 15;
        return failed;
    }

    /// <summary>Gazelle, as <see cref="HandWritten.Gazelle"/>.</summary>
    public static int Gazelle(EnterpriseProfile e, DateOnly asOf)
    {
        var failed = 0;
        var registered = e.RegistrationDate;
        var firstFullYear = registered.Month == 1 && registered.Day == 1 ? registered.Year : registered.Year + 1;
        if (asOf.Year - firstFullYear < 3) failed |= 1;
        if (e.TotalAssets == 0 || e.TotalLiabilities * 100m >= 70 * e.TotalAssets) failed |= 2;
        if (e.Listed) failed |= 4;
        if (e.RevenueY1 < 10_000_000m) failed |= 8;
        var growthFactor = e.RevenueY1 >= 400_000_000m ? 1.21m : e.RevenueY1 >= 100_000_000m ? 1.3225m : e.RevenueY1 >= 20_000_000m ? 1.44m : 1.5625m;
        var revenueGrew = e.RevenueY3 > 0 && e.RevenueY1 >= e.RevenueY3 * growthFactor;
        var profitGrew = e.NetProfitY3 > 0 && e.NetProfitY1 >= e.NetProfitY3 * growthFactor;
        if (!revenueGrew && !profitGrew) failed |= 16;
        var rdPerMille = e.RevenueY1 >= 100_000_000m ? 25 : 50; // 2.5% or 5%
        if (e.RevenueY1 == 0 || e.RdExpenseY1 * 1000m < rdPerMille * e.RevenueY1 || e.RevenueY2 == 0 || e.RdExpenseY2 * 1000m < rdPerMille * e.RevenueY2) failed |= 32;
        if (e.InventionPatents < 2 && e.UtilityModelsAndSoftwareCopyrights < 8 && !e.LedStandardWithin5y) failed |= 64;
        if (e.CreditScore < 75) failed |= 128;
        return failed;
    }

    /// <summary>Unicorn, as <see cref="HandWritten.Unicorn"/>: the round's share compared in percent.</summary>
    public static int Unicorn(EnterpriseProfile e, DateOnly asOf)
    {
        var failed = 0;
        if (asOf > e.RegistrationDate.AddYears(10)) failed |= 1;
        if (e.LatestValuationUsd <= 1_000_000_000m) failed |= 2;
        if (e.ValuationRoundSharePercent < 5) failed |= 4;
        if (!e.PrivatelyFinanced) failed |= 8;
        if (e.Listed) failed |= 16;
        if (e.CreditScore < 85) failed |= 32;
        return failed;
    }

    /// <summary>As HandWritten's: the revenue bands meet at exactly 5000万.</summary>
    private static bool LittleGiantRdInput(EnterpriseProfile e)
    {
        var revenue = e.RevenueY1;
        var rd100 = e.RdExpenseY1 * 100m;
        var large = revenue >= 100_000_000m && rd100 >= 3 * revenue && e.RevenueY2 != 0 && e.RdExpenseY2 * 100m >= 3 * e.RevenueY2;
        var mid = revenue >= 50_000_000m && revenue < 100_000_000m && rd100 >= 6 * revenue && e.RevenueY2 != 0 && e.RdExpenseY2 * 100m >= 6 * e.RevenueY2;
        var small = revenue <= 50_000_000m && e.EquityFinancing2y >= 80_000_000m && e.RdExpenseY1 + e.RdExpenseY2 >= 30_000_000m
            && e.Employees != 0 && e.RdStaff * 2L >= e.Employees;
        return large || mid || small;
    }
}

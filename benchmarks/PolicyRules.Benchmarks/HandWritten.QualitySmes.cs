using PolicyRules.Model;

namespace PolicyRules.Benchmarks;

/// <summary>The 2022 quality-SME ladder (工信部企业〔2022〕63号), the versions in force until 2026-03-31.</summary>
internal static partial class HandWritten
{
    /// <summary>InnovativeSme 2022 (附件1): one criterion (a direct path, or the score path); the score.</summary>
    public static int InnovativeSme(EnterpriseProfile e, out decimal score)
    {
        var ip = e.HighValueIpClassI >= 1 ? 20m : e.SelfDevelopedIpClassI >= 1 ? 15m : e.IpClassI >= 1 ? 10m : e.IpClassII >= 1 ? 5m : 0m;
        var rdShare = e.RevenueY1 == 0 ? (decimal?)null : e.RdExpenseY1 / e.RevenueY1;
        var rd = rdShare switch { >= 0.05m => 20m, >= 0.03m => 15m, >= 0.02m => 10m, >= 0.01m => 5m, _ => 0m };
        var growth = e.MainBusinessRevenueY2 == 0 ? (decimal?)null : (e.MainBusinessRevenueY1 - e.MainBusinessRevenueY2) / e.MainBusinessRevenueY2;
        var growthPoints = growth switch { >= 0.15m => 20m, >= 0.10m => 15m, >= 0.05m => 10m, >= 0m => 5m, _ => 0m };
        var debtRatio = e.TotalAssets == 0 ? (decimal?)null : e.TotalLiabilities / e.TotalAssets;
        var debtPoints = debtRatio switch { < 0.55m => 10m, < 0.75m => 5m, _ => 0m };
        var fieldPoints = e.StrategicEmergingProduct ? 10m : 5m;
        var mainShare = e.RevenueY1 == 0 ? (decimal?)null : e.MainBusinessRevenueY1 / e.RevenueY1;
        var mainSharePoints = mainShare switch { >= 0.70m => 20m, >= 0.60m => 15m, >= 0.55m => 10m, >= 0.50m => 5m, _ => 0m };
        var innovation = ip + rd;
        var growthTotal = growthPoints + debtPoints;
        var specialisation = fieldPoints + mainSharePoints;
        score = innovation + growthTotal + specialisation;

        var direct = e.SciAwardWithin3y || e.HighTechCertValid || e.InnovationTitleValid || e.ProvincialRdInstitution || e.EquityFinancing3y >= 5_000_000m;
        var byScore = score >= 60 && innovation >= 20 && growthTotal >= 15 && specialisation >= 15;
        return direct || byScore ? 0 : 1;
    }

    /// <summary>SpecializedSme 2022 (附件2).</summary>
    public static int SpecializedSme(EnterpriseProfile e)
    {
        var failed = 0;
        if (e.NicheMarketYears < 2) failed |= 1;
        if (e.RdExpenseY1 < 1_000_000m || e.RevenueY1 == 0 || e.RdExpenseY1 / e.RevenueY1 < 0.03m) failed |= 2;
        if (e.RevenueY1 < 10_000_000m && e.EquityFinancing2y < 20_000_000m) failed |= 4;
        var direct = (e.ProvincialSciAwardTop3Within3y || e.NationalSciAwardTop5Within3y) || (e.RdExpenseY1 + e.RdExpenseY2) / 2 >= 10_000_000m
            || e.EquityFinancing2y >= 60_000_000m || e.MakerChinaTop500Within3y;
        if (e.SpecializedSmeScore < 60 && !direct) failed |= 8;
        return failed;
    }

    /// <summary>LittleGiant 2022 (附件3).</summary>
    public static int LittleGiant(EnterpriseProfile e)
    {
        var failed = 0;
        if (e.NicheMarketYears < 3) failed |= 1;
        if (e.RevenueY1 == 0 || e.MainBusinessRevenueY1 / e.RevenueY1 < 0.70m) failed |= 2;
        if (e.MainBusinessRevenueY2 == 0 || e.MainBusinessRevenueY3 == 0
            || ((e.MainBusinessRevenueY1 - e.MainBusinessRevenueY2) / e.MainBusinessRevenueY2 + (e.MainBusinessRevenueY2 - e.MainBusinessRevenueY3) / e.MainBusinessRevenueY3) / 2 < 0.05m)
        {
            failed |= 4;
        }

        if (!e.InformationSystemsInUse) failed |= 8;
        if (!e.QualityCertified) failed |= 16;
        if (e.TotalAssets == 0 || e.TotalLiabilities / e.TotalAssets > 0.70m) failed |= 32;
        if (e.NicheMarketSharePercent / 100 < 0.10m) failed |= 64;
        if (!e.OwnBrand) failed |= 128;
        var general = LittleGiantRdInput(e) && e.RdInstitution && e.IpClassI >= 2;
        if (!general && !e.NationalSciAwardTop3Within3y && !e.MakerChinaTop50Within3y) failed |= 256;
        if (!e.KeyChainPosition) failed |= 512;
        if (!e.PriorityField) failed |= 1024;
        return failed;
    }

    /// <summary>LittleGiant 2022's R&amp;D input for last year's revenue band (附件3 四、（一）1).</summary>
    private static bool LittleGiantRdInput(EnterpriseProfile e)
    {
        if (e.RevenueY1 >= 100_000_000m)
        {
            return e.RdExpenseY1 / e.RevenueY1 >= 0.03m && e.RevenueY2 != 0 && e.RdExpenseY2 / e.RevenueY2 >= 0.03m;
        }

        if (e.RevenueY1 >= 50_000_000m)
        {
            return e.RdExpenseY1 / e.RevenueY1 >= 0.06m && e.RevenueY2 != 0 && e.RdExpenseY2 / e.RevenueY2 >= 0.06m;
        }

        return e.EquityFinancing2y >= 80_000_000m && e.RdExpenseY1 + e.RdExpenseY2 >= 30_000_000m
            && e.Employees != 0 && e.RdStaff / (decimal)e.Employees >= 0.50m;
    }
}

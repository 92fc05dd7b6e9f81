using PolicyRules.Model;

namespace PolicyRules.Benchmarks;

/// <summary>The 2022 quality-SME ladder (工信部企业〔2022〕63号), the versions in force until 2026-03-31.</summary>
/// <remarks>
/// Each tier starts with the general admission conditions the rule files list first (附件1–3 一、):
/// an SME under 工信部联企业〔2011〕300号 (SmeSize's class), resident in the mainland, not listed for
/// abnormal operation, not in a restricted industry, no major incident in the last three years.
/// </remarks>
internal static partial class HandWritten
{
    /// <summary>The general admission conditions shared by the three tiers: bits 0–4.</summary>
    internal static int QualitySmeAdmission(EnterpriseProfile e, SizeClass size)
    {
        var failed = 0;
        if (size == SizeClass.Large) failed |= 1;
        if (!e.ResidentInMainland) failed |= 2;
        if (e.AbnormalOperationListed) failed |= 4;
        if (e.RestrictedIndustry) failed |= 8;
        if (e.MajorIncidentLast3Years) failed |= 16;
        return failed;
    }

    /// <summary>InnovativeSme 2022 (附件1): the admission conditions, then a direct path or the score path; the score.</summary>
    public static int InnovativeSme(EnterpriseProfile e, SizeClass size, out decimal score)
    {
        var ip = e.HighValueIpClassI >= 1 ? 20m : e.SelfDevelopedIpClassI >= 1 ? 15m : e.IpClassI >= 1 ? 10m : e.IpClassII >= 1 ? 5m : 0m;
        var rdShare = e.RevenueY1 == 0 ? (decimal?)null : e.RdExpenseY1 / e.RevenueY1;
        var rd = rdShare switch { >= 0.05m => 20m, >= 0.03m => 15m, >= 0.02m => 10m, > 0.01m => 5m, _ => 0m };
        var growth = e.MainBusinessRevenueY2 == 0 ? (decimal?)null : (e.MainBusinessRevenueY1 - e.MainBusinessRevenueY2) / e.MainBusinessRevenueY2;
        var growthPoints = growth switch { >= 0.15m => 20m, >= 0.10m => 15m, >= 0.05m => 10m, > 0m => 5m, _ => 0m };
        var debtRatio = e.TotalAssets == 0 ? (decimal?)null : e.TotalLiabilities / e.TotalAssets;
        var debtPoints = debtRatio switch { <= 0.55m => 10m, < 0.75m => 5m, _ => 0m };
        var fieldPoints = e.StrategicEmergingProduct ? 10m : 5m;
        var mainShare = e.RevenueY1 == 0 ? (decimal?)null : e.MainBusinessRevenueY1 / e.RevenueY1;
        var mainSharePoints = mainShare switch { >= 0.70m => 20m, >= 0.60m => 15m, >= 0.55m => 10m, > 0.50m => 5m, _ => 0m };
        var innovation = ip + rd;
        var growthTotal = growthPoints + debtPoints;
        var specialisation = fieldPoints + mainSharePoints;
        score = innovation + growthTotal + specialisation;

        var failed = QualitySmeAdmission(e, size);
        var direct = e.SciAwardWithin3y || e.HighTechCertValid || e.InnovationTitleValid || e.ProvincialRdInstitution || e.EquityFinancing3y >= 5_000_000m;
        var byScore = score >= 60 && innovation >= 20 && growthTotal >= 15 && specialisation >= 15;
        if (!direct && !byScore) failed |= 32;
        return failed;
    }

    /// <summary>SpecializedSme 2022 (附件2): the admission conditions, then bits 5–8.</summary>
    public static int SpecializedSme(EnterpriseProfile e, SizeClass size)
    {
        var failed = QualitySmeAdmission(e, size);
        if (e.NicheMarketYears < 2) failed |= 32;
        if (e.RdExpenseY1 < 1_000_000m || e.RevenueY1 == 0 || e.RdExpenseY1 / e.RevenueY1 < 0.03m) failed |= 64;
        if (e.RevenueY1 < 10_000_000m && e.EquityFinancing2y < 20_000_000m) failed |= 128;
        var direct = e.ProvincialSciAwardTop3Within3y || e.NationalSciAwardTop5Within3y || (e.RdExpenseY1 + e.RdExpenseY2) / 2 >= 10_000_000m
            || e.EquityFinancing2y >= 60_000_000m || e.MakerChinaTop500Within3y;
        if (e.SpecializedSmeScore < 60 && !direct) failed |= 256;
        return failed;
    }

    /// <summary>LittleGiant 2022 (附件3): the admission conditions, then bits 5–15.</summary>
    public static int LittleGiant(EnterpriseProfile e, SizeClass size)
    {
        var failed = QualitySmeAdmission(e, size);
        if (e.NicheMarketYears < 3) failed |= 1 << 5;
        if (e.RevenueY1 == 0 || e.MainBusinessRevenueY1 / e.RevenueY1 < 0.70m) failed |= 1 << 6;
        if (e.MainBusinessRevenueY2 == 0 || e.MainBusinessRevenueY3 == 0
            || ((e.MainBusinessRevenueY1 - e.MainBusinessRevenueY2) / e.MainBusinessRevenueY2 + (e.MainBusinessRevenueY2 - e.MainBusinessRevenueY3) / e.MainBusinessRevenueY3) / 2 < 0.05m)
        {
            failed |= 1 << 7;
        }

        if (!e.InformationSystemsInUse) failed |= 1 << 8;
        if (!e.QualityCertified) failed |= 1 << 9;
        if (e.TotalAssets == 0 || e.TotalLiabilities / e.TotalAssets > 0.70m) failed |= 1 << 10;
        if (e.NicheMarketSharePercent / 100 < 0.10m) failed |= 1 << 11;
        if (!e.OwnBrand) failed |= 1 << 12;
        var general = LittleGiantRdInput(e) && e.RdInstitution && e.IpClassI >= 2;
        if (!general && !e.NationalSciAwardTop3Within3y && !e.MakerChinaTop50Within3y) failed |= 1 << 13;
        if (!e.KeyChainPosition) failed |= 1 << 14;
        if (!e.PriorityField) failed |= 1 << 15;
        return failed;
    }

    /// <summary>
    /// LittleGiant 2022's R&amp;D input by last year's revenue band (附件3 四、（一）1). The bands meet at
    /// exactly 5000万 (以上 and 以下 both include it), so an enterprise there may pass by either.
    /// </summary>
    private static bool LittleGiantRdInput(EnterpriseProfile e)
    {
        var large = e.RevenueY1 >= 100_000_000m
            && e.RdExpenseY1 / e.RevenueY1 >= 0.03m && e.RevenueY2 != 0 && e.RdExpenseY2 / e.RevenueY2 >= 0.03m;
        var mid = e.RevenueY1 >= 50_000_000m && e.RevenueY1 < 100_000_000m
            && e.RdExpenseY1 / e.RevenueY1 >= 0.06m && e.RevenueY2 != 0 && e.RdExpenseY2 / e.RevenueY2 >= 0.06m;
        var small = e.RevenueY1 <= 50_000_000m && e.EquityFinancing2y >= 80_000_000m && e.RdExpenseY1 + e.RdExpenseY2 >= 30_000_000m
            && e.Employees != 0 && e.RdStaff / (decimal)e.Employees >= 0.50m;
        return large || mid || small;
    }
}

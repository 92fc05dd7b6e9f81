using PolicyRules.Model;

namespace PolicyRules.Tests.Programmes;

/// <summary>
/// An independent reading of programmes.md §1, §4–§7 (corrected 2026-12) and the texts it quotes
/// (工信部企业〔2022〕63号 and its annexes as restated; 鲁工信发〔2020〕8号), written in C# from the spec
/// and not from the rule files: InnovativeSme, SpecializedSme and LittleGiant as of a date in their
/// 2022 versions, and Gazelle. Boundary words follow the spec's convention (以上/以下 include the
/// number; the SME size table is strict). Only eligibility is read.
/// </summary>
internal static class QualitySmeIndependentCheck
{
    public static readonly string[] Programmes = ["InnovativeSme", "SpecializedSme", "LittleGiant", "Gazelle"];

    public static bool Eligible(string programme, EnterpriseProfile p, DateOnly asOf) => programme switch
    {
        "InnovativeSme" => GeneralAdmission(p) && InnovativeSme(p),
        "SpecializedSme" => GeneralAdmission(p) && SpecializedSme(p),
        "LittleGiant" => GeneralAdmission(p) && LittleGiant(p),
        "Gazelle" => Gazelle(p, asOf),
        _ => throw new ArgumentOutOfRangeException(nameof(programme)),
    };

    /// <summary>§1: an SME is below the industry's ceiling on either indicator (strictly: the 2017 划分办法 writes "X &lt; 1000").</summary>
    public static bool IsSme(EnterpriseProfile p)
    {
        decimal wan = 10_000m;
        var e = p.Employees;
        var r = p.RevenueY1 / wan;
        var a = p.TotalAssets / wan;
        return p.Industry switch
        {
            Industry.Agriculture => r < 20000,
            Industry.Industry => e < 1000 || r < 40000,
            Industry.Construction => r < 80000 || a < 80000,
            Industry.Wholesale => e < 200 || r < 40000,
            Industry.Retail => e < 300 || r < 20000,
            Industry.Transport => e < 1000 || r < 30000,
            Industry.Warehousing => e < 200 || r < 30000,
            Industry.Postal => e < 1000 || r < 30000,
            Industry.Accommodation or Industry.Catering => e < 300 || r < 10000,
            Industry.InformationTransmission => e < 2000 || r < 100000,
            Industry.SoftwareAndIT => e < 300 || r < 10000,
            Industry.RealEstateDevelopment => r < 200000 || a < 10000,
            Industry.PropertyManagement => e < 1000 || r < 5000,
            Industry.LeasingAndBusinessServices => e < 300 || a < 120000,
            _ => e < 300,
        };
    }

    /// <summary>§4 general admission of the three quality-SME tiers (63号 as restated).</summary>
    public static bool GeneralAdmission(EnterpriseProfile p) =>
        IsSme(p) && p.ResidentInMainland && !p.AbnormalOperationListed && !p.RestrictedIndustry && !p.MajorIncidentLast3Years;

    private static decimal? Share(decimal part, decimal whole) => whole == 0 ? null : part / whole;

    /// <summary>§4, 附件1: a direct path, or a score of 60 with innovation 20, growth 15, specialisation 15.</summary>
    private static bool InnovativeSme(EnterpriseProfile p)
    {
        if (p.SciAwardWithin3y || p.HighTechCertValid || p.InnovationTitleValid || p.ProvincialRdInstitution || p.EquityFinancing3y >= 5_000_000m)
        {
            return true;
        }

        var ip = p.HighValueIpClassI >= 1 ? 20 : p.SelfDevelopedIpClassI >= 1 ? 15 : p.IpClassI >= 1 ? 10 : p.IpClassII >= 1 ? 5 : 0;
        // "5%以上 20; 3%–5% 15; 2%–3% 10; 1%–2% 5; 1%以下 0": 1% itself is in "1%以下".
        var rdRatio = Share(p.RdExpenseY1, p.RevenueY1);
        var rd = rdRatio switch { null => 0, >= 0.05m => 20, >= 0.03m => 15, >= 0.02m => 10, > 0.01m => 5, _ => 0 };
        var growthRate = p.MainBusinessRevenueY2 == 0 ? (decimal?)null : p.MainBusinessRevenueY1 / p.MainBusinessRevenueY2 - 1;
        var growth = growthRate switch { null => 0, >= 0.15m => 20, >= 0.10m => 15, >= 0.05m => 10, > 0m => 5, _ => 0 };
        // "55%以下 10; 55%–75% 5; 75%以上 0".
        var debtRatio = Share(p.TotalLiabilities, p.TotalAssets);
        var debt = debtRatio switch { null => 0, <= 0.55m => 10, < 0.75m => 5, _ => 0 };
        var field = p.StrategicEmergingProduct ? 10 : 5;
        var mainShare = Share(p.MainBusinessRevenueY1, p.RevenueY1);
        var share = mainShare switch { null => 0, >= 0.70m => 20, >= 0.60m => 15, >= 0.55m => 10, > 0.50m => 5, _ => 0 };
        var innovation = ip + rd;
        var growthGroup = growth + debt;
        var specialisation = field + share;
        return innovation + growthGroup + specialisation >= 60 && innovation >= 20 && growthGroup >= 15 && specialisation >= 15;
    }

    /// <summary>§5, 附件2 (2022): niche ≥ 2 years; R&amp;D ≥ 100万 and ≥ 3%; revenue ≥ 1000万 or equity ≥ 2000万; score 60 or an alternative.</summary>
    private static bool SpecializedSme(EnterpriseProfile p) =>
        p.NicheMarketYears >= 2
        && p.RdExpenseY1 >= 1_000_000m && Share(p.RdExpenseY1, p.RevenueY1) >= 0.03m
        && (p.RevenueY1 >= 10_000_000m || p.EquityFinancing2y >= 20_000_000m)
        && (p.SpecializedSmeScore >= 60m || p.ProvincialSciAwardTop3Within3y || p.NationalSciAwardTop5Within3y
            || (p.RdExpenseY1 + p.RdExpenseY2) / 2 >= 10_000_000m || p.EquityFinancing2y >= 60_000_000m || p.MakerChinaTop500Within3y);

    /// <summary>§6, 附件3 (2022). "5000万元以下" includes 5000万: at exactly 5000万 either band suffices.</summary>
    private static bool LittleGiant(EnterpriseProfile p)
    {
        var growthY1 = p.MainBusinessRevenueY2 == 0 ? (decimal?)null : p.MainBusinessRevenueY1 / p.MainBusinessRevenueY2 - 1;
        var growthY2 = p.MainBusinessRevenueY3 == 0 ? (decimal?)null : p.MainBusinessRevenueY2 / p.MainBusinessRevenueY3 - 1;
        var rdY1 = Share(p.RdExpenseY1, p.RevenueY1);
        var rdY2 = Share(p.RdExpenseY2, p.RevenueY2);
        var large = p.RevenueY1 >= 100_000_000m && rdY1 >= 0.03m && rdY2 >= 0.03m;
        var middle = p.RevenueY1 >= 50_000_000m && p.RevenueY1 < 100_000_000m && rdY1 >= 0.06m && rdY2 >= 0.06m;
        var small = p.RevenueY1 <= 50_000_000m && p.EquityFinancing2y >= 80_000_000m && p.RdExpenseY1 + p.RdExpenseY2 >= 30_000_000m
            && Share(p.RdStaff, p.Employees) >= 0.50m;
        var general = (large || middle || small) && p.RdInstitution && p.IpClassI >= 2;
        var direct = p.NationalSciAwardTop3Within3y || p.MakerChinaTop50Within3y;
        return p.NicheMarketYears >= 3
            && Share(p.MainBusinessRevenueY1, p.RevenueY1) >= 0.70m
            && growthY1 is { } g1 && growthY2 is { } g2 && (g1 + g2) / 2 >= 0.05m
            && p.InformationSystemsInUse && p.QualityCertified
            && Share(p.TotalLiabilities, p.TotalAssets) <= 0.70m
            && p.NicheMarketSharePercent >= 10m
            && p.OwnBrand
            && (general || direct)
            && p.KeyChainPosition && p.PriorityField;
    }

    /// <summary>§7 Gazelle: growth by revenue band (4亿 inclusive), R&amp;D intensity in each of Y1 and Y2 by Y1's band.</summary>
    private static bool Gazelle(EnterpriseProfile p, DateOnly asOf)
    {
        var firstFullYear = p.RegistrationDate.Month == 1 && p.RegistrationDate.Day == 1 ? p.RegistrationDate.Year : p.RegistrationDate.Year + 1;
        var fullYears = Math.Max(0, asOf.Year - firstFullYear);
        var rate = p.RevenueY1 >= 400_000_000m ? 0.10m : p.RevenueY1 >= 100_000_000m ? 0.15m : p.RevenueY1 >= 20_000_000m ? 0.20m : 0.25m;
        var factor = (1 + rate) * (1 + rate);
        var grows = (p.RevenueY3 > 0 && p.RevenueY1 >= p.RevenueY3 * factor) || (p.NetProfitY3 > 0 && p.NetProfitY1 >= p.NetProfitY3 * factor);
        var rdRequired = p.RevenueY1 >= 100_000_000m ? 0.025m : 0.05m;
        return fullYears >= 3
            && Share(p.TotalLiabilities, p.TotalAssets) < 0.70m
            && !p.Listed
            && p.RevenueY1 >= 10_000_000m
            && grows
            && Share(p.RdExpenseY1, p.RevenueY1) >= rdRequired && Share(p.RdExpenseY2, p.RevenueY2) >= rdRequired
            && (p.InventionPatents >= 2 || p.UtilityModelsAndSoftwareCopyrights >= 8 || p.LedStandardWithin5y)
            && p.CreditScore >= 75m;
    }
}

using PolicyRules.Model;

namespace PolicyRules.Benchmarks;

/// <summary>
/// The bundled programmes as a careful engineer writes them in <see cref="decimal"/> (issue 19's
/// second contender): the criteria of <see cref="HandWritten"/>, with no division where a
/// cross-multiplication decides the same, and each sum computed once. Programmes without a division
/// are <see cref="HandWritten"/>'s own; <see cref="EvaluationBenchmarks"/> checks every answer against
/// the compiled rules on every sample.
/// </summary>
/// <remarks>
/// <para>Why the answers are the rule files': a ratio n/d (d &gt; 0, money to the fen within the
/// readers' range) that differs from a threshold t of at most four decimals differs by at least
/// 1/(d in fen × 10^4) ≥ 10^-24, far above what decimal's 28 digits round away, so n/d ≥ t exactly
/// when n ≥ t·d, and t·d is exact in decimal. Money is non-negative in the contract, so a
/// denominator that is not zero is positive (the one that can be negative, total income net of
/// non-taxable income, is tested as the rule file tests it).</para>
/// <para>What stays a division: the values a score is made of where the rule file's decimal
/// rounding is the answer (InnovationIndexTop50's ratios, LittleGiant's average growth).</para>
/// </remarks>
internal static partial class HandWrittenCareful
{
    /// <summary>HighTechEnterprise, as <see cref="HandWritten.HighTech"/>.</summary>
    public static int HighTech(EnterpriseProfile e, DateOnly asOf)
    {
        var failed = 0;
        if (!e.ResidentInMainland) failed |= 1;
        if (asOf.DayNumber - e.RegistrationDate.DayNumber < 365) failed |= 2;
        if (!e.CoreIpForMainProducts) failed |= 4;
        if (!e.TechFieldSupported) failed |= 8;
        if (e.Employees == 0 || e.TechStaff * 10L < e.Employees) failed |= 16;
        var rd = e.RdExpenseY1 + e.RdExpenseY2 + e.RdExpenseY3;
        var revenue = e.RevenueY1 + e.RevenueY2 + e.RevenueY3;
        var requiredPercent = e.RevenueY1 <= 50_000_000m ? 5m : e.RevenueY1 <= 200_000_000m ? 4m : 3m;
        if (revenue == 0 || rd * 100m < revenue * requiredPercent) failed |= 32;
        var domestic = e.DomesticRdExpenseY1 + e.DomesticRdExpenseY2 + e.DomesticRdExpenseY3;
        if (rd == 0 || domestic * 5m < rd * 3m) failed |= 64;
        var totalIncome = e.TotalIncomeY1 - e.NonTaxableIncomeY1;
        if (totalIncome <= 0 || e.HighTechIncomeY1 * 5m < totalIncome * 3m) failed |= 128;
        if (e.InnovationCapabilityScore <= 70) failed |= 256;
        if (e.MajorIncidentLastYear) failed |= 512;
        return failed;
    }

    /// <summary>TechBasedSme 2022, as <see cref="HandWritten.TechBasedSme"/>: each tier table by cross-multiplication.</summary>
    public static int TechBasedSme(EnterpriseProfile e, out decimal score)
    {
        long employees = e.Employees, techStaff100 = e.TechStaff * 100L;
        var staff = employees == 0 ? 0m
            : techStaff100 >= 30 * employees ? 20m : techStaff100 >= 25 * employees ? 16m : techStaff100 >= 20 * employees ? 12m
            : techStaff100 >= 15 * employees ? 8m : techStaff100 >= 10 * employees ? 4m : 0m;
        var rd100 = e.RdExpenseY1 * 100m;
        var revenue = e.RevenueY1;
        var byRevenue = revenue == 0 ? 0m
            : rd100 >= 6 * revenue ? 50m : rd100 >= 5 * revenue ? 40m : rd100 >= 4 * revenue ? 30m : rd100 >= 3 * revenue ? 20m : rd100 >= 2 * revenue ? 10m : 0m;
        var cost = e.CostAndExpenseY1;
        var byCost = cost == 0 ? 0m
            : rd100 >= 30 * cost ? 50m : rd100 >= 25 * cost ? 40m : rd100 >= 20 * cost ? 30m : rd100 >= 15 * cost ? 20m : rd100 >= 10 * cost ? 10m : 0m;
        var ip = e.IpClassI >= 1 ? 30m : e.IpClassII switch { >= 4 => 24m, 3 => 18m, 2 => 12m, 1 => 6m, _ => 0m };
        score = staff + Math.Max(byRevenue, byCost) + ip;

        return HandWritten.TechBasedSmeFailed(e, score, staff);
    }

    /// <summary>SmeSize, as <see cref="HandWritten.SmeSize"/>: the table's 万元 bounds compared in yuan, no division by 10,000.</summary>
    public static SizeClass SmeSize(EnterpriseProfile e)
    {
        int p = e.Employees;
        var r = e.RevenueY1;
        var a = e.TotalAssets;
        const decimal W = 10_000m; // 万元 in yuan: each bound below is a constant the compiler folds
        return e.Industry switch
        {
            Industry.Agriculture => HandWritten.Class(r < 20000 * W, r >= 500 * W, r >= 50 * W),
            Industry.Industry => HandWritten.Class(p < 1000 || r < 40000 * W, p >= 300 && r >= 2000 * W, p >= 20 && r >= 300 * W),
            Industry.Construction => HandWritten.Class(r < 80000 * W || a < 80000 * W, r >= 6000 * W && a >= 5000 * W, r >= 300 * W && a >= 300 * W),
            Industry.Wholesale => HandWritten.Class(p < 200 || r < 40000 * W, p >= 20 && r >= 5000 * W, p >= 5 && r >= 1000 * W),
            Industry.Retail => HandWritten.Class(p < 300 || r < 20000 * W, p >= 50 && r >= 500 * W, p >= 10 && r >= 100 * W),
            Industry.Transport => HandWritten.Class(p < 1000 || r < 30000 * W, p >= 300 && r >= 3000 * W, p >= 20 && r >= 200 * W),
            Industry.Warehousing => HandWritten.Class(p < 200 || r < 30000 * W, p >= 100 && r >= 1000 * W, p >= 20 && r >= 100 * W),
            Industry.Postal => HandWritten.Class(p < 1000 || r < 30000 * W, p >= 300 && r >= 2000 * W, p >= 20 && r >= 100 * W),
            Industry.Accommodation or Industry.Catering => HandWritten.Class(p < 300 || r < 10000 * W, p >= 100 && r >= 2000 * W, p >= 10 && r >= 100 * W),
            Industry.InformationTransmission => HandWritten.Class(p < 2000 || r < 100000 * W, p >= 100 && r >= 1000 * W, p >= 10 && r >= 100 * W),
            Industry.SoftwareAndIT => HandWritten.Class(p < 300 || r < 10000 * W, p >= 100 && r >= 1000 * W, p >= 10 && r >= 50 * W),
            Industry.RealEstateDevelopment => HandWritten.Class(r < 200000 * W || a < 10000 * W, r >= 1000 * W && a >= 5000 * W, r >= 100 * W && a >= 2000 * W),
            Industry.PropertyManagement => HandWritten.Class(p < 1000 || r < 5000 * W, p >= 300 && r >= 1000 * W, p >= 100 && r >= 500 * W),
            Industry.LeasingAndBusinessServices => HandWritten.Class(p < 300 || a < 120000 * W, p >= 100 && a >= 8000 * W, p >= 10 && a >= 100 * W),
            _ => HandWritten.Class(p < 300, p >= 100, p >= 10),
        };
    }

}

using PolicyRules.Model;

namespace PolicyRules.Benchmarks;

/// <summary>
/// The bundled programmes written by hand in C#: the speed limit that compiled rules are measured
/// against. Same criteria as rules/*.json (the version in force on <see cref="Samples.AsOf"/>);
/// <see cref="EvaluationBenchmarks"/> checks the answers agree on every sample.
/// </summary>
/// <remarks>
/// Each method returns the failed top-level criteria as bits, bit <c>i</c> for the rule file's
/// <c>i</c>-th top-level rule (0 = eligible), and gives the programme's score or class, computed
/// whatever the outcome, as the rule file does. Ratios divide as the rule files do (<c>Ratio.Of</c>:
/// a zero denominator fails the criterion), so the decimal rounding at a bound is the same.
/// This file: §1–§3; the others: <c>HandWritten.QualitySmes.cs</c>, <c>HandWritten.Recognitions.cs</c>,
/// <c>HandWritten.Composites.cs</c>.
/// </remarks>
internal static partial class HandWritten
{
    private const decimal FiftyMillion = 50_000_000m;
    private const decimal TwoHundredMillion = 200_000_000m;

    /// <summary>HighTechEnterprise (国科发火〔2016〕32号; 总收入 = 收入总额 − 不征税收入 per 国科发火〔2016〕195号).</summary>
    public static int HighTech(EnterpriseProfile e, DateOnly asOf)
    {
        var failed = 0;
        if (!e.ResidentInMainland) failed |= 1;
        if (asOf.DayNumber - e.RegistrationDate.DayNumber < 365) failed |= 2;
        if (!e.CoreIpForMainProducts) failed |= 4;
        if (!e.TechFieldSupported) failed |= 8;
        if (e.Employees == 0 || e.TechStaff / (decimal)e.Employees < 0.10m) failed |= 16;
        var rd = e.RdExpenseY1 + e.RdExpenseY2 + e.RdExpenseY3;
        var revenue = e.RevenueY1 + e.RevenueY2 + e.RevenueY3;
        var required = e.RevenueY1 <= FiftyMillion ? 0.05m : e.RevenueY1 <= TwoHundredMillion ? 0.04m : 0.03m;
        if (revenue == 0 || rd / revenue < required) failed |= 32;
        var domestic = e.DomesticRdExpenseY1 + e.DomesticRdExpenseY2 + e.DomesticRdExpenseY3;
        if (rd == 0 || domestic / rd < 0.60m) failed |= 64;
        var totalIncome = e.TotalIncomeY1 - e.NonTaxableIncomeY1;
        if (totalIncome <= 0 || e.HighTechIncomeY1 / totalIncome < 0.60m) failed |= 128;
        if (e.InnovationCapabilityScore <= 70) failed |= 256;
        if (e.MajorIncidentLastYear) failed |= 512;
        return failed;
    }

    /// <summary>TechBasedSme 2022 (国科发政〔2017〕115号 with the basic conditions of 国科火字〔2022〕67号): failed criteria and the score.</summary>
    public static int TechBasedSme(EnterpriseProfile e, out decimal score)
    {
        var staffRatio = e.Employees == 0 ? (decimal?)null : e.TechStaff / (decimal)e.Employees;
        var staff = staffRatio switch { >= 0.30m => 20m, >= 0.25m => 16m, >= 0.20m => 12m, >= 0.15m => 8m, >= 0.10m => 4m, _ => 0m };
        var byRevenue = (e.RevenueY1 == 0 ? (decimal?)null : e.RdExpenseY1 / e.RevenueY1) switch { >= 0.06m => 50m, >= 0.05m => 40m, >= 0.04m => 30m, >= 0.03m => 20m, >= 0.02m => 10m, _ => 0m };
        var byCost = (e.CostAndExpenseY1 == 0 ? (decimal?)null : e.RdExpenseY1 / e.CostAndExpenseY1) switch { >= 0.30m => 50m, >= 0.25m => 40m, >= 0.20m => 30m, >= 0.15m => 20m, >= 0.10m => 10m, _ => 0m };
        var ip = e.IpClassI >= 1 ? 30m : e.IpClassII switch { >= 4 => 24m, 3 => 18m, 2 => 12m, 1 => 6m, _ => 0m };
        score = staff + Math.Max(byRevenue, byCost) + ip;

        return TechBasedSmeFailed(e, score, staff);
    }

    /// <summary>TechBasedSme's failed criteria, given its score and the staff points (shared with <see cref="HandWrittenCareful"/>: no ratio in them).</summary>
    internal static int TechBasedSmeFailed(EnterpriseProfile e, decimal score, decimal staff)
    {
        var failed = 0;
        if (!e.ResidentEnterprise) failed |= 1;
        if (!e.AuditedTaxCollection) failed |= 2;
        if (e.Employees > 500) failed |= 4;
        if (e.RevenueY1 > TwoHundredMillion) failed |= 8;
        if (e.TotalAssets > TwoHundredMillion) failed |= 16;
        if (e.RestrictedIndustry) failed |= 32;
        if (e.RdSuperDeductionExcludedIndustry) failed |= 64;
        if (e.MajorIncidentPriorAndCurrentFy) failed |= 128;
        if (e.SeriousFraudOrResearchDishonesty) failed |= 256;
        if (e.AbnormalOperationListed) failed |= 512;
        var direct = e.HighTechCertValid || e.NationalSciAwardTop3Within5y || e.ProvincialRdInstitution || e.LedStandardWithin5y;
        if (!direct && !(score >= 60 && staff > 0)) failed |= 1024;
        return failed;
    }

    /// <summary>SmeSize (工信部联企业〔2011〕300号): the class; eligible (an SME) unless Large.</summary>
    public static SizeClass SmeSize(EnterpriseProfile e)
    {
        int p = e.Employees;
        var r = e.RevenueY1 / 10_000m;
        var a = e.TotalAssets / 10_000m;
        return e.Industry switch
        {
            Industry.Agriculture => Class(r < 20000, r >= 500, r >= 50),
            Industry.Industry => Class(p < 1000 || r < 40000, p >= 300 && r >= 2000, p >= 20 && r >= 300),
            Industry.Construction => Class(r < 80000 || a < 80000, r >= 6000 && a >= 5000, r >= 300 && a >= 300),
            Industry.Wholesale => Class(p < 200 || r < 40000, p >= 20 && r >= 5000, p >= 5 && r >= 1000),
            Industry.Retail => Class(p < 300 || r < 20000, p >= 50 && r >= 500, p >= 10 && r >= 100),
            Industry.Transport => Class(p < 1000 || r < 30000, p >= 300 && r >= 3000, p >= 20 && r >= 200),
            Industry.Warehousing => Class(p < 200 || r < 30000, p >= 100 && r >= 1000, p >= 20 && r >= 100),
            Industry.Postal => Class(p < 1000 || r < 30000, p >= 300 && r >= 2000, p >= 20 && r >= 100),
            Industry.Accommodation or Industry.Catering => Class(p < 300 || r < 10000, p >= 100 && r >= 2000, p >= 10 && r >= 100),
            Industry.InformationTransmission => Class(p < 2000 || r < 100000, p >= 100 && r >= 1000, p >= 10 && r >= 100),
            Industry.SoftwareAndIT => Class(p < 300 || r < 10000, p >= 100 && r >= 1000, p >= 10 && r >= 50),
            Industry.RealEstateDevelopment => Class(r < 200000 || a < 10000, r >= 1000 && a >= 5000, r >= 100 && a >= 2000),
            Industry.PropertyManagement => Class(p < 1000 || r < 5000, p >= 300 && r >= 1000, p >= 100 && r >= 500),
            Industry.LeasingAndBusinessServices => Class(p < 300 || a < 120000, p >= 100 && a >= 8000, p >= 10 && a >= 100),
            _ => Class(p < 300, p >= 100, p >= 10),
        };
    }

    /// <summary>The name a class is reported by (as the compiled rules and RulesEngine write it).</summary>
    public static string Name(SizeClass size) => size switch
    {
        SizeClass.Large => "Large",
        SizeClass.Medium => "Medium",
        SizeClass.Small => "Small",
        _ => "Micro",
    };

    internal static SizeClass Class(bool sme, bool medium, bool small) =>
        !sme ? SizeClass.Large : medium ? SizeClass.Medium : small ? SizeClass.Small : SizeClass.Micro;

    /// <summary>Completed years from <paramref name="from"/> to <paramref name="to"/>, as an age is counted (周岁).</summary>
    private static int FullYears(DateOnly from, DateOnly to)
    {
        var years = to.Year - from.Year;
        return to < from.AddYears(years) ? years - 1 : years;
    }
}

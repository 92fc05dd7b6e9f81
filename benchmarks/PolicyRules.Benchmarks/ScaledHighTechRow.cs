using PolicyRules.Model;

namespace PolicyRules.Benchmarks;

/// <summary>
/// The fields HighTechEnterprise reads, with money as fen (1/100 yuan) in <see cref="long"/> and the
/// innovation score in hundredths: the scaled-integer contender of <see cref="KernelLimitBenchmarks"/>.
/// Three-year sums are formed by the kernel, as the rule file does, not precomputed.
/// </summary>
internal readonly record struct ScaledHighTechRow(
    bool ResidentInMainland,
    int RegistrationDay,
    bool CoreIpForMainProducts,
    bool TechFieldSupported,
    int Employees,
    int TechStaff,
    long RevenueY1,
    long RevenueY2,
    long RevenueY3,
    long RdY1,
    long RdY2,
    long RdY3,
    long DomesticRdY1,
    long DomesticRdY2,
    long DomesticRdY3,
    long TotalIncomeY1,
    long NonTaxableIncomeY1,
    long HighTechIncomeY1,
    long InnovationScoreHundredths,
    bool MajorIncidentLastYear)
{
    private const long FiftyMillionFen = 5_000_000_000L;
    private const long TwoHundredMillionFen = 20_000_000_000L;

    public static ScaledHighTechRow From(EnterpriseProfile e) => new(
        e.ResidentInMainland,
        e.RegistrationDate.DayNumber,
        e.CoreIpForMainProducts,
        e.TechFieldSupported,
        e.Employees,
        e.TechStaff,
        Fen(e.RevenueY1),
        Fen(e.RevenueY2),
        Fen(e.RevenueY3),
        Fen(e.RdExpenseY1),
        Fen(e.RdExpenseY2),
        Fen(e.RdExpenseY3),
        Fen(e.DomesticRdExpenseY1),
        Fen(e.DomesticRdExpenseY2),
        Fen(e.DomesticRdExpenseY3),
        Fen(e.TotalIncomeY1),
        Fen(e.NonTaxableIncomeY1),
        Fen(e.HighTechIncomeY1),
        Fen(e.InnovationCapabilityScore),
        e.MajorIncidentLastYear);

    /// <summary>The failed criteria as bits, in the order of <see cref="HandWritten.HighTech"/>.</summary>
    public int Failed(int asOfDay)
    {
        var failed = 0;
        if (!ResidentInMainland) failed |= 1;
        if (asOfDay - RegistrationDay < 365) failed |= 2;
        if (!CoreIpForMainProducts) failed |= 4;
        if (!TechFieldSupported) failed |= 8;
        if (Employees == 0 || TechStaff * 10L < Employees) failed |= 16;
        var rd = (Int128)RdY1 + RdY2 + RdY3;
        var revenue = (Int128)RevenueY1 + RevenueY2 + RevenueY3;
        var requiredPercent = RevenueY1 <= FiftyMillionFen ? 5 : RevenueY1 <= TwoHundredMillionFen ? 4 : 3;
        if (revenue == 0 || rd * 100 < revenue * requiredPercent) failed |= 32;
        var domestic = (Int128)DomesticRdY1 + DomesticRdY2 + DomesticRdY3;
        if (rd == 0 || domestic * 5 < rd * 3) failed |= 64;
        var totalIncome = (Int128)TotalIncomeY1 - NonTaxableIncomeY1;
        if (totalIncome <= 0 || (Int128)HighTechIncomeY1 * 5 < totalIncome * 3) failed |= 128;
        if (InnovationScoreHundredths <= 7000) failed |= 256;
        if (MajorIncidentLastYear) failed |= 512;
        return failed;
    }

    /// <summary>Yuan to fen; the contract holds money to the fen, so anything finer is a broken sample.</summary>
    private static long Fen(decimal yuan)
    {
        var fen = yuan * 100m;
        return fen == decimal.Truncate(fen)
            ? checked((long)fen)
            : throw new InvalidOperationException($"{yuan} has more than two decimal places.");
    }
}

using PolicyRules.Model;

namespace PolicyRules.Benchmarks;

/// <summary>
/// The composite programmes, given the outcomes of the programmes they use (computed once per
/// enterprise by <see cref="HandWrittenScreener"/>), and the person programme.
/// </summary>
internal static partial class HandWritten
{
    /// <summary>
    /// TechLoanWhitelist: on the whitelist by holding a status; the class names the loan (HighTechLoan first),
    /// or Candidate when it holds none but meets one of the four programmes' criteria.
    /// </summary>
    public static int TechLoanWhitelist(EnterpriseProfile e, bool highTech, bool techBasedSme, bool specializedSme, bool littleGiant, out string loanClass)
    {
        var highTechLoan = e.HighTechCertValid || e.TechBasedSmeRegistered;
        var specializedLoan = e.SpecializedSmeRecognised || e.LittleGiantRecognised;
        var meetsCriteria = highTech || techBasedSme || specializedSme || littleGiant;
        loanClass = highTechLoan ? "HighTechLoan" : specializedLoan ? "SpecializedLoan" : meetsCriteria ? "Candidate" : "None";
        return highTechLoan || specializedLoan ? 0 : 1;
    }

    /// <summary>PayAfterUseLicensee: a medium, small or micro enterprise (SmeSize) not on the abnormal-operation list.</summary>
    public static int PayAfterUseLicensee(EnterpriseProfile e, SizeClass size) =>
        (size == SizeClass.Large ? 1 : 0) | (e.AbnormalOperationListed ? 2 : 0);

    /// <summary>
    /// InnovationIndexTop50 per enterprise: registered at most 5 full years ago and a tech-based SME; the
    /// score is the innovation index (the top-50 selection ranks a population and is not per enterprise).
    /// </summary>
    public static int InnovationIndexTop50(EnterpriseProfile e, DateOnly asOf, bool techBasedSme, out decimal innovationIndex)
    {
        var rdIntensity = e.RevenueY1 == 0 ? 0m : e.RdExpenseY1 / e.RevenueY1;
        var staffRatio = e.Employees == 0 ? 0m : e.TechStaff / (decimal)e.Employees;
        var ipPerEmployee = e.Employees == 0 ? 0m : ((e.IpClassI * 2) + e.IpClassII) / (decimal)e.Employees;
        var revenueGrowth = e.RevenueY2 == 0 ? 0m : (e.RevenueY1 - e.RevenueY2) / e.RevenueY2;

        // The rule divides by the caps (10%, 50%, 50%, 100%); multiplying by the inverses gives the same:
        // below its cap a ratio is under 1 (at most 28 decimals), so ×10 and ×2 are exact, and from the cap on
        // both forms are at least 1 and are capped to 1.
        var rd = 35m * Math.Min(rdIntensity * 10m, 1m);
        var staff = 25m * Math.Min(staffRatio * 2m, 1m);
        var ip = 20m * Math.Min(ipPerEmployee * 2m, 1m);
        var growth = 20m * Math.Min(Math.Max(revenueGrowth, 0m), 1m);
        innovationIndex = Math.Round(rd + staff + ip + growth, 4, MidpointRounding.AwayFromZero);
        return (FullYears(e.RegistrationDate, asOf) <= 5 ? 0 : 1) | (techBasedSme ? 0 : 2);
    }

    /// <summary>YoungTalentLeader (a person programme): at most 45 full years old, holding a leading-talent qualification.</summary>
    public static int YoungTalentLeader(PersonProfile person, DateOnly asOf) =>
        (FullYears(person.BirthDate, asOf) <= 45 ? 0 : 1) | (person.LeadingTalentQualified ? 0 : 2);
}

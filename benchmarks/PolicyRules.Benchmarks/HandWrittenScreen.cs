using System.Globalization;
using nietras.SeparatedValues;
using PolicyRules.Model;

namespace PolicyRules.Benchmarks;

/// <summary>
/// The wall-time limit for <c>policyrules screen</c>: a single-threaded reader, evaluator and writer
/// of the same CSV, written by hand for SmeSize, TechBasedSme and HighTechEnterprise (§1–§3), with no
/// validation beyond what parsing needs. Run: <c>dotnet run -c Release -- handwritten-screen IN.csv OUT.csv</c>.
/// </summary>
internal static class HandWrittenScreen
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    private static decimal D(ReadOnlySpan<char> text) => decimal.Parse(text, NumberStyles.Number, Invariant);

    private static int I(ReadOnlySpan<char> text) => int.Parse(text, NumberStyles.Integer, Invariant);

    private static bool B(ReadOnlySpan<char> text) => text.Equals("true", StringComparison.OrdinalIgnoreCase);

    public static int Run(string input, string output)
    {
        using var reader = Sep.New(',').Reader(o => o with { Unescape = true }).FromFile(input);
        using var writer = Sep.New(',').Writer(o => o with { Escape = true, CultureInfo = Invariant }).ToFile(output);
        var h = reader.Header;
        int Col(string name) => h.IndexOf(name);
        int id = Col("id"), resident = Col("residentInMainland"), registered = Col("registrationDate"), industry = Col("industry"),
            employees = Col("employees"), techStaff = Col("techStaff"), rev1 = Col("revenueY1"), rev2 = Col("revenueY2"), rev3 = Col("revenueY3"),
            income = Col("totalIncomeY1"), highTechIncome = Col("highTechIncomeY1"), assets = Col("totalAssets"), cost = Col("costAndExpenseY1"),
            rd1 = Col("rdExpenseY1"), rd2 = Col("rdExpenseY2"), rd3 = Col("rdExpenseY3"), drd1 = Col("domesticRdExpenseY1"), drd2 = Col("domesticRdExpenseY2"),
            drd3 = Col("domesticRdExpenseY3"), ipI = Col("ipClassI"), ipII = Col("ipClassII"), coreIp = Col("coreIpForMainProducts"),
            field = Col("techFieldSupported"), innovation = Col("innovationCapabilityScore"), incident = Col("majorIncidentLastYear"),
            dishonesty = Col("seriousFraudOrResearchDishonesty"), abnormal = Col("abnormalOperationListed"), restricted = Col("restrictedIndustry"),
            cert = Col("highTechCertValid"), award = Col("nationalSciAwardTop3Within5y"), institution = Col("provincialRdInstitution"), standard = Col("ledStandardWithin5y"),
            nonTaxable = Col("nonTaxableIncomeY1"), residentEnterprise = Col("residentEnterprise"), auditedTax = Col("auditedTaxCollection"),
            excludedIndustry = Col("rdSuperDeductionExcludedIndustry"), incidentPriorAndCurrent = Col("majorIncidentPriorAndCurrentFy");
        var asOf = Samples.AsOf;
        var rows = 0;
        foreach (var row in reader)
        {
            var profile = new EnterpriseProfile
            {
                Id = row[id].ToString(),
                ResidentInMainland = B(row[resident].Span),
                RegistrationDate = DateOnly.ParseExact(row[registered].Span, "yyyy-MM-dd", Invariant),
                Industry = Enum.Parse<Industry>(row[industry].Span),
                Employees = I(row[employees].Span), TechStaff = I(row[techStaff].Span),
                RevenueY1 = D(row[rev1].Span), RevenueY2 = D(row[rev2].Span), RevenueY3 = D(row[rev3].Span),
                TotalIncomeY1 = D(row[income].Span), HighTechIncomeY1 = D(row[highTechIncome].Span), TotalAssets = D(row[assets].Span), CostAndExpenseY1 = D(row[cost].Span),
                RdExpenseY1 = D(row[rd1].Span), RdExpenseY2 = D(row[rd2].Span), RdExpenseY3 = D(row[rd3].Span),
                DomesticRdExpenseY1 = D(row[drd1].Span), DomesticRdExpenseY2 = D(row[drd2].Span), DomesticRdExpenseY3 = D(row[drd3].Span),
                IpClassI = I(row[ipI].Span), IpClassII = I(row[ipII].Span), CoreIpForMainProducts = B(row[coreIp].Span), TechFieldSupported = B(row[field].Span),
                InnovationCapabilityScore = D(row[innovation].Span), MajorIncidentLastYear = B(row[incident].Span), SeriousFraudOrResearchDishonesty = B(row[dishonesty].Span),
                AbnormalOperationListed = B(row[abnormal].Span), RestrictedIndustry = B(row[restricted].Span), HighTechCertValid = B(row[cert].Span),
                NationalSciAwardTop3Within5y = B(row[award].Span), ProvincialRdInstitution = B(row[institution].Span), LedStandardWithin5y = B(row[standard].Span),
                NonTaxableIncomeY1 = D(row[nonTaxable].Span), ResidentEnterprise = B(row[residentEnterprise].Span), AuditedTaxCollection = B(row[auditedTax].Span),
                RdSuperDeductionExcludedIndustry = B(row[excludedIndustry].Span), MajorIncidentPriorAndCurrentFy = B(row[incidentPriorAndCurrent].Span),
            };
            var highTech = HandWritten.HighTech(profile, asOf);
            var techSme = HandWritten.TechBasedSme(profile, out var score) == 0;
            var size = HandWritten.SmeSize(profile);
            using var write = writer.NewRow();
            write["id"].Set(profile.Id);
            write["HighTechEnterprise.eligible"].Set(highTech == 0 ? "true" : "false");
            write["HighTechEnterprise.failed"].Format(highTech);
            write["SmeSize.eligible"].Set(size != SizeClass.Large ? "true" : "false");
            write["SmeSize.classification"].Set(size.ToString());
            write["TechBasedSme.eligible"].Set(techSme ? "true" : "false");
            write["TechBasedSme.score"].Format(score);
            rows++;
        }

        Console.WriteLine($"{rows} rows");
        return 0;
    }
}

using PolicyRules.Evaluation;
using PolicyRules.Model;
using Snapshooter;
using Snapshooter.Xunit;

namespace PolicyRules.Tests.Programmes;

/// <summary>
/// What users read for the composite, population-level and person-level programmes is pinned: the
/// text explanation of one eligible and one not eligible case of each, reviewed in the snapshot diff.
/// </summary>
public sealed class ProgrammeExplanationSnapshotTests
{
    private static readonly PolicyEngine Engine = PolicyEngine.LoadDirectory(TestProfiles.RulesDirectory);

    public static TheoryData<string, string> Cases => new()
    {
        { "TechLoanWhitelist", "eligible" },
        { "TechLoanWhitelist", "not-eligible" },
        { "InnovationIndexTop50", "eligible" },
        { "InnovationIndexTop50", "not-eligible" },
        { "YoungTalentLeader", "eligible" },
        { "YoungTalentLeader", "not-eligible" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Explanation_text_is_pinned(string programme, string kind)
    {
        var result = programme == "YoungTalentLeader"
            ? Engine.Evaluate(programme, Person(kind), TestProfiles.AsOf)
            : Engine.Evaluate(programme, Enterprise(programme, kind), TestProfiles.AsOf);
        Assert.Equal(kind == "eligible", result.Eligible);
        Snapshot.Match(ExplanationText.Render(result), SnapshotNameExtension.Create(programme, kind));
    }

    /// <summary>
    /// TechLoanWhitelist: the baseline holding a high-tech certificate and a specialised-SME recognition is
    /// on the whitelist (HighTechLoan); a 600-staff firm with 8.3% S&amp;T staff, no niche-market record and
    /// no status meets none of the four programmes (None). InnovationIndexTop50: the
    /// baseline registered in 2021 (4 full years) is ranked; the baseline itself (registered 2018) is not.
    /// </summary>
    private static EnterpriseProfile Enterprise(string programme, string kind) => (programme, kind) switch
    {
        ("TechLoanWhitelist", "eligible") => TestProfiles.Baseline() with { HighTechCertValid = true, SpecializedSmeRecognised = true },
        ("TechLoanWhitelist", "not-eligible") => TestProfiles.Baseline() with { Employees = 600, TechStaff = 50, NicheMarketYears = 0 },
        ("InnovationIndexTop50", "eligible") => TestProfiles.Baseline() with { RegistrationDate = new DateOnly(2021, 3, 1) },
        ("InnovationIndexTop50", "not-eligible") => TestProfiles.Baseline(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>YoungTalentLeader: 40 and qualified; 46 on the evaluation date and not qualified.</summary>
    private static PersonProfile Person(string kind) => kind switch
    {
        "eligible" => TestProfiles.Person(),
        "not-eligible" => TestProfiles.Person() with { BirthDate = new DateOnly(1979, 6, 30), LeadingTalentQualified = false },
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}

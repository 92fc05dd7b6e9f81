using System.Text.Json;
using PolicyRules.Cli;
using PolicyRules.Model;
using Snapshooter;
using Snapshooter.Xunit;

namespace PolicyRules.Tests.Evaluation;

/// <summary>
/// What users read is pinned: the full explanation of representative profiles (eligible, near
/// miss, far miss), as text and as JSON, so any change to it is reviewed in the snapshot diff.
/// </summary>
public sealed class ExplanationSnapshotTests
{
    private static readonly PolicyEngine Engine = PolicyEngine.LoadDirectory(TestProfiles.RulesDirectory);

    public static TheoryData<string, string> Cases => new()
    {
        { "HighTechEnterprise", "eligible" },
        { "HighTechEnterprise", "near-miss" },
        { "HighTechEnterprise", "far-miss" },
        { "TechBasedSme", "eligible" },
        { "TechBasedSme", "near-miss" },
        { "TechBasedSme", "far-miss" },
        { "SmeSize", "eligible" },
        { "SmeSize", "near-miss" },
        { "SmeSize", "far-miss" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Explanation_text_is_pinned(string programme, string kind)
    {
        var result = Engine.Evaluate(programme, Profile(kind), TestProfiles.AsOf);
        Snapshot.Match(PolicyRules.Evaluation.ExplanationText.Render(result), SnapshotNameExtension.Create(programme, kind));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Explanation_json_is_pinned(string programme, string kind)
    {
        var result = Engine.Evaluate(programme, Profile(kind), TestProfiles.AsOf);
        Snapshot.Match(JsonSerializer.Serialize(result, EvaluateCommand.Json), SnapshotNameExtension.Create(programme, kind));
    }

    /// <summary>
    /// eligible: passes everything; near miss: one high-tech criterion short (S&amp;T staff 9.5%), which
    /// also zeroes the tech-SME staff points; far miss: a young, large, R&amp;D-free firm with a major incident.
    /// </summary>
    private static EnterpriseProfile Profile(string kind) => kind switch
    {
        "eligible" => TestProfiles.Baseline(),
        "near-miss" => TestProfiles.Baseline() with
        {
            Employees = 200,
            TechStaff = 19,
            IpClassI = 0,
            IpClassII = 2,
            RdExpenseY1 = 1_300_000m,
            DomesticRdExpenseY1 = 1_300_000m,
        },
        "far-miss" => TestProfiles.Baseline() with
        {
            RegistrationDate = new DateOnly(2025, 1, 10),
            Industry = Industry.Wholesale,
            Employees = 1200,
            TechStaff = 12,
            RevenueY1 = 600_000_000m,
            RevenueY2 = 0m,
            RevenueY3 = 0m,
            TotalIncomeY1 = 600_000_000m,
            HighTechIncomeY1 = 0m,
            TotalAssets = 900_000_000m,
            RdExpenseY1 = 0m,
            RdExpenseY2 = 0m,
            RdExpenseY3 = 0m,
            DomesticRdExpenseY1 = 0m,
            DomesticRdExpenseY2 = 0m,
            DomesticRdExpenseY3 = 0m,
            IpClassI = 0,
            IpClassII = 0,
            CoreIpForMainProducts = false,
            InnovationCapabilityScore = 40m,
            MajorIncidentLastYear = true,
        },
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}

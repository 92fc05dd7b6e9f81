using PolicyRules.Model;

namespace PolicyRules.Tests.TestSupport;

/// <summary>
/// The test programme with declared outputs (TestSupport/rules/RdIncreaseSubsidy.json), over bundled
/// Enterprise fields only: eligible when R&amp;D expense Y1 ≥ 5,000,000 and ≥ 110% of Y2;
/// <c>award</c> = 10% of the increase, down to the yuan, floor 0, cap 1,000,000;
/// <c>matchingFund</c> = 5% of the increase, half up to the fen, cap 500,000.
/// </summary>
internal static class OutputProgramme
{
    public const string Name = "RdIncreaseSubsidy";

    public static string RulesDirectory { get; } =
        Path.GetFullPath(Path.Combine(TestProfiles.RulesDirectory, "..", "tests", "PolicyRules.Tests", "TestSupport", "rules"));

    public static string SampleReform { get; } =
        Path.GetFullPath(Path.Combine(TestProfiles.RulesDirectory, "..", "samples", "reforms", "rd-increase-subsidy-cap-raised.reform.json"));

    private static readonly Lazy<PolicyEngine> LazyEngine = new(() => PolicyEngine.LoadDirectory(RulesDirectory));

    public static PolicyEngine Engine => LazyEngine.Value;

    public static EnterpriseProfile With(string id, decimal rdY1, decimal rdY2) => TestProfiles.Baseline() with
    {
        Id = id,
        Name = "企业" + id,
        RdExpenseY1 = rdY1,
        RdExpenseY2 = rdY2,
    };
}

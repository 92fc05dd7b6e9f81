using System.Globalization;
using PolicyRules.Screening;
using PolicyRules.Tests.Programmes;

namespace PolicyRules.Tests.Screening;

/// <summary>What a screening run says about itself: the rule set it used, and a summary a person can read.</summary>
public sealed class ScreeningSummaryTests : IDisposable
{
    private static readonly string Enterprises = Path.Combine(TestProfiles.RulesDirectory, "..", "samples", "enterprises.csv");
    private readonly string _dir = Directory.CreateTempSubdirectory("policyrules-summary-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void ScreeningJob_Run_names_the_rule_set_its_programmes_come_from()
    {
        var engine = PolicyEngine.LoadDirectory(TestProfiles.RulesDirectory);
        var programmes = new[] { "SmeSize", "HighTechEnterprise" }.Select(p => engine.GetProgramme(p, TestProfiles.AsOf)).ToArray();

        var summary = ScreeningJob.Run(Enterprises, Path.Combine(_dir, "out.csv"), programmes, TestProfiles.AsOf);

        Assert.Equal(engine.RuleSetId, summary.RuleSetId);
        Assert.Matches("^[0-9a-f]{12}$", summary.RuleSetId);
    }

    [Fact]
    public void Programmes_from_engines_with_different_rule_sets_name_no_single_rule_set()
    {
        var full = PolicyEngine.LoadDirectory(TestProfiles.RulesDirectory);
        var subset = PolicyEngine.LoadDirectory(RulesSubset.Create(_dir, "SmeSize"));
        Assert.NotEqual(full.RuleSetId, subset.RuleSetId);

        var summary = ScreeningJob.Run(Enterprises, Path.Combine(_dir, "out.csv"),
            [subset.GetProgramme("SmeSize", TestProfiles.AsOf), full.GetProgramme("HighTechEnterprise", TestProfiles.AsOf)], TestProfiles.AsOf);

        Assert.Null(summary.RuleSetId);
        Assert.Contains("rule set (mixed)", summary.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_reads_as_counts_rule_set_and_each_programme_not_as_type_names()
    {
        var engine = PolicyEngine.LoadDirectory(TestProfiles.RulesDirectory);
        var programmes = new[] { "SmeSize", "TechBasedSme", "HighTechEnterprise" }.Select(p => engine.GetProgramme(p, TestProfiles.AsOf)).ToArray();
        var summary = ScreeningJob.Run(Enterprises, Path.Combine(_dir, "out.csv"), programmes, TestProfiles.AsOf);

        var text = summary.ToString();

        Assert.StartsWith(string.Create(CultureInfo.InvariantCulture, $"read {summary.Read} = written {summary.Written} + rejected {summary.Rejected}; rule set {engine.RuleSetId}; "), text, StringComparison.Ordinal);
        foreach (var programme in summary.Programmes)
        {
            var top = programme.TopFailure!.Value;
            var expected = string.Create(CultureInfo.InvariantCulture, $"{programme.Programme} {programme.Version}: {programme.Eligible} eligible, most failed {top.Key} ({top.Value})");
            Assert.Equal(expected, programme.ToString());
            Assert.Contains(expected, text, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("ImmutableArray", text, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", text, StringComparison.Ordinal);
        Assert.DoesNotContain("{", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_programme_nobody_failed_names_no_criterion()
    {
        var summary = new ProgrammeSummary("SmeSize", "2011", 5, [new("Known", 0)]);

        Assert.Equal("SmeSize 2011: 5 eligible", summary.ToString());
        Assert.Equal("read 0 = written 0 + rejected 0; rule set (mixed)", new ScreeningSummary { Read = 0, Written = 0, Rejected = 0, Programmes = [], RejectsPath = "x" }.ToString());
    }
}

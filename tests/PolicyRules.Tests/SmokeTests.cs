namespace PolicyRules.Tests;

public sealed class SmokeTests
{
    [Fact]
    public void Bundled_rules_load_and_evaluate()
    {
        var engine = PolicyEngine.LoadDirectory(TestProfiles.RulesDirectory);
        Assert.Equal(["HighTechEnterprise", "InnovativeSme", "LittleGiant", "SmeSize", "SpecializedSme", "TechBasedSme"], engine.Programmes.ToArray());
        foreach (var programme in engine.Programmes)
        {
            var result = engine.Evaluate(programme, TestProfiles.Baseline(), TestProfiles.AsOf);
            Assert.True(result.Eligible, programme + ": " + string.Join("; ", result.Criteria.Where(c => !c.Passed).Select(c => c.Message.En)));
        }
    }
}

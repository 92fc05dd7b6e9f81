namespace PolicyRules.Tests;

public sealed class SmokeTests
{
    [Fact]
    public void Bundled_rules_load_and_evaluate()
    {
        var engine = PolicyEngine.LoadDirectory(TestProfiles.RulesDirectory);
        // Every rules/<Programme>.json loads as that programme.
        var files = Directory.EnumerateFiles(TestProfiles.RulesDirectory, "*.json")
            .Where(f => !f.EndsWith(".tests.json", StringComparison.Ordinal))
            .Select(Path.GetFileNameWithoutExtension)
            .Order(StringComparer.Ordinal);
        Assert.Equal(files, engine.Programmes.Order(StringComparer.Ordinal));
        foreach (var programme in engine.Programmes)
        {
            var result = engine.Evaluate(programme, TestProfiles.Baseline(), TestProfiles.AsOf);
            // The baseline is built to pass these three; the others only have to evaluate.
            if (programme is "HighTechEnterprise" or "SmeSize" or "TechBasedSme")
            {
                Assert.True(result.Eligible, programme + ": " + string.Join("; ", result.Criteria.Where(c => !c.Passed).Select(c => c.Message.En)));
            }
        }
    }
}

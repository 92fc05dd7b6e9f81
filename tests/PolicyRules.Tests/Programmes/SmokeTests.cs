using PolicyRules.Rules;

namespace PolicyRules.Tests.Programmes;

public sealed class SmokeTests
{
    /// <summary>Every programme of shared/spec/programmes.md §1–§14.</summary>
    private static readonly string[] Catalogue =
    [
        "AboveScale", "Gazelle", "GreenFactory", "HighTechEnterprise", "InnovationIndexTop50", "InnovativeSme", "LittleGiant",
        "ManufacturingChampion", "PayAfterUseLicensee", "SmeSize", "SpecializedSme", "TechBasedSme", "TechLoanWhitelist", "Unicorn",
        "YoungTalentLeader",
    ];

    /// <summary>
    /// The programmes the baseline enterprise (or person) is built to pass. Not TechLoanWhitelist: the
    /// baseline holds no status (certificate, registration, recognition), so it is only a Candidate.
    /// </summary>
    private static readonly string[] BaselinePasses =
        ["HighTechEnterprise", "InnovativeSme", "LittleGiant", "PayAfterUseLicensee", "SmeSize", "SpecializedSme", "TechBasedSme", "YoungTalentLeader"];

    [Fact]
    public void Bundled_rules_are_the_whole_catalogue_and_evaluate()
    {
        var engine = PolicyEngine.LoadDirectory(TestProfiles.RulesDirectory);
        Assert.Equal(Catalogue, engine.Programmes.ToArray());
        foreach (var programme in engine.Programmes)
        {
            var result = engine.GetVersions(programme)[0].Input == "Person"
                ? engine.Evaluate(programme, TestProfiles.Person(), TestProfiles.AsOf)
                : engine.Evaluate(programme, TestProfiles.Baseline(), TestProfiles.AsOf);
            Assert.Equal(programme, result.Programme);
            Assert.NotEmpty(result.Criteria);
            if (BaselinePasses.Contains(programme))
            {
                Assert.True(result.Eligible, programme + ": " + string.Join("; ", result.Criteria.Where(c => !c.Passed).Select(c => c.Message.En)));
            }
        }
    }

    [Fact]
    public void Every_rule_file_is_named_after_its_programme()
    {
        // <Programme>.json for a programme with one version, <Programme>.<Version>.json for each of several.
        var engine = PolicyEngine.LoadDirectory(TestProfiles.RulesDirectory);
        var expected = engine.Programmes.SelectMany(name => engine.GetVersions(name) is { Length: 1 } one
                ? [(File: name + ".json", one[0].Definition.SourcePath)]
                : engine.GetVersions(name).Select(v => (File: $"{name}.{v.Definition.Version}.json", v.Definition.SourcePath)))
            .ToList();
        Assert.All(expected, e => Assert.Equal(e.File, Path.GetFileName(e.SourcePath)));
        Assert.Equal(
            expected.Select(e => e.File).Order(StringComparer.Ordinal),
            PolicyEngine.RuleFiles(TestProfiles.RulesDirectory).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }
}

using PolicyRules.Compilation;
using PolicyRules.Input;
using PolicyRules.Model;
using PolicyRules.Screening;
using PolicyRules.Targets;

namespace PolicyRules.Tests.Targets;

/// <summary>
/// Issue 20: a screening run measured against plan targets — counts, gaps, candidates and the
/// aggregate growth checked against numbers worked out by hand from small populations.
/// </summary>
public sealed class TargetMeasureTests : IDisposable
{
    private static readonly Lazy<PolicyEngine> Engine = new(() =>
        PolicyEngine.TryLoad(new[] { "HighTechEnterprise.json", "AboveScale.json" }.Select(f => Path.Combine(TestProfiles.RulesDirectory, f)), new List<PolicyRules.Rules.RuleDiagnostic>(), out var engine)
            ? engine : throw new InvalidOperationException("rules"));

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("targets-");

    public void Dispose() => _folder.Delete(recursive: true);

    private const string Targets = """
        {
          "Plan": "测试规划",
          "PlanTitle": "测试规划（2023–2025）",
          "Targets": [
            { "Name": "HighTech", "TitleZh": "高企达5家", "TitleEn": "5 high-tech enterprises", "Citation": { "Article": "一" }, "Year": 2025, "Value": 5,
              "Metric": { "Kind": "HoldingStatus", "Status": { "AnyOf": ["highTechCertValid"] }, "Criteria": ["HighTechEnterprise"] } },
            { "Name": "Growth", "TitleZh": "研发增长10%以上", "TitleEn": "R&D growth of 10% or more", "Citation": { "Article": "二" }, "Year": 2025, "Value": 0.10,
              "Metric": { "Kind": "AggregateGrowth", "Population": ["AboveScale"], "Current": "rdExpenseY1", "Previous": "rdExpenseY2" } },
            { "Name": "Eligible", "TitleZh": "符合高企条件3家", "TitleEn": "3 meeting the high-tech criteria", "Citation": { "Article": "三" }, "Year": 2025, "Value": 3,
              "Metric": { "Kind": "MeetingCriteria", "Criteria": ["HighTechEnterprise"] } }
          ]
        }
        """;

    private TargetSet ReadTargets(string json = Targets)
    {
        var path = Path.Combine(_folder.FullName, "plan.targets.json");
        File.WriteAllText(path, json);
        return TargetFileReader.Read(path, Engine.Value);
    }

    private ScreeningSummary Screen(IEnumerable<EnterpriseProfile> profiles, TargetOptions? options = null)
    {
        var input = Path.Combine(_folder.FullName, "in.csv");
        ProfileCsvWriter.Write(input, profiles);
        CompiledProgramme[] programmes = [Engine.Value.GetProgramme("HighTechEnterprise", TestProfiles.AsOf), Engine.Value.GetProgramme("AboveScale", TestProfiles.AsOf)];
        return ScreeningJob.Run(input, Path.Combine(_folder.FullName, "out.csv"), programmes, TestProfiles.AsOf,
            options: new ScreeningOptions { Targets = ReadTargets(), TargetOptions = options ?? new TargetOptions() });
    }

    private static EnterpriseProfile Profile(string id) => TestProfiles.Baseline() with { Id = id, Name = "青岛测试企业" + id };

    [Fact]
    public void Holders_candidates_and_near_misses_are_counted_as_worked_out_by_hand()
    {
        var summary = Screen(
        [
            Profile("H1") with { HighTechCertValid = true },
            Profile("H2") with { HighTechCertValid = true, TechStaff = 0 },   // holds it; its criteria do not matter
            Profile("C1"),                                                   // meets the criteria, no certificate
            Profile("N1") with { TechStaff = 9 },                            // fails TechStaffRatio only (9%)
            Profile("N2") with { TechStaff = 9, InnovationCapabilityScore = 70m }, // fails two
            Profile("F1") with { TechStaff = 0, InnovationCapabilityScore = 50m, CoreIpForMainProducts = false }, // fails three: too far
        ]);

        var result = summary.Targets.Single(t => t.Target.Name == "HighTech");
        Assert.Equal(2m, result.Now);
        Assert.Equal(3m, result.Gap);
        Assert.False(result.Met);
        Assert.Equal(1, result.Candidates);
        Assert.Equal(2, result.NearMisses);
        Assert.Equal(3, result.Needed);
        Assert.Equal(["C1", "N1", "N2"], result.TopCandidates.Select(c => c.Id));
        Assert.True(result.TopCandidates[0].MeetsCriteria);
        Assert.Equal(["TechStaffRatio"], result.TopCandidates[1].NearMiss!.Gaps.Select(g => g.Criterion));
        Assert.Equal(2, result.TopCandidates[2].NearMiss!.Gaps.Length);

        var eligible = summary.Targets.Single(t => t.Target.Name == "Eligible");
        Assert.Equal(2m, eligible.Now); // H1 and C1 meet the criteria; H2 does not (no S&T staff)
        Assert.Equal(1m, eligible.Gap);
    }

    [Fact]
    public void Needed_is_the_gap_when_candidates_suffice_and_all_of_them_when_not()
    {
        var fewCandidates = Screen([Profile("C1"), Profile("C2")]);
        var result = fewCandidates.Targets.Single(t => t.Target.Name == "HighTech");
        Assert.Equal(5m, result.Gap);
        Assert.Equal(2, result.Needed);

        var many = Screen(Enumerable.Range(0, 7).Select(i => Profile($"C{i}")).Append(Profile("H") with { HighTechCertValid = true }));
        result = many.Targets.Single(t => t.Target.Name == "HighTech");
        Assert.Equal(4m, result.Gap);
        Assert.Equal(7, result.Candidates);
        Assert.Equal(4, result.Needed);
    }

    [Fact]
    public void Candidate_lists_keep_the_first_n_and_count_the_rest()
    {
        var summary = Screen(Enumerable.Range(0, 5).Select(i => Profile($"C{i}")).Concat(Enumerable.Range(0, 4).Select(i => Profile($"N{i}") with { TechStaff = 9 })),
            new TargetOptions { Top = 3 });
        var result = summary.Targets.Single(t => t.Target.Name == "HighTech");
        Assert.Equal(5, result.Candidates);
        Assert.Equal(4, result.NearMisses);
        Assert.Equal(["C0", "C1", "C2", "N0", "N1", "N2"], result.TopCandidates.Select(c => c.Id));
    }

    [Fact]
    public void Met_at_the_target_exactly_not_one_below()
    {
        var holders = Enumerable.Range(0, 5).Select(i => Profile($"H{i}") with { HighTechCertValid = true }).ToList();
        Assert.True(Screen(holders).Targets.Single(t => t.Target.Name == "HighTech").Met);
        var four = Screen(holders.Take(4)).Targets.Single(t => t.Target.Name == "HighTech");
        Assert.False(four.Met);
        Assert.Equal(1m, four.Gap);
        var six = Screen(holders.Append(Profile("H5") with { HighTechCertValid = true })).Targets.Single(t => t.Target.Name == "HighTech");
        Assert.True(six.Met);
        Assert.Equal(0m, six.Gap);
    }

    // Three above-scale firms (industry, main-business revenue ≥ ¥20M) and one below scale whose R&D must not count.
    private ScreeningSummary ScreenGrowth(decimal lastFirmY1) => Screen(
    [
        Profile("A") with { RdExpenseY1 = 1_100_000m, RdExpenseY2 = 1_000_000m },
        Profile("B") with { RdExpenseY1 = 900_000m, RdExpenseY2 = 1_000_000m },
        Profile("C") with { RdExpenseY1 = lastFirmY1, RdExpenseY2 = 1_000_000m },
        Profile("Small") with { MainBusinessRevenueY1 = 19_999_999.99m, RdExpenseY1 = 0m, RdExpenseY2 = 50_000_000m },
    ]);

    [Theory]
    [InlineData("1300000", true, "0")]        // Σ 3,300,000 = 1.1 × 3,000,000 exactly: met (以上 includes the number)
    [InlineData("1299999.99", false, "0.01")] // one fen below
    [InlineData("1300000.01", true, "0")]     // one fen above
    public void Aggregate_growth_is_compared_exactly_at_the_target(string lastFirmY1, bool met, string shortfall)
    {
        var result = ScreenGrowth(decimal.Parse(lastFirmY1, System.Globalization.CultureInfo.InvariantCulture)).Targets.Single(t => t.Target.Name == "Growth");
        Assert.Equal(3, result.Population);
        Assert.Equal(3_000_000m, result.PreviousTotal);
        Assert.Equal(met, result.Met);
        Assert.Equal(decimal.Parse(shortfall, System.Globalization.CultureInfo.InvariantCulture), result.Shortfall);
    }

    [Fact]
    public void Laggards_are_the_firms_below_the_target_largest_shortfall_first()
    {
        var result = ScreenGrowth(1_050_000m).Targets.Single(t => t.Target.Name == "Growth");
        Assert.Equal(3_050_000m, result.CurrentTotal);
        Assert.Equal(3_050_000m / 3_000_000m - 1m, result.Now);
        Assert.Equal(2, result.LaggardCount);
        Assert.Equal(["B", "C"], result.Laggards.Select(l => l.Id));
        Assert.Equal([200_000m, 50_000m], result.Laggards.Select(l => l.Shortfall));
        Assert.Equal(250_000m, result.Shortfall);
    }

    [Fact]
    public void Growth_over_a_zero_base_is_not_measured_and_says_why()
    {
        var summary = Screen([Profile("Z") with { RdExpenseY1 = 10m, RdExpenseY2 = 0m }]);
        var result = summary.Targets.Single(t => t.Target.Name == "Growth");
        Assert.Null(result.Now);
        Assert.False(result.Met);
        Assert.Contains("0", result.NotMeasured!.En, StringComparison.Ordinal);
        Assert.Contains("增长率无定义", result.NotMeasured.Zh, StringComparison.Ordinal);
    }

    [Fact]
    public void A_target_programme_left_out_of_the_run_is_not_measured_rather_than_counted_as_zero()
    {
        var input = Path.Combine(_folder.FullName, "in.csv");
        ProfileCsvWriter.Write(input, [Profile("C1")]);
        var summary = ScreeningJob.Run(input, Path.Combine(_folder.FullName, "out.csv"), [Engine.Value.GetProgramme("AboveScale", TestProfiles.AsOf)], TestProfiles.AsOf,
            options: new ScreeningOptions { Targets = ReadTargets() });
        var eligible = summary.Targets.Single(t => t.Target.Name == "Eligible");
        Assert.Null(eligible.Now);
        Assert.Contains("HighTechEnterprise", eligible.NotMeasured!.En, StringComparison.Ordinal);
    }
}

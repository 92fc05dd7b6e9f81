using System.Text.Json;
using Json.Schema;
using nietras.SeparatedValues;
using PolicyRules.Input;
using PolicyRules.Model;
using PolicyRules.Rules;
using PolicyRules.Simulation;

namespace PolicyRules.Tests.Simulation;

/// <summary>
/// Issue 21: a reform against the baseline over one population — gainers and losers worked out by
/// hand at the changed threshold, each explained; the reform file checked at line and column.
/// </summary>
public sealed class SimulationTests : IDisposable
{
    private static readonly Lazy<PolicyEngine> Engine = new(() => PolicyEngine.LoadDirectory(TestProfiles.RulesDirectory));

    private static string SampleReform => Path.Combine(TestProfiles.RulesDirectory, "..", "samples", "reforms", "high-tech-rd-share-minus-one-point.reform.json");

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("simulation-");

    public void Dispose() => _folder.Delete(recursive: true);

    private string P(string name) => Path.Combine(_folder.FullName, name);

    // Revenue 30M + 25M + 20M = 75M over three years, Y1 ≤ 5000万: the baseline needs 5%, the reform 4%.
    private static EnterpriseProfile WithRd(string id, decimal rdTotal) => TestProfiles.Baseline() with
    {
        Id = id,
        Name = "企业" + id,
        RdExpenseY1 = rdTotal - 2_000_000m,
        RdExpenseY2 = 1_000_000m,
        RdExpenseY3 = 1_000_000m,
        DomesticRdExpenseY1 = rdTotal - 2_000_000m,
        DomesticRdExpenseY2 = 1_000_000m,
        DomesticRdExpenseY3 = 1_000_000m,
    };

    private (SimulationSummary Summary, string Output) Simulate(string reformPath, IEnumerable<EnterpriseProfile> population)
    {
        ProfileCsvWriter.Write(P("in.csv"), population);
        var reform = ReformFileReader.Read(reformPath, Engine.Value);
        var diagnostics = new List<RuleDiagnostic>();
        Assert.True(reform.Apply(Engine.Value, diagnostics, out var reformed), string.Join("\n", diagnostics));
        var summary = PolicySimulation.Run(reform, Engine.Value, reformed, PolicySimulation.AffectedProgrammes(reform, Engine.Value, TestProfiles.AsOf),
            P("in.csv"), P("diff.csv"), TestProfiles.AsOf);
        return (summary, P("diff.csv"));
    }

    [Fact]
    public void Lowering_the_rd_share_by_one_point_gains_exactly_the_firms_between_four_and_five_percent()
    {
        var (summary, output) = Simulate(SampleReform,
        [
            WithRd("AT5", 3_750_000m),        // 5% exactly: eligible before and after
            WithRd("AT4", 3_000_000m),        // 4% exactly: gains (以上 includes the number)
            WithRd("BELOW4", 2_999_999.99m),  // one fen below 4%: fails both
            WithRd("MID", 3_500_000m),        // 4.67%: gains
            WithRd("BELOW5", 3_749_999.99m),  // one fen below 5%: gains
        ]);

        Assert.Equal(5, summary.Read);
        Assert.Equal(5, summary.Compared);
        var hte = summary.Programmes.Single(p => p.Programme == "HighTechEnterprise");
        Assert.Equal(1, hte.EligibleBefore);
        Assert.Equal(4, hte.EligibleAfter);
        Assert.Equal(3, hte.Gainers);
        Assert.Equal(0, hte.Losers);
        Assert.Equal(["AT4", "MID", "BELOW5"], hte.FirstChanges.Select(c => c.Id));
        Assert.All(hte.FirstChanges, c => Assert.Equal(["RdIntensity"], c.Criteria.ToArray()));
        var shift = hte.Criteria.First();
        Assert.Equal("RdIntensity", shift.Criterion);
        Assert.Equal(3, shift.MorePassing);

        var explanation = hte.FirstChanges[0].Explanation;
        Assert.Contains("不符合 → 符合", explanation.Zh, StringComparison.Ordinal);
        Assert.Contains("5%", explanation.Zh, StringComparison.Ordinal);
        Assert.Contains("4%", explanation.Zh, StringComparison.Ordinal);
        Assert.Contains("not met → met", explanation.En, StringComparison.Ordinal);

        using var reader = Sep.Reader().FromFile(output);
        var rows = reader.Enumerate(r => (r["id"].ToString(), r["programme"].ToString(), r["change"].ToString())).ToList();
        Assert.Equal([("AT4", "HighTechEnterprise", "gained"), ("MID", "HighTechEnterprise", "gained"), ("BELOW5", "HighTechEnterprise", "gained")], rows);
    }

    private string Reform(string changes)
    {
        var path = P("test.reform.json");
        File.WriteAllText(path, $$"""
            { "Name": "T", "TitleZh": "测试", "TitleEn": "Test", "RationaleZh": "测试", "RationaleEn": "Test",
              "Changes": [ {{changes}} ] }
            """);
        return path;
    }

    [Fact]
    public void A_tightened_criterion_makes_losers_and_a_dropped_one_makes_gainers()
    {
        var path = Reform("""
            { "Programme": "HighTechEnterprise", "Criterion": "TechStaffRatio", "Expression": "techStaffRatio >= 0.31" },
            { "Programme": "HighTechEnterprise", "Criterion": "InnovationCapability", "Disable": true }
            """);
        var baseline = TestProfiles.Baseline(); // 30 of 100 staff, innovation score 78: eligible before
        var (summary, _) = Simulate(path,
        [
            baseline with { Id = "LOSES" },                                      // 30% < 31%: loses
            baseline with { Id = "KEEPS", TechStaff = 31 },                        // 31%: keeps
            baseline with { Id = "GAINS", TechStaff = 31, InnovationCapabilityScore = 70m }, // 70 failed "> 70"; the criterion is dropped
        ]);

        var hte = summary.Programmes.Single(p => p.Programme == "HighTechEnterprise");
        Assert.Equal(2, hte.EligibleBefore);
        Assert.Equal(2, hte.EligibleAfter);
        Assert.Equal(1, hte.Gainers);
        Assert.Equal(1, hte.Losers);
        var loser = hte.FirstChanges.Single(c => !c.Gained);
        Assert.Equal("LOSES", loser.Id);
        Assert.Equal(["TechStaffRatio"], loser.Criteria.ToArray());
        var gainer = hte.FirstChanges.Single(c => c.Gained);
        Assert.Equal("GAINS", gainer.Id);
        Assert.Contains("criterion dropped", gainer.Explanation.En, StringComparison.Ordinal);
        Assert.Contains("条件已取消", gainer.Explanation.Zh, StringComparison.Ordinal);
        Assert.Null(hte.Criteria.Single(c => c.Criterion == "InnovationCapability").FailedAfter);
    }

    [Fact]
    public void Every_row_is_accounted_for_and_an_unreadable_row_is_a_reject()
    {
        ProfileCsvWriter.Write(P("in.csv"), [WithRd("A", 3_000_000m), WithRd("B", 3_000_000m)]);
        var lines = File.ReadAllLines(P("in.csv"));
        var header = lines[0].Split(',');
        var cells = lines[2].Split(',');
        cells[Array.IndexOf(header, "rdExpenseY1")] = "lots";
        lines[2] = string.Join(',', cells);
        File.WriteAllLines(P("in.csv"), lines);
        var reform = ReformFileReader.Read(SampleReform, Engine.Value);
        Assert.True(reform.Apply(Engine.Value, [], out var reformed));
        var summary = PolicySimulation.Run(reform, Engine.Value, reformed, ["HighTechEnterprise"], P("in.csv"), P("diff.csv"), TestProfiles.AsOf);
        Assert.Equal(2, summary.Read);
        Assert.Equal(1, summary.Compared);
        Assert.Equal(1, summary.Rejected);
        var rejects = File.ReadAllLines(summary.RejectsPath!);
        Assert.Equal(2, rejects.Length);
        Assert.Contains("rdExpenseY1", rejects[1], StringComparison.Ordinal);
    }

    [Fact]
    public void A_later_row_with_an_earlier_rows_id_is_a_reject_and_not_compared_twice()
    {
        ProfileCsvWriter.Write(P("in.csv"), [WithRd("A", 3_000_000m), WithRd("B", 3_000_000m), WithRd("A", 2_500_000m)]);
        var reform = ReformFileReader.Read(SampleReform, Engine.Value);
        Assert.True(reform.Apply(Engine.Value, [], out var reformed));
        var summary = PolicySimulation.Run(reform, Engine.Value, reformed, ["HighTechEnterprise"], P("in.csv"), P("diff.csv"), TestProfiles.AsOf);
        Assert.Equal((3L, 2L, 1L), (summary.Read, summary.Compared, summary.Rejected));
        var rejects = File.ReadAllLines(summary.RejectsPath!);
        Assert.Equal($"3,4,A,id,\"{RecordSchema.DuplicateIdReason(1)}\"", rejects[1]);
    }

    public static TheoryData<string, string, string> Mistakes() => new()
    {
        { "{ \"Programme\": \"HighTechEnterprize\", \"Parameter\": \"rdIntensityRequired\", \"Expression\": \"0.04m\" }", DiagnosticIds.UnknownProgrammeReference, "did you mean \"HighTechEnterprise\"" },
        { "{ \"Programme\": \"HighTechEnterprise\", \"Parameter\": \"rdIntensityRequred\", \"Expression\": \"0.04m\" }", DiagnosticIds.UnknownParameter, "did you mean \"rdIntensityRequired\"" },
        { "{ \"Programme\": \"HighTechEnterprise\", \"Criterion\": \"TechStafRatio\", \"Disable\": true }", DiagnosticIds.UnknownMember, "did you mean \"TechStaffRatio\"" },
        { "{ \"Programme\": \"HighTechEnterprise\", \"Parameter\": \"rdIntensityRequired\", \"Disable\": true }", DiagnosticIds.SchemaViolation, "gives the new \"Expression\"" },
        { "{ \"Programme\": \"HighTechEnterprise\", \"Criterion\": \"TechStaffRatio\" }", DiagnosticIds.SchemaViolation, "either a new \"Expression\" or \"Disable\"" },
        { "{ \"Programme\": \"HighTechEnterprise\", \"Parameter\": \"rdIntensityRequired\", \"Expresion\": \"0.04m\" }", DiagnosticIds.SchemaViolation, "did you mean \"Expression\"" },
    };

    [Theory]
    [MemberData(nameof(Mistakes))]
    public void A_mistake_in_a_reform_file_is_reported_at_its_line_and_column(string change, string id, string words)
    {
        var path = Reform(change);
        var error = Assert.Throws<RuleLoadException>(() => ReformFileReader.Read(path, Engine.Value));
        var diagnostic = Assert.Single(error.Diagnostics);
        Assert.Equal(id, diagnostic.Id);
        Assert.Contains(words, diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal(path, diagnostic.Location.Path);
        Assert.Equal(2, diagnostic.Location.Line);

        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var schema = JsonSchema.FromText(File.ReadAllText(Path.Combine(TestProfiles.RulesDirectory, "policyrules-reform.schema.json")), new BuildOptions { SchemaRegistry = new SchemaRegistry() });
        if (id == DiagnosticIds.SchemaViolation)
        {
            Assert.False(schema.Evaluate(document.RootElement).IsValid);
        }
    }

    [Fact]
    public void A_new_expression_that_does_not_check_is_reported_in_the_reform_file()
    {
        var path = Reform("""{ "Programme": "HighTechEnterprise", "Criterion": "TechStaffRatio", "Expression": "techStaffRatio >= enterprise.TechStaf" }""");
        var reform = ReformFileReader.Read(path, Engine.Value);
        var diagnostics = new List<RuleDiagnostic>();
        Assert.False(reform.Apply(Engine.Value, diagnostics, out _));
        var error = diagnostics.First(d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal(DiagnosticIds.UnknownMember, error.Id);
        Assert.Equal(path, error.Location.Path);
        Assert.Equal(2, error.Location.Line);
        Assert.Contains("TechStaff", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_sample_reform_is_valid_against_its_schema()
    {
        var schema = JsonSchema.FromText(File.ReadAllText(Path.Combine(TestProfiles.RulesDirectory, "policyrules-reform.schema.json")), new BuildOptions { SchemaRegistry = new SchemaRegistry() });
        using var document = JsonDocument.Parse(File.ReadAllText(SampleReform));
        Assert.True(schema.Evaluate(document.RootElement).IsValid);
        using var meta = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestProfiles.RulesDirectory, "policyrules-reform.schema.json")));
        Assert.True(MetaSchemas.Draft202012.Evaluate(meta.RootElement).IsValid);
    }

    [Fact]
    public void Simulate_on_the_command_line_prints_before_after_and_writes_the_report()
    {
        var sample = Path.Combine(TestProfiles.RulesDirectory, "..", "samples", "enterprises.csv");
        var (exit, stdout, stderr) = Cli.Cli.Run("simulate", "--reform", SampleReform, "--input", sample, "--as-of", "2025-06-30", "--output", P("diff.csv"), "--report", P("sim.html"));
        Assert.True(exit == 0, stderr);
        Assert.Contains("HighTechRdShareMinusOnePoint", stdout, StringComparison.Ordinal);
        Assert.Contains("HighTechEnterprise 2016", stdout, StringComparison.Ordinal);
        using var reader = Sep.Reader().FromFile(P("diff.csv"));
        var gained = reader.Enumerate(r => r["change"].ToString()).Count(c => c == "gained");
        var html = File.ReadAllText(P("sim.html"));
        Assert.Contains($"data-gainers=\"{gained}\"", html, StringComparison.Ordinal);
        Assert.Contains("id=\"before-after\"", html, StringComparison.Ordinal);
    }
}

using System.Text.Json;
using Json.Schema;
using nietras.SeparatedValues;
using PolicyRules.Input;
using PolicyRules.Model;
using PolicyRules.Rules;
using PolicyRules.Simulation;

namespace PolicyRules.Tests.Simulation;

/// <summary>
/// Issue 21's budget: a reform that changes a declared output's cap (or the criteria) reports each
/// output's exact total before and after, worked out by hand; gainers and losers carry their amounts.
/// </summary>
public sealed class OutputSimulationTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("outputs-simulation-");

    public void Dispose() => _folder.Delete(recursive: true);

    private string P(string name) => Path.Combine(_folder.FullName, name);

    // Increases: A 10,000,010 (award capped at 1,000,000; 1,000,001 under a 1,500,000 cap), B 9,999,990 (999,999 either way),
    // C ineligible (Y1 below 5,000,000; 3,999,999.99 → 399,999 once the threshold is 4,000,000), E 20,000,000 (cap either way),
    // F ineligible under both (Y1 3,999,999).
    private static readonly EnterpriseProfile[] Population =
    [
        OutputProgramme.With("A", 20_000_010m, 10_000_000m),
        OutputProgramme.With("B", 19_999_990m, 10_000_000m),
        OutputProgramme.With("C", 4_999_999.99m, 1_000_000m),
        OutputProgramme.With("E", 30_000_000m, 10_000_000m),
        OutputProgramme.With("F", 3_999_999m, 1_000_000m),
    ];

    private string Reform(string changes)
    {
        var path = P("r.reform.json");
        File.WriteAllText(path, $$"""
            { "Name": "R", "TitleZh": "改革", "TitleEn": "Reform", "RationaleZh": "测试", "RationaleEn": "Test", "Changes": [
              {{changes}}
            ] }
            """);
        return path;
    }

    private SimulationSummary Simulate(string reformPath)
    {
        ProfileCsvWriter.Write(P("in.csv"), Population);
        var engine = OutputProgramme.Engine;
        var reform = ReformFileReader.Read(reformPath, engine);
        var diagnostics = new List<RuleDiagnostic>();
        Assert.True(reform.Apply(engine, diagnostics, out var reformed), string.Join("\n", diagnostics));
        return PolicySimulation.Run(reform, engine, reformed, PolicySimulation.AffectedProgrammes(reform, engine, TestProfiles.AsOf), P("in.csv"), P("diff.csv"), TestProfiles.AsOf);
    }

    [Fact]
    public void Raising_the_cap_costs_exactly_what_the_capped_records_were_denied()
    {
        var summary = Simulate(Reform("""{ "Programme": "RdIncreaseSubsidy", "Output": "award", "Cap": 1500000 }"""));
        var programme = Assert.Single(summary.Programmes);
        Assert.Equal((3L, 3L, 0L, 0L), (programme.EligibleBefore, programme.EligibleAfter, programme.Gainers, programme.Losers));
        var award = programme.Outputs.Single(o => o.Output == "award");
        // before 1,000,000 + 999,999 + 1,000,000; after 1,000,001 + 999,999 + 1,500,000.
        Assert.Equal(2_999_999m, award.Before);
        Assert.Equal(3_500_000m, award.After);
        Assert.Equal(500_001m, award.Difference);
        Assert.Equal((3L, 3L, 2L), (award.CountBefore, award.CountAfter, award.Changed));
        var matching = programme.Outputs.Single(o => o.Output == "matchingFund");
        Assert.Equal(0m, matching.Difference);
        Assert.Equal(0, matching.Changed);
    }

    [Fact]
    public void The_sample_reform_gains_one_enterprise_and_its_award_enters_the_budget()
    {
        var summary = Simulate(OutputProgramme.SampleReform);
        var programme = Assert.Single(summary.Programmes);
        Assert.Equal((1L, 0L), (programme.Gainers, programme.Losers));
        var gainer = Assert.Single(programme.FirstChanges);
        Assert.Equal("C", gainer.Id);
        Assert.Equal([new OutputShift("award", null, 399_999m), new OutputShift("matchingFund", null, 200_000.00m)], gainer.Outputs.ToArray());
        Assert.Contains("award：无 → 399,999 元", gainer.Explanation.Zh, StringComparison.Ordinal);
        Assert.Contains("award: none → ¥399,999", gainer.Explanation.En, StringComparison.Ordinal);

        var award = programme.Outputs.Single(o => o.Output == "award");
        // 2,999,999 before; after 1,000,001 (A) + 999,999 (B) + 399,999 (C, gained) + 1,500,000 (E) = 3,899,999.
        Assert.Equal((2_999_999m, 3_899_999m, 900_000m), (award.Before!.Value, award.After!.Value, award.Difference!.Value));

        using var reader = Sep.Reader().FromFile(P("diff.csv"));
        Assert.Equal(["id", "name", "programme", "change", "criteria", "explanation_zh", "explanation_en",
            "RdIncreaseSubsidy.award.before", "RdIncreaseSubsidy.award.after", "RdIncreaseSubsidy.matchingFund.before", "RdIncreaseSubsidy.matchingFund.after"], reader.Header.ColNames);
        var row = Assert.Single(reader.Enumerate(r => (r["id"].ToString(), r["change"].ToString(), r["RdIncreaseSubsidy.award.before"].ToString(), r["RdIncreaseSubsidy.award.after"].ToString())));
        Assert.Equal(("C", "gained", "", "399999"), row);
    }

    [Fact]
    public void The_command_line_and_the_report_show_the_budget_change()
    {
        ProfileCsvWriter.Write(P("in.csv"), Population);
        var (exit, stdout, stderr) = Cli.Cli.Run("simulate", "--rules", OutputProgramme.RulesDirectory, "--reform", OutputProgramme.SampleReform, "--input", P("in.csv"),
            "--as-of", "2025-06-30", "--output", P("diff.csv"), "--report", P("sim.html"));
        Assert.True(exit == 0, stderr);
        Assert.Contains("RdIncreaseSubsidy.award 合计 total: 2,999,999 元 → 3,899,999 元（变化 change +900,000 元；金额变化 3 条 records changed）", stdout, StringComparison.Ordinal);
        Assert.Contains("RdIncreaseSubsidy.award 上限改为 1500000 / RdIncreaseSubsidy.award: cap becomes 1500000", stdout, StringComparison.Ordinal);
        var html = File.ReadAllText(P("sim.html"));
        Assert.Contains("<tr data-output=\"award\" data-before=\"2999999\" data-after=\"3899999\" data-difference=\"900000\">", html, StringComparison.Ordinal);
        Assert.Contains("+900,000 元 / ¥900,000", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Programmes_without_outputs_keep_their_diff_columns()
    {
        // The bundled sample reform compares HighTechEnterprise, which declares no outputs.
        var engine = PolicyEngine.LoadDirectory(TestProfiles.RulesDirectory);
        var reform = ReformFileReader.Read(Path.Combine(TestProfiles.RulesDirectory, "..", "samples", "reforms", "high-tech-rd-share-minus-one-point.reform.json"), engine);
        Assert.True(reform.Apply(engine, new List<RuleDiagnostic>(), out var reformed));
        ProfileCsvWriter.Write(P("in.csv"), [TestProfiles.Baseline()]);
        var summary = PolicySimulation.Run(reform, engine, reformed, ["HighTechEnterprise"], P("in.csv"), P("diff.csv"), TestProfiles.AsOf);
        Assert.True(Assert.Single(summary.Programmes).Outputs.IsEmpty);
        Assert.Equal("id,name,programme,change,criteria,explanation_zh,explanation_en", File.ReadLines(P("diff.csv")).First());
    }

    public static TheoryData<string, string, string> Mistakes => new()
    {
        { """{ "Programme": "RdIncreaseSubsidy", "Output": "awrd", "Cap": 1500000 }""", DiagnosticIds.UnknownMember, "did you mean \"award\"" },
        { """{ "Programme": "RdIncreaseSubsidy", "Output": "award" }""", DiagnosticIds.SchemaViolation, "Cap" },
        { """{ "Programme": "RdIncreaseSubsidy", "Output": "award", "Disable": true }""", DiagnosticIds.SchemaViolation, "cannot be disabled" },
        { """{ "Programme": "RdIncreaseSubsidy", "Output": "award", "Cap": "150万" }""", DiagnosticIds.SchemaViolation, "must be a number" },
        { """{ "Programme": "RdIncreaseSubsidy", "Output": "award", "Rounding": "down-to-cent" }""", DiagnosticIds.SchemaViolation, "down-to-yuan" },
        { """{ "Programme": "RdIncreaseSubsidy", "Parameter": "awardRate", "Expression": "0.2m", "Cap": 5 }""", DiagnosticIds.SchemaViolation, "name it with \"Output\"" },
        { """{ "Programme": "RdIncreaseSubsidy", "Output": "award", "Criterion": "RdGrowthAtLeastTenPercent", "Cap": 5 }""", DiagnosticIds.SchemaViolation, "one of" },
    };

    [Theory]
    [MemberData(nameof(Mistakes))]
    public void A_mistake_in_an_output_change_is_reported_at_its_line_and_column(string change, string id, string words)
    {
        var path = Reform(change);
        var error = Assert.Throws<RuleLoadException>(() => ReformFileReader.Read(path, OutputProgramme.Engine));
        var diagnostic = Assert.Single(error.Diagnostics);
        Assert.Equal(id, diagnostic.Id);
        Assert.Contains(words, diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal((path, 2), (diagnostic.Location.Path, diagnostic.Location.Line));
        if (id == DiagnosticIds.SchemaViolation)
        {
            var schema = JsonSchema.FromText(File.ReadAllText(Path.Combine(TestProfiles.RulesDirectory, "policyrules-reform.schema.json")), new BuildOptions { SchemaRegistry = new SchemaRegistry() });
            Assert.False(schema.Evaluate(JsonDocument.Parse(File.ReadAllText(path)).RootElement).IsValid, "the schema accepts " + change);
        }
    }

    [Fact]
    public void A_new_cap_off_the_rounding_grid_is_reported_in_the_reform_file()
    {
        var path = Reform("""{ "Programme": "RdIncreaseSubsidy", "Output": "award", "Cap": 1500000.5 }""");
        var reform = ReformFileReader.Read(path, OutputProgramme.Engine);
        var diagnostics = new List<RuleDiagnostic>();
        Assert.False(reform.Apply(OutputProgramme.Engine, diagnostics, out _));
        var error = Assert.Single(diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal(DiagnosticIds.InvalidMetadata, error.Id);
        Assert.Equal((path, 2), (error.Location.Path, error.Location.Line));
        Assert.Contains("1500000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_new_output_expression_that_is_not_a_number_is_reported_in_the_reform_file()
    {
        var path = Reform("""{ "Programme": "RdIncreaseSubsidy", "Output": "award", "Expression": "rdIncrease > 0" }""");
        var diagnostics = new List<RuleDiagnostic>();
        Assert.False(ReformFileReader.Read(path, OutputProgramme.Engine).Apply(OutputProgramme.Engine, diagnostics, out _));
        var error = Assert.Single(diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal((DiagnosticIds.TypeMismatch, path, 2), (error.Id, error.Location.Path, error.Location.Line));
    }
}

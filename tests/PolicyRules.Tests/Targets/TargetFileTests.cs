using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using PolicyRules.Rules;
using PolicyRules.Targets;

namespace PolicyRules.Tests.Targets;

/// <summary>
/// Issue 20: a targets file is checked like a rule file — every mistake at its line and column,
/// with the fix named — and its JSON Schema refuses what the reader refuses.
/// </summary>
public sealed class TargetFileTests : IDisposable
{
    private const string BundledFile = "plan-2023-2025.targets.json";
    private const string SchemaFile = "policyrules-targets.schema.json";

    private static readonly Lazy<PolicyEngine> Engine = new(() => PolicyEngine.LoadDirectory(TestProfiles.RulesDirectory));

    private static readonly JsonSchema Schema = JsonSchema.FromText(
        File.ReadAllText(Path.Combine(TestProfiles.RulesDirectory, SchemaFile)), new BuildOptions { SchemaRegistry = new SchemaRegistry() });

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("targets-file-");

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public void The_bundled_plan_targets_read_and_cite_the_plan()
    {
        var set = TargetFileReader.Read(Path.Combine(TestProfiles.RulesDirectory, BundledFile), Engine.Value);
        Assert.Equal(
            ["HighTechEnterprises", "TechBasedSmes", "QualitySmes", "NewQualitySmesPerYear", "NewGreenFactories", "AboveScaleRdGrowth", "InnovationIndexTop50"],
            set.Targets.Select(t => t.Name));
        Assert.All(set.Targets, t => Assert.Equal("科技强区三年行动方案2023-2025", t.Citation.Document));
        Assert.All(set.Targets, t => Assert.Equal(2025, t.Year));
        var values = set.Targets.ToDictionary(t => t.Name, t => t.Value);
        Assert.Equal(1500m, values["HighTechEnterprises"]);
        Assert.Equal(5000m, values["TechBasedSmes"]);
        Assert.Equal(2000m, values["QualitySmes"]);
        Assert.Equal(200m, values["NewQualitySmesPerYear"]);
        Assert.Equal(5m, values["NewGreenFactories"]);
        Assert.Equal(0.10m, values["AboveScaleRdGrowth"]);
        Assert.Equal(50m, values["InnovationIndexTop50"]);
        Assert.True(set.Targets.Single(t => t.Name == "TechBasedSmes").Approximate); // 5000家左右
    }

    [Fact]
    public void Every_target_title_quotes_a_number_the_plan_text_contains()
    {
        var plan = File.ReadAllText(Path.Combine(TestProfiles.RulesDirectory, "..", "docs", "plan-2023-2025.zh.txt"));
        var set = TargetFileReader.Read(Path.Combine(TestProfiles.RulesDirectory, BundledFile), Engine.Value);
        foreach (var target in set.Targets)
        {
            // The Chinese title is the plan's own wording, or a clause of it.
            Assert.Contains(target.Title.Zh.Replace("到2025年，", "", StringComparison.Ordinal), plan, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_rule_loader_the_analyzer_and_hot_reload_skip_targets_files()
    {
        Assert.False(PolicyEngine.IsRuleFile("rules/" + BundledFile));
        Assert.DoesNotContain(PolicyEngine.RuleFiles(TestProfiles.RulesDirectory), f => f.EndsWith(BundledFile, StringComparison.Ordinal));
        Assert.True(PolicyEngine.IsRuleFile("rules/HighTechEnterprise.json"));
    }

    [Fact]
    public void The_schema_is_valid_and_the_bundled_file_names_it_and_passes()
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestProfiles.RulesDirectory, SchemaFile)));
        Assert.True(MetaSchemas.Draft202012.Evaluate(schema.RootElement, Options()).IsValid);
        var json = File.ReadAllText(Path.Combine(TestProfiles.RulesDirectory, BundledFile));
        Assert.Equal("./" + SchemaFile, (string?)JsonNode.Parse(json)!["$schema"]);
        using var document = JsonDocument.Parse(json);
        Assert.True(Schema.Evaluate(document.RootElement, Options()).IsValid);
    }

    /// <summary>A mistake in a copy of the bundled file: the reader's diagnostic (ID, the text it points at, words of the message), and whether the schema alone can see it.</summary>
    public static TheoryData<string, string, string, string, bool> Mistakes() => new()
    {
        { "\"highTechCertValid\"", "\"highTechCertValdi\"", DiagnosticIds.UnknownMember, "did you mean \"highTechCertValid\"", false },
        { "\"Criteria\": [\"HighTechEnterprise\"]", "\"Criteria\": [\"HighTechEnterprize\"]", DiagnosticIds.UnknownProgrammeReference, "did you mean \"HighTechEnterprise\"", false },
        { "\"Current\": \"rdExpenseY1\"", "\"Current\": \"employees\"", DiagnosticIds.TypeMismatch, "needs an amount of money", false },
        { "\"AnyOf\": [\"highTechCertValid\"]", "\"AnyOf\": [\"revenueY1\"]", DiagnosticIds.TypeMismatch, "needs a yes/no field", false },
        { "\"In\": [\"Provincial\", \"National\"]", "\"In\": [\"Provincal\", \"National\"]", DiagnosticIds.UnknownMember, "did you mean \"Provincial\"", false },
        { "\"Kind\": \"HoldingStatus\"", "\"Kind\": \"HoldingStatuses\"", DiagnosticIds.SchemaViolation, "did you mean \"HoldingStatus\"", true },
        { "\"Year\": 2025,\n      \"Value\": 1500,", "\"Year\": 2025,\n      \"Vaule\": 1500,", DiagnosticIds.SchemaViolation, "did you mean \"Value\"", true },
        { "\"Value\": 1500,", "\"Value\": 1500.5,", DiagnosticIds.SchemaViolation, "whole number", false },
        { "\"Value\": 0.10,", "\"Value\": 10,", DiagnosticIds.SchemaViolation, "0.10 for 10%", false },
        { "\"From\": 2023,", "\"From\": 2026,", DiagnosticIds.SchemaViolation, "after \"To\"", false },
        { "\"Name\": \"TechBasedSmes\"", "\"Name\": \"HighTechEnterprises\"", DiagnosticIds.SchemaViolation, "defined twice", false },
        { "\"Status\": { \"AnyOf\": [\"techBasedSmeRegistered\"] }", "\"Status\": { \"AnyOf\": [\"techBasedSmeRegistered\"], \"Field\": \"greenFactoryLevel\" }", DiagnosticIds.SchemaViolation, "either", true },
        { "\"Population\": [\"AboveScale\"]", "\"Population\": [\"YoungTalentLeader\"]", DiagnosticIds.UnknownProgrammeReference, "person records", false },
        { "\"CaveatEn\": \"Counted as enterprises holding a tech-based SME registration number valid this year.\"", "\"CaveatEm\": \"x\"", DiagnosticIds.SchemaViolation, "did you mean \"CaveatEn\"", true },
    };

    [Theory]
    [MemberData(nameof(Mistakes))]
    public void A_mistake_is_reported_at_its_line_and_column_with_the_fix(string from, string to, string id, string words, bool schemaSeesIt)
    {
        var original = File.ReadAllText(Path.Combine(TestProfiles.RulesDirectory, BundledFile)).ReplaceLineEndings("\n");
        var at = original.IndexOf(from, StringComparison.Ordinal);
        Assert.True(at >= 0, $"'{from}' is not in the bundled file");
        var text = string.Concat(original.AsSpan(0, at), to, original.AsSpan(at + from.Length));
        var path = Path.Combine(_folder.FullName, "plan.targets.json");
        File.WriteAllText(path, text);

        var error = Assert.Throws<RuleLoadException>(() => TargetFileReader.Read(path, Engine.Value));
        var diagnostic = Assert.Single(error.Diagnostics);
        Assert.Equal(id, diagnostic.Id);
        Assert.Contains(words, diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains(" / ", diagnostic.Message, StringComparison.Ordinal); // both languages

        // The location is inside the changed text, on the exact line of the change.
        var changeLine = text[..at].Count(c => c == '\n') + 1;
        Assert.InRange(diagnostic.Location.Line, changeLine, changeLine + to.Count(c => c == '\n'));
        var lines = text.Split('\n');
        var start = lines.Take(diagnostic.Location.Line - 1).Sum(l => l.Length + 1) + diagnostic.Location.Column - 1;
        Assert.InRange(start, at, at + to.Length);

        if (schemaSeesIt)
        {
            using var document = JsonDocument.Parse(text);
            Assert.False(Schema.Evaluate(document.RootElement, Options()).IsValid);
        }
    }

    [Fact]
    public void Invalid_json_names_the_line_and_column()
    {
        var path = Path.Combine(_folder.FullName, "bad.targets.json");
        File.WriteAllText(path, "{\n  \"Plan\": \"x\",\n  \"Targets\": [,]\n}\n");
        var error = Assert.Throws<RuleLoadException>(() => TargetFileReader.Read(path, Engine.Value));
        var diagnostic = Assert.Single(error.Diagnostics);
        Assert.Equal(DiagnosticIds.InvalidJson, diagnostic.Id);
        Assert.Equal(3, diagnostic.Location.Line);
    }

    [Fact]
    public void Every_problem_of_a_file_is_listed_at_once()
    {
        var original = File.ReadAllText(Path.Combine(TestProfiles.RulesDirectory, BundledFile));
        var path = Path.Combine(_folder.FullName, "plan.targets.json");
        File.WriteAllText(path, original.Replace("highTechCertValid", "highTechCert", StringComparison.Ordinal).Replace("\"rdExpenseY2\"", "\"rdExpenseY9\"", StringComparison.Ordinal));
        var error = Assert.Throws<RuleLoadException>(() => TargetFileReader.Read(path, Engine.Value));
        Assert.Equal(2, error.Diagnostics.Count);
        Assert.All(error.Diagnostics, d => Assert.Equal(DiagnosticIds.UnknownMember, d.Id));
    }

    private static EvaluationOptions Options() => new() { OutputFormat = OutputFormat.List, RequireFormatValidation = true };
}

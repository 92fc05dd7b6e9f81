using PolicyRules.RuleTesting;
using PolicyRules.Rules;

namespace PolicyRules.Tests.Records;

/// <summary>Declarations across files as the engine loads them: kinds, extensions, programmes' Input.</summary>
public sealed class RecordKindLoadingTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("policyrules-kinds-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    internal const string Project = """
        {
          "Record": "Project", "Variable": "project", "TitleZh": "项目", "TitleEn": "Project",
          "Fields": [
            { "Name": "id", "Kind": "text", "TitleZh": "编号", "TitleEn": "Identifier" },
            { "Name": "budget", "Kind": "money", "TitleZh": "预算", "TitleEn": "Budget" },
            { "Name": "startDate", "Kind": "date", "TitleZh": "开始日期", "TitleEn": "Start date" }
          ]
        }
        """;

    internal static string Programme(string name, string input, string expression) => $$"""
        {
          "WorkflowName": "{{name}}",
          "PolicyRules": { "Version": "1", "TitleZh": "测试", "TitleEn": "Test", "Status": "provisional", "EffectiveFrom": "2020-01-01", "Input": "{{input}}",
            "Documents": { "D1": "测试文件" } },
          "Rules": [
            { "RuleName": "R1", "Expression": "{{expression}}",
              "Properties": { "TitleZh": "条件", "TitleEn": "Criterion", "Citation": { "Document": "D1", "Article": "第一条" } } }
          ]
        }
        """;

    private List<RuleDiagnostic> Load(out PolicyEngine? engine, params (string Name, string Text)[] files)
    {
        foreach (var (name, text) in files)
        {
            File.WriteAllText(Path.Combine(_dir, name), text);
        }

        var diagnostics = new List<RuleDiagnostic>();
        PolicyEngine.TryLoadDirectory(_dir, diagnostics, out engine);
        return diagnostics;
    }

    [Fact]
    public void A_programme_over_a_declared_kind_reads_its_declared_variable()
    {
        var diagnostics = Load(out var engine, ("Project.record.json", Project), ("Big.json", Programme("Big", "Project", "project.Budget >= 2000000")));

        Assert.DoesNotContain(diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.NotNull(engine);
        Assert.Equal("Project", engine.GetVersions("Big")[0].Schema.Name);
        Assert.Contains("Project", engine.Records.Keys);
    }

    [Fact]
    public void An_unknown_input_kind_is_an_error_at_the_value_with_did_you_mean()
    {
        var text = Programme("Big", "Projct", "project.Budget >= 2000000");
        var diagnostics = Load(out var engine, ("Project.record.json", Project), ("Big.json", text));

        Assert.Null(engine);
        var error = Assert.Single(diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal(DiagnosticIds.InvalidMetadata, error.Id);
        Assert.Contains("did you mean 'Project'?", error.Message, StringComparison.Ordinal);
        var line = text.Split('\n').ToList().FindIndex(l => l.Contains("\"Projct\"", StringComparison.Ordinal)) + 1;
        Assert.Equal(line, error.Location.Line);
    }

    [Fact]
    public void A_misspelt_declared_field_is_PR1006_with_did_you_mean()
    {
        var diagnostics = Load(out var engine, ("Project.record.json", Project), ("Big.json", Programme("Big", "Project", "project.Budgett >= 2000000")));

        Assert.Null(engine);
        var error = Assert.Single(diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal(DiagnosticIds.UnknownMember, error.Id);
        Assert.Contains("did you mean 'Budget'?", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_misspelt_extension_field_is_PR1006_with_did_you_mean()
    {
        var diagnostics = Load(out var engine,
            ("Enterprise.district.record.json", """
                { "Extends": "Enterprise", "Fields": [ { "Name": "registeredInDistrict", "Kind": "bool", "TitleZh": "本区注册", "TitleEn": "Registered in the district" } ] }
                """),
            ("Local.json", Programme("Local", "Enterprise", "enterprise.RegisteredInDistrct")));

        Assert.Null(engine);
        var error = Assert.Single(diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal(DiagnosticIds.UnknownMember, error.Id);
        Assert.Contains("did you mean 'RegisteredInDistrict'?", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_extension_may_not_repeat_a_field_and_the_error_names_both_files()
    {
        var diagnostics = Load(out var engine,
            ("Enterprise.district.record.json", """
                { "Extends": "Enterprise", "Fields": [ { "Name": "rdExpenseY1", "Kind": "money", "TitleZh": "研发", "TitleEn": "R&D" } ] }
                """));

        Assert.Null(engine);
        var error = Assert.Single(diagnostics);
        Assert.Contains("already has a field 'rdExpenseY1'", error.Message, StringComparison.Ordinal);
        Assert.Contains("Enterprise.record.json", error.Message, StringComparison.Ordinal);
        Assert.Contains("Enterprise.district.record.json", error.Message, StringComparison.Ordinal);
        Assert.NotNull(error.RelatedLocation);
    }

    [Fact]
    public void Extending_an_unknown_kind_suggests_the_closest()
    {
        var diagnostics = Load(out _,
            ("X.record.json", """
                { "Extends": "Enterprize", "Fields": [ { "Name": "flag", "Kind": "bool", "TitleZh": "标志", "TitleEn": "Flag" } ] }
                """));

        Assert.Contains("did you mean 'Enterprise'?", Assert.Single(diagnostics).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bundled_kind_is_extended_not_redeclared_and_a_kind_is_declared_once()
    {
        var redeclared = Load(out var engine, ("Person.record.json", """
            { "Record": "Person", "Variable": "person", "TitleZh": "人", "TitleEn": "Person",
              "Fields": [ { "Name": "id", "Kind": "text", "TitleZh": "编号", "TitleEn": "Identifier" } ] }
            """));
        Assert.Null(engine);
        Assert.Contains("\"Extends\": \"Person\"", Assert.Single(redeclared).Message, StringComparison.Ordinal);

        File.Delete(Path.Combine(_dir, "Person.record.json"));
        var twice = Load(out engine, ("A.record.json", Project), ("B.record.json", Project));
        Assert.Null(engine);
        Assert.Contains("already declared", Assert.Single(twice).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_bundled_folder_loads_with_its_own_declarations()
    {
        var engine = PolicyEngine.LoadDirectory(TestProfiles.RulesDirectory);

        Assert.Same(Model.RecordSchema.Enterprise, engine.Records["Enterprise"]);
        Assert.Same(Model.RecordSchema.Person, engine.Records["Person"]);
    }
}

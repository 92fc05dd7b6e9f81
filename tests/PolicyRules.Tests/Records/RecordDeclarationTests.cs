using PolicyRules.Records;
using PolicyRules.Rules;
using PolicyRules.Tests.Rules;

namespace PolicyRules.Tests.Records;

/// <summary>A record declaration's mistakes, each at its line and column, naming the fix in both languages.</summary>
public sealed class RecordDeclarationTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("policyrules-records-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private (RecordDeclaration? Declaration, List<RuleDiagnostic> Diagnostics) Read(string text, string name = "Project.record.json")
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        var diagnostics = new List<RuleDiagnostic>();
        return (RecordFileReader.ReadFile(path, diagnostics), diagnostics);
    }

    private void AssertAt(string marked, params string[] fragments)
    {
        var file = MarkedRuleFile.Parse(marked);
        var (declaration, diagnostics) = Read(file.Text);
        Assert.Null(declaration);
        Assert.Equal(file.Expected, diagnostics.Select(d => (d.Id, d.Location.Line, d.Location.Column)).ToList());
        foreach (var fragment in fragments)
        {
            Assert.Contains(diagnostics, d => d.Message.Contains(fragment, StringComparison.Ordinal));
        }

        // Every message says it in both languages.
        Assert.All(diagnostics, d => Assert.Contains(" / ", d.Message, StringComparison.Ordinal));
    }

    private const string Valid = """
        {
          "Record": "Project",
          "Variable": "project",
          "TitleZh": "科研项目",
          "TitleEn": "Research project",
          "Fields": [
            { "Name": "id", "Kind": "text", "TitleZh": "编号", "TitleEn": "Identifier" },
            { "Name": "budget", "Kind": "money", "Unit": "yuan", "Min": 0, "Max": 100000000000, "TitleZh": "预算", "TitleEn": "Budget" },
            { "Name": "stage", "Kind": "choice", "Values": ["Planned", "Running"], "TitleZh": "阶段", "TitleEn": "Stage" }
          ]
        }
        """;

    [Fact]
    public void A_valid_declaration_is_read_with_its_fields_kinds_and_ranges()
    {
        var (declaration, diagnostics) = Read(Valid);

        Assert.Empty(diagnostics);
        Assert.NotNull(declaration);
        Assert.Equal("Project", declaration.Name);
        Assert.Equal("project", declaration.Variable);
        Assert.False(declaration.IsExtension);
        Assert.Equal(["id", "budget", "stage"], declaration.Fields.Select(f => f.Name));
        Assert.Equal(Model.FieldKind.Money, declaration.Fields[1].Kind);
        Assert.Equal(100_000_000_000m, declaration.Fields[1].Max);
        Assert.Equal(["Planned", "Running"], declaration.Fields[2].Values.AsEnumerable());
    }

    [Fact]
    public void A_misspelt_key_is_refused_with_did_you_mean() => AssertAt("""
        {
          "Record": "Project", "Variable": "project", "TitleZh": "项目", "TitleEn": "Project",
          "Fields": [
            { "Name": "id", "Kind": "text", "TitleZh": "编号", "TitleEn": "Identifier", {|PR1002:"Unti"|}: "yuan" }
          ]
        }
        """, "did you mean \"Unit\"?");

    [Fact]
    public void An_unknown_kind_is_refused_with_did_you_mean() => AssertAt("""
        {
          "Record": "Project", "Variable": "project", "TitleZh": "项目", "TitleEn": "Project",
          "Fields": [
            { "Name": "id", "Kind": "text", "TitleZh": "编号", "TitleEn": "Identifier" },
            { "Name": "budget", "Kind": {|PR1002:"mony"|}, "TitleZh": "预算", "TitleEn": "Budget" }
          ]
        }
        """, "did you mean \"money\"?");

    [Fact]
    public void A_field_declared_twice_is_refused_at_the_second() => AssertAt("""
        {
          "Record": "Project", "Variable": "project", "TitleZh": "项目", "TitleEn": "Project",
          "Fields": [
            { "Name": "id", "Kind": "text", "TitleZh": "编号", "TitleEn": "Identifier" },
            { "Name": "budget", "Kind": "money", "TitleZh": "预算", "TitleEn": "Budget" },
            { "Name": {|PR1002:"budget"|}, "Kind": "money", "TitleZh": "预算", "TitleEn": "Budget" },
            { "Name": "selfFunded", "Kind": "percent", "TitleZh": "自筹", "TitleEn": "Self-funded" },
            { "Name": {|PR1002:"selffunded"|}, "Kind": "percent", "TitleZh": "自筹", "TitleEn": "Self-funded" }
          ]
        }
        """, "declared twice", "ignoring case");

    [Fact]
    public void A_range_outside_the_kinds_own_is_refused() => AssertAt("""
        {
          "Record": "Project", "Variable": "project", "TitleZh": "项目", "TitleEn": "Project",
          "Fields": [
            { "Name": "id", "Kind": "text", "TitleZh": "编号", "TitleEn": "Identifier" },
            { "Name": "share", "Kind": "percent", "Min": 0, "Max": {|PR1002:120|}, "TitleZh": "比例", "TitleEn": "Share" },
            { "Name": "staff", "Kind": "count", "Min": {|PR1002:0.5|}, "TitleZh": "人数", "TitleEn": "Staff" },
            { "Name": "started", "Kind": "date", "Min": {|PR1002:0|}, "TitleZh": "开始", "TitleEn": "Start" }
          ]
        }
        """, "from 0 to 100", "no range");

    [Fact]
    public void A_choice_needs_its_values_and_no_other_kind_has_them() => AssertAt("""
        {
          "Record": "Project", "Variable": "project", "TitleZh": "项目", "TitleEn": "Project",
          "Fields": [
            { "Name": "id", "Kind": "text", "TitleZh": "编号", "TitleEn": "Identifier" },
            {|PR1002:{ "Name": "stage", "Kind": "choice", "TitleZh": "阶段", "TitleEn": "Stage" }|},
            { "Name": "note", "Kind": "text", "Values": {|PR1002:["a"]|}, "TitleZh": "备注", "TitleEn": "Note" },
            { "Name": "level", "Kind": "choice", "Values": ["Low", {|PR1002:"low"|}], "TitleZh": "级别", "TitleEn": "Level" }
          ]
        }
        """, "choice field", "listed twice");

    [Fact]
    public void A_kind_without_an_id_or_with_a_bad_variable_is_refused() => AssertAt("""
        {
          "Record": "Project", "Variable": {|PR1002:"asOf"|}, "TitleZh": "项目", "TitleEn": "Project",
          "Fields": {|PR1002:[
            { "Name": "budget", "Kind": "money", "TitleZh": "预算", "TitleEn": "Budget" }
          ]|}
        }
        """, "\"id\"", "Variable");

    [Fact]
    public void A_field_name_must_be_camel_case() => AssertAt("""
        {
          "Record": "Project", "Variable": "project", "TitleZh": "项目", "TitleEn": "Project",
          "Fields": [
            { "Name": "id", "Kind": "text", "TitleZh": "编号", "TitleEn": "Identifier" },
            { "Name": {|PR1002:"self_funded"|}, "Kind": "percent", "TitleZh": "自筹", "TitleEn": "Self-funded" }
          ]
        }
        """, "camelCase");

    [Fact]
    public void An_extension_only_adds_fields() => AssertAt("""
        {
          "Extends": "Enterprise", {|PR1002:"Variable"|}: "firm",
          "Fields": [
            { "Name": "registeredInDistrict", "Kind": "bool", "TitleZh": "本区注册", "TitleEn": "Registered in the district" }
          ]
        }
        """, "only adds fields");

    [Fact]
    public void Record_and_extends_exclude_each_other() => AssertAt("""
        {|PR1002:{
          "Record": "Project", "Extends": "Enterprise", "Variable": "project", "TitleZh": "项目", "TitleEn": "Project",
          "Fields": [ { "Name": "id", "Kind": "text", "TitleZh": "编号", "TitleEn": "Identifier" } ]
        }|}
        """, "exclude each other");

    [Fact]
    public void Bad_json_is_reported_at_its_line_and_column()
    {
        var (declaration, diagnostics) = Read("{\n  \"Record\": \"Project\",\n  \"Fields\": [ }\n");

        Assert.Null(declaration);
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(DiagnosticIds.InvalidJson, diagnostic.Id);
        Assert.Equal(3, diagnostic.Location.Line);
    }
}

using System.Text.Json;
using Json.Schema;

namespace PolicyRules.Tests.Records;

/// <summary>rules/policyrules-record.schema.json accepts every shipped declaration and refuses what the reader refuses.</summary>
public sealed class RecordSchemaFileTests
{
    private static readonly JsonSchema Schema = JsonSchema.FromText(
        File.ReadAllText(Path.Combine(TestProfiles.RulesDirectory, "policyrules-record.schema.json")), new BuildOptions { SchemaRegistry = new SchemaRegistry() });

    private static EvaluationOptions Options() => new() { OutputFormat = OutputFormat.List, RequireFormatValidation = true };

    private static bool Valid(string json)
    {
        using var document = JsonDocument.Parse(json);
        return Schema.Evaluate(document.RootElement, Options()).IsValid;
    }

    public static TheoryData<string> Shipped() =>
    [
        Path.Combine(TestProfiles.RulesDirectory, "Enterprise.record.json"),
        Path.Combine(TestProfiles.RulesDirectory, "Person.record.json"),
        Path.Combine(TestProfiles.RulesDirectory, "..", "samples", "district-policy", "rules", "Enterprise.district.record.json"),
        Path.Combine(TestProfiles.RulesDirectory, "..", "samples", "district-policy", "rules", "Project.record.json"),
    ];

    [Theory]
    [MemberData(nameof(Shipped))]
    public void Every_shipped_declaration_follows_the_schema(string path)
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestProfiles.RulesDirectory, "policyrules-record.schema.json")));
        Assert.True(MetaSchemas.Draft202012.Evaluate(schema.RootElement, Options()).IsValid);
        Assert.True(Valid(File.ReadAllText(path)), path);
    }

    [Theory]
    [InlineData("""{ "Name": "id", "Kind": "txt", "TitleZh": "编号", "TitleEn": "Id" }""")]
    [InlineData("""{ "Name": "Id", "Kind": "text", "TitleZh": "编号", "TitleEn": "Id" }""")]
    [InlineData("""{ "Name": "stage", "Kind": "choice", "TitleZh": "阶段", "TitleEn": "Stage" }""")]
    [InlineData("""{ "Name": "note", "Kind": "text", "Values": ["a"], "TitleZh": "备注", "TitleEn": "Note" }""")]
    [InlineData("""{ "Name": "id", "Kind": "text", "TitleZh": "编号" }""")]
    [InlineData("""{ "Name": "id", "Kind": "text", "TitleZh": "编号", "TitleEn": "Id", "Unti": "x" }""")]
    [InlineData("""{ "Name": "id", "Kind": "text", "TitleZh": "编号", "TitleEn": "Id", "MeaningZh": "说明" }""")]
    public void A_field_the_reader_refuses_the_schema_refuses(string field)
    {
        Assert.True(Valid("""{ "Record": "P", "Variable": "p", "TitleZh": "项目", "TitleEn": "P", "Fields": [ { "Name": "id", "Kind": "text", "TitleZh": "编号", "TitleEn": "Id" } ] }"""));
        Assert.False(Valid($$"""{ "Record": "P", "Variable": "p", "TitleZh": "项目", "TitleEn": "P", "Fields": [ {{field}} ] }"""));
    }

    [Theory]
    [InlineData("""{ "Record": "P", "Extends": "Enterprise", "Variable": "p", "TitleZh": "项目", "TitleEn": "P", "Fields": [] }""")]
    [InlineData("""{ "Extends": "Enterprise", "Variable": "firm", "Fields": [ { "Name": "x", "Kind": "bool", "TitleZh": "x", "TitleEn": "x" } ] }""")]
    [InlineData("""{ "Record": "P", "TitleZh": "项目", "TitleEn": "P", "Fields": [ { "Name": "id", "Kind": "text", "TitleZh": "编号", "TitleEn": "Id" } ] }""")]
    [InlineData("""{ "Record": "P", "Variable": "asOf", "TitleZh": "项目", "TitleEn": "P", "Fields": [ { "Name": "id", "Kind": "text", "TitleZh": "编号", "TitleEn": "Id" } ] }""")]
    public void A_file_the_reader_refuses_the_schema_refuses(string json) => Assert.False(Valid(json));
}

using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using PolicyRules.RuleTesting;

namespace PolicyRules.Tests.RuleTesting;

/// <summary>
/// The rule-test schema for a folder's own record kinds (<see cref="RuleTestSchema"/>, <c>policyrules
/// schema</c>): for the bundled rules it is the bundled file itself; for the district sample it knows
/// Project and the district's Enterprise fields, accepts the sample's tests and refuses a misspelt field.
/// </summary>
public sealed class RuleTestSchemaTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("policyrules-test-schema-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string District => Path.Combine(TestProfiles.RulesDirectory, "..", "samples", "district-policy", "rules");

    private static JsonSchema Load(string text) => JsonSchema.FromText(text, new BuildOptions { SchemaRegistry = new SchemaRegistry() });

    private static bool Valid(JsonSchema schema, string json) =>
        schema.Evaluate(JsonDocument.Parse(json).RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true }).IsValid;

    [Fact]
    public void For_the_bundled_rules_it_is_the_bundled_schema()
    {
        var generated = JsonNode.Parse(RuleTestSchema.For(PolicyEngine.LoadDirectory(TestProfiles.RulesDirectory)));
        var bundled = JsonNode.Parse(File.ReadAllText(Path.Combine(TestProfiles.RulesDirectory, RuleTestSchema.FileName)));

        Assert.True(JsonNode.DeepEquals(bundled, generated), "rules/policyrules-tests.schema.json differs from RuleTestSchema.For(the bundled rules)");
    }

    [Fact]
    public void The_district_samples_schema_is_the_one_policyrules_schema_writes_for_its_folder()
    {
        var written = Path.Combine(_dir, "schema.json");

        var (exit, stdout, stderr) = Cli.Cli.Run("schema", "--rules", District, "--output", written);

        Assert.True(exit == 0, stderr);
        Assert.Contains("Enterprise, Person, Project", stdout, StringComparison.Ordinal);
        var committed = Path.Combine(District, RuleTestSchema.FileName);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(File.ReadAllText(committed)), JsonNode.Parse(File.ReadAllText(written))),
            $"{committed} is stale: run policyrules schema --rules samples/district-policy/rules --output samples/district-policy/rules/{RuleTestSchema.FileName}");
        Assert.Equal(File.ReadAllText(written), Cli.Cli.Run("schema", "--rules", District, "--output", "-").Out);
    }

    [Fact]
    public void The_folders_schema_accepts_its_tests_that_the_bundled_one_refuses()
    {
        var folder = Load(RuleTestSchema.For(PolicyEngine.LoadDirectory(District)));
        var bundled = Load(File.ReadAllText(Path.Combine(TestProfiles.RulesDirectory, RuleTestSchema.FileName)));

        foreach (var file in Directory.GetFiles(District, "*.tests.json"))
        {
            var json = File.ReadAllText(file);
            Assert.True(Valid(folder, json), file);
            Assert.False(Valid(bundled, json), file); // registeredInDistrict, budget: unknown to the bundled kinds
        }
    }

    [Theory]
    [InlineData("budjet", 2500000)] // a misspelt field
    [InlineData("selfFundedPercent", 101)] // above the declared Max
    [InlineData("selfFundedPercent", -1)] // below the declared Min
    public void The_folders_schema_refuses_a_misspelt_field_or_a_value_outside_its_declared_range(string field, int value)
    {
        var schema = Load(RuleTestSchema.For(PolicyEngine.LoadDirectory(District)));
        var tests = JsonNode.Parse(File.ReadAllText(Path.Combine(District, "KeyRdProjectSupport.tests.json")))!.AsObject();
        Assert.True(Valid(schema, tests.ToJsonString()));

        tests["Cases"]![0]!.AsObject()["Input"] = new JsonObject { [field] = value };

        Assert.False(Valid(schema, tests.ToJsonString()));
    }

    [Fact]
    public void A_bad_output_name_is_refused_and_nothing_is_written()
    {
        var (exit, _, stderr) = Cli.Cli.Run("schema", "--rules", District, "--output", Path.Combine(_dir, "schema.txt"));

        Assert.Equal(2, exit);
        Assert.Contains(".json", stderr, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_dir));
    }

    [Fact]
    public void Definition_names_follow_the_kind()
    {
        Assert.Equal("enterpriseProfile", RuleTestSchema.DefinitionName("Enterprise"));
        Assert.Equal("projectProfile", RuleTestSchema.DefinitionName("Project"));
    }
}

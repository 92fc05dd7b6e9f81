using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using PolicyRules.Input;
using PolicyRules.Model;
using PolicyRules.RuleTesting;

namespace PolicyRules.Tests.Rules;

/// <summary>
/// The JSON Schemas editors use for rule files (rules/policyrules.schema.json) and rule tests
/// (rules/policyrules-tests.schema.json): every bundled file names its schema and is valid against
/// it, and the schemas refuse the mistakes the loader and the test runner refuse.
/// </summary>
public sealed class RuleSchemaTests
{
    private const string RuleSchemaName = "policyrules.schema.json";
    private const string TestsSchemaName = "policyrules-tests.schema.json";

    private static readonly JsonSchema RuleSchema = LoadSchema(RuleSchemaName);
    private static readonly JsonSchema TestsSchema = LoadSchema(TestsSchemaName);

    public static TheoryData<string> RuleFiles() => [.. PolicyEngine.RuleFiles(TestProfiles.RulesDirectory).Select(f => Path.GetFileName(f))];

    public static TheoryData<string> TestFiles() => [.. RuleTestRunner.TestFiles(TestProfiles.RulesDirectory).Select(f => Path.GetFileName(f))];

    [Theory]
    [InlineData(RuleSchemaName)]
    [InlineData(TestsSchemaName)]
    public void Schema_is_valid_against_the_2020_12_meta_schema(string schemaFile)
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestProfiles.RulesDirectory, schemaFile)));
        var result = MetaSchemas.Draft202012.Evaluate(schema.RootElement, Options());
        Assert.True(result.IsValid, Describe(result));
    }

    [Theory]
    [MemberData(nameof(RuleFiles))]
    public void Bundled_rule_file_names_the_schema_and_is_valid_against_it(string file)
    {
        var json = File.ReadAllText(Path.Combine(TestProfiles.RulesDirectory, file));
        var root = JsonNode.Parse(json)!;
        Assert.Equal("./" + RuleSchemaName, (string?)root["$schema"]);
        AssertValid(RuleSchema, json, file);
    }

    [Theory]
    [MemberData(nameof(TestFiles))]
    public void Bundled_tests_file_names_the_schema_and_is_valid_against_it(string file)
    {
        var json = File.ReadAllText(Path.Combine(TestProfiles.RulesDirectory, file));
        Assert.Equal("./" + TestsSchemaName, (string?)JsonNode.Parse(json)!["$schema"]);
        AssertValid(TestsSchema, json, file);
    }

    [Fact]
    public void Rule_schema_accepts_an_array_of_workflows_as_RulesEngine_writes_them()
    {
        var workflow = JsonNode.Parse(File.ReadAllText(Path.Combine(TestProfiles.RulesDirectory, "SmeSize.json")))!.AsObject();
        workflow.Remove("$schema");
        var second = workflow.DeepClone();
        second["WorkflowName"] = "SmeSizeCopy";
        AssertValid(RuleSchema, new JsonArray(workflow.DeepClone(), second).ToJsonString(), "array");
    }

    /// <summary>A mistake, made in a copy of a bundled rule file; the loader and the schema must both refuse it.</summary>
    public static TheoryData<string> RuleMistakes() => [.. RuleMistakeEdits.Keys];

    private static readonly Dictionary<string, Action<JsonObject>> RuleMistakeEdits = new()
    {
        ["misspelt workflow property"] = w => Rename(w, "GlobalParams", "GlobalParam"),
        ["no metadata"] = w => w.Remove("PolicyRules"),
        ["unknown metadata property"] = w => Meta(w)["Verison"] = "2016",
        ["no Version"] = w => Meta(w).Remove("Version"),
        ["unknown Status"] = w => Meta(w)["Status"] = "final",
        ["EffectiveFrom not a date"] = w => Meta(w)["EffectiveFrom"] = "2016/01/01",
        // A well-formed but unknown kind ("Company") is the loader's to refuse (PR1018, with did-you-mean): only it sees the declarations.
        ["Input not a kind name"] = w => Meta(w)["Input"] = "company kind",
        ["Uses holds a number"] = w => Meta(w)["Uses"] = new JsonArray(1),
        ["document title not a string"] = w => Meta(w)["Documents"]!.AsObject()["extra"] = 3,
        ["no Rules"] = w => w.Remove("Rules"),
        ["empty Rules"] = w => w["Rules"] = new JsonArray(),
        ["rule without Expression"] = w => FirstRule(w).Remove("Expression"),
        ["rule with an empty Expression"] = w => FirstRule(w)["Expression"] = " ",
        ["rule with Expression and Operator"] = w => FirstRule(w)["Operator"] = "AndAlso",
        ["child Rules without Operator"] = w => FirstRule(w)["Rules"] = new JsonArray(FirstRule(w).DeepClone()),
        ["unknown Operator"] = w => NestedRule(w)["Operator"] = "Xor",
        ["Enabled not a boolean"] = w => FirstRule(w)["Enabled"] = "yes",
        ["other RuleExpressionType"] = w => FirstRule(w)["RuleExpressionType"] = "LambdaExpressions",
        ["misspelt rule property"] = w => Rename(FirstRule(w), "Properties", "Propertes"),
        ["no TitleEn"] = w => Props(w).Remove("TitleEn"),
        ["unknown Unit"] = w => Props(w)["Unit"] = "euro",
        ["citation without Article"] = w => Props(w)["Citation"]!.AsObject().Remove("Article"),
        ["unknown citation property"] = w => Props(w)["Citation"]!.AsObject()["Page"] = "3",
        ["parameter without Expression"] = w => w["GlobalParams"]!.AsArray()[0]!.AsObject().Remove("Expression"),
        ["unknown parameter property"] = w => w["GlobalParams"]!.AsArray()[0]!.AsObject()["Title"] = "x",
        ["every rule disabled"] = w => { foreach (var rule in w["Rules"]!.AsArray()) { rule!["Enabled"] = false; } },
        ["empty ErrorMessage"] = w => FirstRule(w)["ErrorMessage"] = "",
        ["a rule name with a separator"] = w => FirstRule(w)["RuleName"] = "A;B",
        ["an operator rule's name with a look-alike letter"] = w => NestedRule(w)["RuleName"] = "Inn\u0435r",
        ["a parameter name with a look-alike letter"] = w => w["GlobalParams"]!.AsArray()[0]!["Name"] = "sc\u043Ere",
        ["a workflow name with a dot"] = w => w["WorkflowName"] = "Tech.BasedSme",
        ["a programme name with a space"] = w => Meta(w)["Programme"] = "Tech Based",
        ["citation note in Chinese only"] = w => Props(w)["Citation"]!.AsObject()["NoteZh"] = "解读存疑",
        ["Successor without Citation"] = w => { Meta(w)["EffectiveTo"] = "2030-12-31"; Meta(w)["Successor"] = new JsonObject { ["TitleZh"] = "新", ["TitleEn"] = "New" }; },
        ["unknown Successor property"] = w => { Meta(w)["EffectiveTo"] = "2030-12-31"; Meta(w)["Successor"] = Successor(w); Meta(w)["Successor"]!["From"] = "2031-01-01"; },
    };

    /// <summary>A valid successor citing the workflow's first document.</summary>
    private static JsonObject Successor(JsonObject w) => new()
    {
        ["TitleZh"] = "新项目",
        ["TitleEn"] = "New programme",
        ["Citation"] = new JsonObject { ["Document"] = Meta(w)["Documents"]!.AsObject().First().Key, ["Article"] = "第一条" },
    };

    [Theory]
    [MemberData(nameof(RuleMistakes))]
    public void Schema_and_loader_both_refuse(string mistake)
    {
        // TechBasedSme has GlobalParams, cited rules and a nested OrElse rule: every edit has something to act on.
        var workflow = JsonNode.Parse(File.ReadAllText(Path.Combine(TestProfiles.RulesDirectory, "TechBasedSme.2017.json")))!.AsObject();
        RuleMistakeEdits[mistake](workflow);
        var json = workflow.ToJsonString();

        Assert.False(RuleSchema.Evaluate(JsonDocument.Parse(json).RootElement, Options()).IsValid, $"the schema accepts: {mistake}");
        var errors = LoaderErrors(json);
        var expectedId = mistake == "unknown Operator" ? PolicyRules.Rules.DiagnosticIds.UnknownOperator : PolicyRules.Rules.DiagnosticIds.SchemaViolation;
        Assert.Contains(errors, d => d.Id == expectedId);
    }

    /// <summary>What the loader accepts that a RulesEngine author may write; the schema must accept it too.</summary>
    public static TheoryData<string> RuleVariations() => [.. RuleVariationEdits.Keys];

    private static readonly Dictionary<string, Action<JsonObject>> RuleVariationEdits = new()
    {
        ["EffectiveTo null"] = w => Meta(w)["EffectiveTo"] = null,
        ["a disabled stub rule"] = w => w["Rules"]!.AsArray().Add(new JsonObject { ["RuleName"] = "Later", ["Enabled"] = false }),
        ["Operator And"] = w => NestedRule(w)["Operator"] = "And",
        ["RuleExpressionType on rule and workflow"] = w => { FirstRule(w)["RuleExpressionType"] = "LambdaExpression"; w["RuleExpressionType"] = "LambdaExpression"; },
        ["ErrorMessage and SuccessEvent"] = w => { FirstRule(w)["ErrorMessage"] = "Not met."; FirstRule(w)["SuccessEvent"] = "ok"; },
        ["Enabled true"] = w => FirstRule(w)["Enabled"] = true,
        ["a rule without Citation"] = w => Props(w).Remove("Citation"),
        ["LocalParams"] = w => FirstRule(w)["LocalParams"] = new JsonArray(new JsonObject { ["Name"] = "x", ["Expression"] = "1" }),
        ["a citation note in both languages"] = w => { Props(w)["Citation"]!["NoteZh"] = "解读存疑"; Props(w)["Citation"]!["NoteEn"] = "Reading uncertain"; },
        ["a Successor on a version that ends"] = w => { Meta(w)["EffectiveTo"] = "2030-12-31"; Meta(w)["Successor"] = Successor(w); },
    };

    [Fact]
    public void A_successor_on_a_version_that_never_ends_is_refused_by_both()
    {
        var workflow = JsonNode.Parse(File.ReadAllText(Path.Combine(TestProfiles.RulesDirectory, "TechBasedSme.2017.json")))!.AsObject();
        Meta(workflow).Remove("EffectiveTo");
        Meta(workflow)["Successor"] = Successor(workflow);
        var json = workflow.ToJsonString();
        Assert.False(RuleSchema.Evaluate(JsonDocument.Parse(json).RootElement, Options()).IsValid);
        var error = Assert.Single(LoaderErrors(json));
        Assert.Equal(PolicyRules.Rules.DiagnosticIds.InvalidMetadata, error.Id);
        Assert.Contains("EffectiveTo", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(RuleVariations))]
    public void Schema_and_loader_both_accept(string variation)
    {
        var workflow = JsonNode.Parse(File.ReadAllText(Path.Combine(TestProfiles.RulesDirectory, "TechBasedSme.2017.json")))!.AsObject();
        RuleVariationEdits[variation](workflow);
        var json = workflow.ToJsonString();

        AssertValid(RuleSchema, json, variation);
        Assert.Empty(LoaderErrors(json));
    }

    private static List<PolicyRules.Rules.RuleDiagnostic> LoaderErrors(string json)
    {
        var diagnostics = new List<PolicyRules.Rules.RuleDiagnostic>();
        PolicyRules.Rules.RuleFileReader.Read("rules/TechBasedSme.2017.json", System.Text.Encoding.UTF8.GetBytes(json), diagnostics);
        return diagnostics.FindAll(d => d.Severity == PolicyRules.Rules.DiagnosticSeverity.Error);
    }

    [Fact]
    public void The_unedited_file_passes_both_so_the_refusals_above_come_from_the_edits()
    {
        var json = File.ReadAllText(Path.Combine(TestProfiles.RulesDirectory, "TechBasedSme.2017.json"));
        AssertValid(RuleSchema, json, "TechBasedSme.2017.json");
        var diagnostics = new List<PolicyRules.Rules.RuleDiagnostic>();
        PolicyRules.Rules.RuleFileReader.Read("rules/TechBasedSme.2017.json", System.Text.Encoding.UTF8.GetBytes(json), diagnostics);
        Assert.DoesNotContain(diagnostics, d => d.Severity == PolicyRules.Rules.DiagnosticSeverity.Error);
        Assert.Contains(JsonNode.Parse(json)!["Rules"]!.AsArray(), r => r!["Operator"] is not null);
    }

    [Theory]
    [InlineData("enterpriseProfile")]
    [InlineData("personProfile")]
    public void Tests_schema_lists_every_profile_field_with_its_kind(string definition)
    {
        var schema = definition == "enterpriseProfile" ? RecordSchema.Enterprise : RecordSchema.Person;
        var actual = JsonNode.Parse(File.ReadAllText(Path.Combine(TestProfiles.RulesDirectory, TestsSchemaName)))!["$defs"]![definition];
        var expected = ProfileDefinition(schema);
        Assert.True(JsonNode.DeepEquals(expected, actual),
            $"$defs/{definition} in {TestsSchemaName} does not match RecordSchema; it should be:\n{expected.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping })}");
    }

    public static TheoryData<string> TestMistakes() => [.. TestMistakeEdits.Keys];

    /// <summary>A mistake in a copy of a bundled tests file, and the key the runner's error names.</summary>
    private static readonly Dictionary<string, (Action<JsonObject> Edit, string Column)> TestMistakeEdits = new()
    {
        ["misspelt Expect key"] = (t => Rename(FirstExpect(t), "Eligible", "Eligble"), "Eligble"),
        ["empty Expect"] = (t => t["Cases"]![0]!["Expect"] = new JsonObject(), "Expect"),
        ["misspelt case key"] = (t => Rename(t["Cases"]![0]!.AsObject(), "Input", "Inputs"), "Inputs"),
        ["unknown file key"] = (t => t["Programmes"] = "SmeSize", "Programmes"),
        ["Eligible as text"] = (t => FirstExpect(t)["Eligible"] = "false", "Eligible"),
        ["Failed as text"] = (t => FirstExpect(t)["Failed"] = "TechStaffRatio", "Failed"),
        ["Failed lists a number"] = (t => FirstExpect(t)["Failed"] = new JsonArray(3), "Failed"),
        ["Input as an array"] = (t => t["Cases"]![0]!["Input"] = new JsonArray(), "Input"),
        ["Base as text"] = (t => t["Base"] = "x", "Base"),
        ["Programme as a number"] = (t => t["Programme"] = 1, "Programme"),
        ["case without a name"] = (t => t["Cases"]![0]!.AsObject().Remove("Name"), "Name"),
        ["no AsOf for a case"] = (t => t.Remove("AsOf"), "AsOf"),
        ["no cases"] = (t => t["Cases"] = new JsonArray(), "Cases"),
    };

    [Theory]
    [MemberData(nameof(TestMistakes))]
    public void Tests_schema_and_test_runner_both_refuse(string mistake)
    {
        var tests = JsonNode.Parse(File.ReadAllText(Path.Combine(TestProfiles.RulesDirectory, "HighTechEnterprise.tests.json")))!.AsObject();
        var first = tests["Cases"]![0]!.AsObject();
        first["Input"] ??= new JsonObject();
        first["Expect"]!["Eligible"] ??= true;
        first["Expect"]!["Failed"] ??= new JsonArray();
        Assert.Null(first["AsOf"]); // so that removing the file's AsOf leaves this case without one
        var (edit, column) = TestMistakeEdits[mistake];
        edit(tests);
        var json = tests.ToJsonString();

        Assert.False(TestsSchema.Evaluate(JsonDocument.Parse(json).RootElement, Options()).IsValid, $"the schema accepts: {mistake}");
        var error = RefusedTestsFile(json);
        Assert.Contains(error.Errors, e => e.Column == column && e.Reason.Contains("(line ", StringComparison.Ordinal));
    }

    [Fact]
    public void A_repeated_key_is_refused_where_it_stands_again()
    {
        var error = Assert.Single(RefusedTestsFile("{\n  \"Programme\": \"SmeSize\",\n  \"AsOf\": \"2025-06-30\",\n  \"AsOf\": \"2025-06-30\",\n  \"Cases\": [ { \"Name\": \"x\", \"Expect\": { \"Eligible\": true } } ]\n}").Errors);
        Assert.Equal(("AsOf", 4), (error.Column, error.Line));
    }

    [Fact]
    public void A_tests_file_may_start_with_a_byte_order_mark_and_write_a_score_with_an_exponent()
    {
        var directory = Directory.CreateTempSubdirectory("policyrules-tests-schema-").FullName;
        try
        {
            var path = Path.Combine(directory, "TechBasedSme.tests.json");
            var tests = JsonNode.Parse(File.ReadAllText(Path.Combine(TestProfiles.RulesDirectory, "TechBasedSme.tests.json")))!.AsObject();
            var withScore = tests["Cases"]!.AsArray().Select(c => c!.AsObject()).First(c => c["Expect"]!["Score"] is not null);
            var score = decimal.Parse(withScore["Expect"]!["Score"]!.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture);
            withScore["Expect"]!["Score"] = JsonNode.Parse((score / 10).ToString(System.Globalization.CultureInfo.InvariantCulture) + "e1");
            File.WriteAllText(path, tests.ToJsonString(), new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
            Assert.Equal(0xEF, File.ReadAllBytes(path)[0]);

            var results = RuleTestRunner.Run(Engine.Value, path);
            Assert.All(results, r => Assert.True(r.Passed, $"{r.Name}: {string.Join("; ", r.Differences)}"));
            Assert.Contains(results, r => r.Name == (string?)withScore["Name"]);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void A_misspelt_expectation_is_refused_at_its_line_and_column_with_a_suggestion()
    {
        var error = Assert.Single(RefusedTestsFile("""
            {
              "Programme": "SmeSize",
              "AsOf": "2025-06-30",
              "Cases": [
                { "Name": "typo", "Expect": { "Eligble": false } }
              ]
            }
            """).Errors);
        Assert.Equal(5, error.Line);
        Assert.Equal("Eligble", error.Column);
        Assert.Contains("did you mean \"Eligible\"?", error.Reason, StringComparison.Ordinal);
        Assert.Contains("(line 5, column 35) / ", error.Reason, StringComparison.Ordinal);
        Assert.EndsWith("（第 5 行第 35 列）", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tests_file_that_is_not_JSON_is_refused_at_its_line()
    {
        var error = Assert.Single(RefusedTestsFile("{\n  \"Programme\": \"SmeSize\",\n  \"Cases\": [ { \"Name\": \"x\" \"Expect\": {} } ]\n}\n").Errors);
        Assert.Equal(3, error.Line);
        Assert.StartsWith("invalid JSON", error.Reason, StringComparison.Ordinal);
    }

    /// <summary>Runs a tests file of this content and returns what refused it.</summary>
    private static ProfileInputException RefusedTestsFile(string json)
    {
        var directory = Directory.CreateTempSubdirectory("policyrules-tests-schema-").FullName;
        try
        {
            var path = Path.Combine(directory, "Some.tests.json");
            File.WriteAllText(path, json);
            return Assert.Throws<ProfileInputException>(() => RuleTestRunner.Run(Engine.Value, path));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static readonly Lazy<PolicyEngine> Engine = new(() => PolicyEngine.LoadDirectory(TestProfiles.RulesDirectory));

    private static JsonObject ProfileDefinition(RecordSchema schema)
    {
        var properties = new JsonObject();
        foreach (var field in schema.Fields)
        {
            JsonObject type = field.Kind switch
            {
                FieldKind.Text => new() { ["type"] = new JsonArray("string", "null") },
                FieldKind.Boolean => new() { ["type"] = new JsonArray("boolean", "null") },
                FieldKind.Date => new() { ["type"] = new JsonArray("string", "null"), ["pattern"] = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$" },
                FieldKind.Count => new() { ["type"] = new JsonArray("integer", "null"), ["minimum"] = 0, ["maximum"] = int.MaxValue },
                FieldKind.Money => new() { ["type"] = new JsonArray("number", "null"), ["minimum"] = 0, ["maximum"] = 1_000_000_000_000_000_000 },
                FieldKind.SignedMoney => new() { ["type"] = new JsonArray("number", "null"), ["minimum"] = -1_000_000_000_000_000_000, ["maximum"] = 1_000_000_000_000_000_000 },
                FieldKind.Score or FieldKind.Percent => new() { ["type"] = new JsonArray("number", "null"), ["minimum"] = 0, ["maximum"] = 100 },
                FieldKind.Industry or FieldKind.Choice => new() { ["enum"] = new JsonArray([.. Enum.GetNames(field.Property.PropertyType).Select(n => JsonValue.Create(n)), null]) },
                _ => throw new InvalidOperationException($"No schema for field kind {field.Kind}."),
            };
            type["description"] = field.MeaningZh;
            properties[field.Name] = type;
        }

        return new JsonObject { ["type"] = "object", ["additionalProperties"] = false, ["properties"] = properties };
    }

    private static JsonSchema LoadSchema(string file) =>
        JsonSchema.FromText(File.ReadAllText(Path.Combine(TestProfiles.RulesDirectory, file)), new BuildOptions { SchemaRegistry = new SchemaRegistry() });

    private static EvaluationOptions Options() => new() { OutputFormat = OutputFormat.List, RequireFormatValidation = true };

    private static void AssertValid(JsonSchema schema, string json, string what)
    {
        using var document = JsonDocument.Parse(json);
        var result = schema.Evaluate(document.RootElement, Options());
        Assert.True(result.IsValid, $"{what}: {Describe(result)}");
    }

    private static string Describe(EvaluationResults result) =>
        string.Join("; ", (result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} ({d.EvaluationPath}): {e.Key}: {e.Value}")));

    private static void Rename(JsonObject node, string from, string to)
    {
        var value = node[from];
        Assert.NotNull(value);
        node.Remove(from);
        node[to] = value;
    }

    private static JsonObject Meta(JsonObject workflow) => workflow["PolicyRules"]!.AsObject();

    private static JsonObject FirstRule(JsonObject workflow) =>
        workflow["Rules"]!.AsArray().Select(r => r!.AsObject()).First(r => r["Expression"] is not null);

    private static JsonObject NestedRule(JsonObject workflow) =>
        workflow["Rules"]!.AsArray().Select(r => r!.AsObject()).First(r => r["Operator"] is not null);

    private static JsonObject Props(JsonObject workflow) => FirstRule(workflow)["Properties"]!.AsObject();

    private static JsonObject FirstExpect(JsonObject tests) => tests["Cases"]![0]!["Expect"]!.AsObject();
}

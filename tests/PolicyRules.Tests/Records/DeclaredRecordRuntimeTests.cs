using System.Text;
using PolicyRules.Compilation;
using PolicyRules.Input;
using PolicyRules.Model;
using PolicyRules.Rules;

namespace PolicyRules.Tests.Records;

/// <summary>Records of declared kinds at run time: emitted types, extensions, unset fields, the caller's own classes.</summary>
public sealed class DeclaredRecordRuntimeTests : IDisposable
{
    private static readonly DateOnly AsOf = new(2026, 6, 30);

    private readonly string _dir = Directory.CreateTempSubdirectory("policyrules-declared-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static PolicyEngine District => PolicyEngine.LoadDirectory(Path.Combine(TestProfiles.RulesDirectory, "..", "samples", "district-policy", "rules"));

    private static object ReadJson(RecordSchema schema, string json) =>
        ProfileJsonReader.Read("(test)", Encoding.UTF8.GetBytes(json), schema, FieldSet.Empty);

    [Fact]
    public void A_declared_kind_is_held_by_an_emitted_type_of_auto_properties_only()
    {
        var project = District.Records["Project"];

        Assert.Equal("Project", project.RecordType.Name);
        Assert.Equal(["Id", "Name", "Budget", "SelfFundedPercent", "StartDate"], project.RecordType.GetProperties().Select(p => p.Name));
        Assert.Equal([typeof(string), typeof(string), typeof(decimal), typeof(decimal), typeof(DateOnly)], project.RecordType.GetProperties().Select(p => p.PropertyType));
        // Nothing public besides the properties' accessors and object's own members.
        Assert.All(project.RecordType.GetMethods().Where(m => m.DeclaringType == project.RecordType), m => Assert.True(m.IsSpecialName, m.Name));
    }

    [Fact]
    public void An_extension_of_enterprise_derives_from_EnterpriseProfile_and_bundled_programmes_accept_its_records()
    {
        var engine = PolicyEngine.TryLoad(
            [.. PolicyEngine.RecordFiles(TestProfiles.RulesDirectory), .. PolicyEngine.RuleFiles(TestProfiles.RulesDirectory),
             Path.Combine(TestProfiles.RulesDirectory, "..", "samples", "district-policy", "rules", "Enterprise.district.record.json")],
            new List<RuleDiagnostic>(), out var loaded) ? loaded! : throw new InvalidOperationException("load failed");
        var schema = engine.Records["Enterprise"];

        Assert.True(schema.RecordType.IsSubclassOf(typeof(EnterpriseProfile)));
        Assert.Same(RecordSchema.Enterprise, schema.Extends);
        Assert.Equal(RecordSchema.Enterprise.Fields.Count + 1, schema.Fields.Count);

        // A bundled programme reads an extended record, and still reads a plain EnterpriseProfile.
        var extended = (EnterpriseProfile)schema.Create();
        var baseline = TestProfiles.Baseline();
        foreach (var field in RecordSchema.Enterprise.Fields)
        {
            field.Property.SetValue(extended, field.Property.GetValue(baseline));
        }

        var plain = engine.Evaluate("HighTechEnterprise", baseline, TestProfiles.AsOf);
        var fromExtended = engine.GetProgramme("HighTechEnterprise", TestProfiles.AsOf).EvaluateRecord(extended, TestProfiles.AsOf);
        Assert.Equal(plain.Eligible, fromExtended.Eligible);
        Assert.Equal(plain.Criteria.Select(c => c.Passed), fromExtended.Criteria.Select(c => c.Passed));

        // `with` keeps the derived type and the added field.
        schema.Fields[^1].Property.SetValue(extended, true);
        var copy = extended with { Employees = 7 };
        Assert.IsType(schema.RecordType, copy);
        Assert.Equal(true, schema.Fields[^1].Property.GetValue(copy));
    }

    [Fact]
    public void Evaluating_a_declared_record_that_leaves_a_read_field_unset_is_an_error_naming_it()
    {
        var programme = District.GetProgramme("KeyRdProjectSupport", AsOf);
        var complete = ReadJson(programme.Schema, """{"id":"P1","budget":3000000,"selfFundedPercent":60,"startDate":"2026-01-15"}""");
        var partial = ReadJson(programme.Schema, """{"id":"P2","budget":3000000,"startDate":"2026-01-15"}""");

        Assert.True(programme.EvaluateRecord(complete, AsOf).Eligible);
        var error = Assert.Throws<ArgumentException>(() => programme.EvaluateRecord(partial, AsOf));
        Assert.Contains("'selfFundedPercent'", error.Message, StringComparison.Ordinal);
    }

    public sealed record MyProject(string Id, decimal Budget, decimal? SelfFundedPercent, DateOnly StartDate);

    public sealed record MyProjectWithoutShare(string Id, decimal Budget, DateOnly StartDate);

    public sealed record MyProjectWithIntBudget(string Id, int Budget, decimal SelfFundedPercent, DateOnly StartDate);

    [Fact]
    public void A_callers_own_class_is_bound_by_property_name()
    {
        var programme = District.GetProgramme("KeyRdProjectSupport", AsOf);

        Assert.True(programme.EvaluateRecord(new MyProject("P1", 2_000_000m, 50m, new DateOnly(2025, 6, 30)), AsOf).Eligible);
        var failed = programme.EvaluateRecord(new MyProject("P2", 1_999_999.99m, 50m, new DateOnly(2025, 6, 30)), AsOf);
        Assert.False(failed.Eligible);
        Assert.Equal("P2", failed.ProfileId);
    }

    [Fact]
    public void A_missing_null_or_mistyped_property_of_a_callers_class_is_an_error_naming_it()
    {
        var programme = District.GetProgramme("KeyRdProjectSupport", AsOf);

        var missing = Assert.Throws<ArgumentException>(() => programme.EvaluateRecord(new MyProjectWithoutShare("P", 3_000_000m, AsOf), AsOf));
        Assert.Contains("'selfFundedPercent'", missing.Message, StringComparison.Ordinal);
        Assert.Contains("no property SelfFundedPercent", missing.Message, StringComparison.Ordinal);

        var unset = Assert.Throws<ArgumentException>(() => programme.EvaluateRecord(new MyProject("P", 3_000_000m, null, AsOf), AsOf));
        Assert.Contains("'selfFundedPercent'", unset.Message, StringComparison.Ordinal);
        Assert.Contains("null", unset.Message, StringComparison.Ordinal);

        var mistyped = Assert.Throws<ArgumentException>(() => programme.EvaluateRecord(new MyProjectWithIntBudget("P", 3_000_000, 60m, AsOf), AsOf));
        Assert.Contains("MyProjectWithIntBudget.Budget is Int32", mistyped.Message, StringComparison.Ordinal);
        Assert.Contains("'budget'", mistyped.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_plain_EnterpriseProfile_cannot_stand_in_for_a_programme_reading_an_extension_field()
    {
        var programme = District.GetProgramme("RdExpenseSubsidy", AsOf);

        var error = Assert.Throws<ArgumentException>(() => programme.Evaluate(TestProfiles.Baseline(), AsOf));
        Assert.Contains("'registeredInDistrict'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Declared_ranges_bind_every_reader_and_a_choice_takes_only_its_values()
    {
        File.WriteAllText(Path.Combine(_dir, "Grant.record.json"), """
            { "Record": "Grant", "Variable": "grant", "TitleZh": "资助", "TitleEn": "Grant",
              "Fields": [
                { "Name": "id", "Kind": "text", "TitleZh": "编号", "TitleEn": "Identifier" },
                { "Name": "rate", "Kind": "decimal", "Min": -1.5, "Max": 2.25, "TitleZh": "比率", "TitleEn": "Rate" },
                { "Name": "stage", "Kind": "choice", "Values": ["Planned", "Running"], "TitleZh": "阶段", "TitleEn": "Stage" }
              ] }
            """);
        File.WriteAllText(Path.Combine(_dir, "G.json"), RecordKindLoadingTests.Programme("G", "Grant", "grant.Rate >= 1 && grant.Stage == \\\"Running\\\""));
        var schema = PolicyEngine.LoadDirectory(_dir).Records["Grant"];
        var rate = schema.Fields[1];

        Assert.Null(schema.TryAssign(schema.Create(), rate, "-1.5"));
        Assert.Null(schema.TryAssign(schema.Create(), rate, "2.25"));
        Assert.NotNull(schema.TryAssign(schema.Create(), rate, "2.26"));
        Assert.NotNull(schema.TryAssign(schema.Create(), rate, "-1.51"));
        var record = schema.Create();
        Assert.Null(schema.TryAssign(record, schema.Fields[2], "running"));
        Assert.Equal("Running", schema.Fields[2].Property.GetValue(record));
        Assert.Contains("Planned, Running", schema.TryAssign(record, schema.Fields[2], "Closed"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_kind_may_have_any_number_of_fields()
    {
        // Far beyond the 128 fields a bit mask once held: a programme reading the last field screens.
        const int count = 300;
        var fields = string.Join(",\n", Enumerable.Range(0, count).Select(i => $$"""{ "Name": "f{{i}}", "Kind": "count", "TitleZh": "字段{{i}}", "TitleEn": "Field {{i}}" }"""));
        File.WriteAllText(Path.Combine(_dir, "Wide.record.json"), $$"""
            { "Record": "Wide", "Variable": "wide", "TitleZh": "宽", "TitleEn": "Wide",
              "Fields": [ { "Name": "id", "Kind": "text", "TitleZh": "编号", "TitleEn": "Identifier" }, {{fields}} ] }
            """);
        File.WriteAllText(Path.Combine(_dir, "W.json"), RecordKindLoadingTests.Programme("W", "Wide", $"wide.F{count - 1} > wide.F200"));
        var engine = PolicyEngine.LoadDirectory(_dir);
        var programme = engine.GetProgramme("W", AsOf);

        Assert.Equal(["f200", $"f{count - 1}"], programme.RequiredFields.Fields.Select(f => f.Name));
        Assert.Equal(count + 1, engine.Records["Wide"].All.Count);
        var csv = Path.Combine(_dir, "wide.csv");
        File.WriteAllText(csv, $"id,f200,f{count - 1}\nA,1,2\nB,2,1\nC,1,\n");
        var output = Path.Combine(_dir, "out.csv");
        var (exit, _, stderr) = Tests.Cli.Cli.Run("screen", "--rules", _dir, "--programmes", "W", "--input", csv, "--output", output, "--as-of", "2026-06-30");
        Assert.True(exit is 0 or 1, stderr);
        Assert.Equal(["id,W.eligible,W.failed", "A,true,", "B,false,R1"], File.ReadAllLines(output));
        Assert.Contains("f299", File.ReadAllText(output + ".rejects.csv"), StringComparison.Ordinal);
    }
}

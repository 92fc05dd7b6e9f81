using PolicyRules.Model;
using PolicyRules.Records;
using PolicyRules.Rules;

namespace PolicyRules.Tests.Records;

/// <summary>The bundled contracts are their declarations: the classes agree with them field by field.</summary>
public sealed class BundledDeclarationTests
{
    [Theory]
    [InlineData("Enterprise.record.json", typeof(EnterpriseProfile))]
    [InlineData("Person.record.json", typeof(PersonProfile))]
    public void The_class_and_the_declaration_in_the_rules_folder_agree_field_by_field(string file, Type type)
    {
        var diagnostics = new List<RuleDiagnostic>();
        var declaration = RecordFileReader.ReadFile(Path.Combine(TestProfiles.RulesDirectory, file), diagnostics);

        Assert.Empty(diagnostics);
        Assert.NotNull(declaration);
        var schema = RecordSchema.FromClass(declaration, type);
        Assert.Equal(declaration.Fields.Select(f => f.Name), schema.Fields.Select(f => f.Name));
        Assert.Equal(type.GetProperties().Where(p => p.CanWrite).Select(p => p.Name).Order(), schema.Fields.Select(f => f.Property.Name).Order());
        // The embedded copy RecordSchema.Enterprise/Person is built from is the file in rules/.
        var bundled = type == typeof(EnterpriseProfile) ? RecordSchema.Enterprise : RecordSchema.Person;
        Assert.Equal(declaration.Fields.Select(f => (f.Name, f.Kind, f.Title, f.Unit, f.Min, f.Max, string.Join(",", f.Values))),
            bundled.Declarations[0].Fields.Select(f => (f.Name, f.Kind, f.Title, f.Unit, f.Min, f.Max, string.Join(",", f.Values))));
    }

    [Fact]
    public void A_declaration_the_class_does_not_match_is_refused_naming_the_field()
    {
        var diagnostics = new List<RuleDiagnostic>();
        var declaration = RecordFileReader.ReadFile(Path.Combine(TestProfiles.RulesDirectory, "Person.record.json"), diagnostics)!;
        var wrongKind = declaration with { Fields = [.. declaration.Fields.Select(f => f.Name == "birthDate" ? f with { Kind = FieldKind.Count } : f)] };
        var extra = declaration with { Fields = [.. declaration.Fields, declaration.Fields[0] with { Name = "nickname" }] };
        var missing = declaration with { Fields = [.. declaration.Fields.Where(f => f.Name != "employerId")] };

        Assert.Contains("birthDate", Assert.Throws<InvalidOperationException>(() => RecordSchema.FromClass(wrongKind, typeof(PersonProfile))).Message, StringComparison.Ordinal);
        Assert.Contains("nickname", Assert.Throws<InvalidOperationException>(() => RecordSchema.FromClass(extra, typeof(PersonProfile))).Message, StringComparison.Ordinal);
        Assert.Contains("EmployerId", Assert.Throws<InvalidOperationException>(() => RecordSchema.FromClass(missing, typeof(PersonProfile))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_industry_and_green_factory_choices_list_their_enums_names()
    {
        Assert.Equal(Enum.GetNames<Industry>(), RecordSchema.Enterprise.Fields.Single(f => f.Name == "industry").Values);
        Assert.Equal(Enum.GetNames<GreenFactoryLevel>(), RecordSchema.Enterprise.Fields.Single(f => f.Name == "greenFactoryLevel").Values);
        Assert.Equal(FieldKind.Industry, RecordSchema.Enterprise.Fields.Single(f => f.Name == "industry").Kind);
    }
}

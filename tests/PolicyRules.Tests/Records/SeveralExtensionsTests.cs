using System.Text;
using PolicyRules.Input;
using PolicyRules.Model;
using PolicyRules.Rules;

namespace PolicyRules.Tests.Records;

/// <summary>
/// Two extension files of one kind (<c>"Extends": "Enterprise"</c>), in one folder or in two: the
/// engine merges them into one extended kind whose records carry both files' fields; a field the
/// second repeats (in any case) is an error at the second file's line and column naming the first.
/// </summary>
public sealed class SeveralExtensionsTests : IDisposable
{
    private static readonly DateOnly AsOf = new(2026, 6, 30);
    private readonly string _dir = Directory.CreateTempSubdirectory("policyrules-extensions-").FullName;
    private readonly string _other = Directory.CreateTempSubdirectory("policyrules-extensions-other-").FullName;

    public void Dispose()
    {
        Directory.Delete(_dir, recursive: true);
        Directory.Delete(_other, recursive: true);
    }

    private const string District = """
        { "Extends": "Enterprise", "Fields": [ { "Name": "registeredInDistrict", "Kind": "bool", "TitleZh": "在本区注册", "TitleEn": "Registered in the district" } ] }
        """;

    private const string Green = """
        {
          "Extends": "Enterprise",
          "Fields": [
            { "Name": "greenCertified", "Kind": "bool", "TitleZh": "绿色认证", "TitleEn": "Green certified" },
            { "Name": "carbonTonnes", "Kind": "decimal", "Min": 0, "TitleZh": "碳排放", "TitleEn": "Carbon emissions" }
          ]
        }
        """;

    private static string Both => RecordKindLoadingTests.Programme("GreenDistrict", "Enterprise",
        "enterprise.RegisteredInDistrict && enterprise.GreenCertified && enterprise.CarbonTonnes <= 100.5");

    private static void Write(string folder, string name, string text) => File.WriteAllText(Path.Combine(folder, name), text);

    [Fact]
    public void Two_extension_files_make_one_extended_kind_a_programme_reads_both()
    {
        Write(_dir, "Enterprise.district.record.json", District);
        Write(_dir, "Enterprise.green.record.json", Green);
        Write(_dir, "GreenDistrict.json", Both);

        var engine = PolicyEngine.LoadDirectory(_dir);

        var schema = engine.Records["Enterprise"];
        Assert.True(typeof(EnterpriseProfile).IsAssignableFrom(schema.RecordType));
        Assert.Contains(schema.Fields, f => f.Name == "registeredInDistrict");
        Assert.Contains(schema.Fields, f => f.Name == "greenCertified");
        Assert.Contains(schema.Fields, f => f.Name == "carbonTonnes");
        Assert.NotNull(schema.RecordType.GetProperty("RegisteredInDistrict"));
        Assert.NotNull(schema.RecordType.GetProperty("CarbonTonnes"));

        var programme = engine.GetProgramme("GreenDistrict", AsOf);
        foreach (var (carbon, eligible) in new[] { ("100.4", true), ("100.5", true), ("100.6", false) })
        {
            var record = ProfileJsonReader.Read("(test)", Encoding.UTF8.GetBytes(
                $$"""{ "id": "E1", "registeredInDistrict": true, "greenCertified": true, "carbonTonnes": {{carbon}} }"""), schema, programme.FieldsRead(AsOf));
            Assert.Equal(eligible, programme.EvaluateRecord(record, AsOf).Eligible);
        }
    }

    [Fact]
    public void Extension_files_in_two_folders_merge_as_well()
    {
        Write(_dir, "Enterprise.district.record.json", District);
        Write(_other, "Enterprise.green.record.json", Green);
        Write(_other, "GreenDistrict.json", Both);

        var engine = PolicyEngine.LoadDirectories(_dir, _other);

        Assert.Equal("Enterprise", engine.GetProgramme("GreenDistrict", AsOf).Schema.Name);
        Assert.Contains(engine.Records["Enterprise"].Fields, f => f.Name == "registeredInDistrict");
        Assert.Contains(engine.Records["Enterprise"].Fields, f => f.Name == "greenCertified");
    }

    [Theory]
    [InlineData("registeredInDistrict")]
    [InlineData("registeredindistrict")] // one CSV column, whatever the case
    public void A_field_both_files_add_is_an_error_at_the_second_files_line_and_column(string repeated)
    {
        Write(_dir, "Enterprise.district.record.json", District);
        var second = $$"""
            {
              "Extends": "Enterprise",
              "Fields": [
                { "Name": "greenCertified", "Kind": "bool", "TitleZh": "绿色认证", "TitleEn": "Green certified" },
                { "Name": "{{repeated}}", "Kind": "bool", "TitleZh": "重复", "TitleEn": "Again" }
              ]
            }
            """;
        Write(_dir, "Enterprise.green.record.json", second);

        var diagnostics = new List<RuleDiagnostic>();
        Assert.False(PolicyEngine.TryLoadDirectory(_dir, diagnostics, out _));

        var error = Assert.Single(diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal(Path.Combine(_dir, "Enterprise.green.record.json"), error.Location.Path);
        Assert.Equal(5, error.Location.Line);
        Assert.Equal(second.Split('\n')[4].IndexOf($"\"{repeated}\"", StringComparison.Ordinal) + 1, error.Location.Column);
        Assert.Contains("already has a field 'registeredInDistrict'", error.Message, StringComparison.Ordinal);
        Assert.Contains("Enterprise.district.record.json", error.Message, StringComparison.Ordinal);
        Assert.Contains("已有字段", error.Message, StringComparison.Ordinal);
        Assert.Equal(Path.Combine(_dir, "Enterprise.district.record.json"), error.RelatedLocation?.Path);
    }
}

using PolicyRules.Model;
using PolicyRules.Records;
using PolicyRules.Reporting;

namespace PolicyRules.Tests.Reporting;

/// <summary>The data dictionary under docs/ is written from the record declarations and the rules, and is never stale.</summary>
public sealed class DataDictionaryTests
{
    private static string Path => System.IO.Path.Combine(TestProfiles.RulesDirectory, "..", "docs", "data-dictionary.md");

    [Fact]
    public void The_tables_are_those_the_declarations_and_the_rules_give()
    {
        var engine = PolicyEngine.LoadDirectory(TestProfiles.RulesDirectory);
        var current = File.ReadAllText(Path).ReplaceLineEndings("\n");
        var expected = FieldDocumentation.Update(current, [RecordSchema.Enterprise, RecordSchema.Person], engine);
        if (Environment.GetEnvironmentVariable("POLICYRULES_UPDATE_DOCS") == "1")
        {
            File.WriteAllText(Path, expected);
            return;
        }

        Assert.True(expected == current, "docs/data-dictionary.md is stale: run POLICYRULES_UPDATE_DOCS=1 dotnet test --filter FullyQualifiedName~DataDictionaryTests");
    }

    [Fact]
    public void Every_field_is_in_the_data_dictionary()
    {
        var dictionary = File.ReadAllText(Path);
        Assert.Contains(FieldDocumentation.BeginMarker("Enterprise"), dictionary, StringComparison.Ordinal);
        Assert.Contains(FieldDocumentation.BeginMarker("Person"), dictionary, StringComparison.Ordinal);
        Assert.All(RecordSchema.Enterprise.Fields.Concat(RecordSchema.Person.Fields), field => Assert.Contains($"| `{field.Name}` |", dictionary, StringComparison.Ordinal));
    }

    [Fact]
    public void The_dictionary_says_which_programmes_read_each_field_as_the_rules_do()
    {
        var engine = PolicyEngine.LoadDirectory(TestProfiles.RulesDirectory);
        var readBy = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(Path).Where(l => l.StartsWith("| `", StringComparison.Ordinal)))
        {
            var cells = line.Split('|', StringSplitOptions.TrimEntries);
            readBy[cells[1].Trim('`')] = cells[7];
        }

        foreach (var programme in engine.Programmes)
        {
            foreach (var version in engine.GetVersions(programme))
            {
                foreach (var field in version.Schema.FieldsIn(version.RequiredFields).Where(f => f.Name != "id"))
                {
                    Assert.True(readBy[field.Name].Contains(programme, StringComparison.Ordinal), $"{field.Name} is read by {programme} {version.Definition.Version}, which the dictionary does not say");
                }
            }
        }
    }

    [Fact]
    public void A_districts_kinds_are_documented_the_same_way()
    {
        var engine = PolicyEngine.LoadDirectory(System.IO.Path.Combine(TestProfiles.RulesDirectory, "..", "samples", "district-policy", "rules"));

        var table = FieldDocumentation.Table(engine.Records["Project"], engine);

        Assert.Contains("| `budget` | yuan to the fen 0–100000000000 | yuan | total | 项目总预算（元） | Total budget (yuan) | KeyRdProjectSupport |", table, StringComparison.Ordinal);
        Assert.Contains("| `selfFundedPercent` | percent 0–100 | percent | — |", table, StringComparison.Ordinal);
        Assert.Contains("| `registeredInDistrict` | true/false | — | at evaluation |", FieldDocumentation.Table(engine.Records["Enterprise"], engine), StringComparison.Ordinal);
    }
}

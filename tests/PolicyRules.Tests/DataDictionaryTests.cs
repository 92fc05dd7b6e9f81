using PolicyRules.Model;

namespace PolicyRules.Tests;

/// <summary>The data dictionary under docs/ lists every field of the input contract.</summary>
public sealed class DataDictionaryTests
{
    [Fact]
    public void Every_profile_field_is_in_the_data_dictionary()
    {
        var dictionary = File.ReadAllText(Path.Combine(TestProfiles.RulesDirectory, "..", "docs", "data-dictionary.md"));
        Assert.All(RecordSchema.Enterprise.Fields.Concat(RecordSchema.Person.Fields), field => Assert.Contains($"`{field.Name}`", dictionary, StringComparison.Ordinal));
    }

    [Fact]
    public void The_dictionary_says_which_programmes_read_each_field_as_the_rules_do()
    {
        var engine = PolicyEngine.LoadDirectory(TestProfiles.RulesDirectory);
        var readBy = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(Path.Combine(TestProfiles.RulesDirectory, "..", "docs", "data-dictionary.md")).Where(l => l.StartsWith("| `", StringComparison.Ordinal)))
        {
            var cells = line.Split('|', StringSplitOptions.TrimEntries);
            foreach (var name in cells[1].Split(',', StringSplitOptions.TrimEntries))
            {
                readBy[name.Trim('`')] = cells[6];
            }
        }

        foreach (var programme in engine.Programmes)
        {
            foreach (var version in engine.GetVersions(programme))
            {
                foreach (var field in version.Schema.FieldsIn(version.RequiredFields))
                {
                    Assert.True(readBy[field.Name].Contains(programme, StringComparison.Ordinal), $"{field.Name} is read by {programme} {version.Definition.Version}, which the dictionary does not say");
                }
            }
        }
    }
}

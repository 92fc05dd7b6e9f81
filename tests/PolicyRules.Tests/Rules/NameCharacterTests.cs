using System.Text;
using System.Text.RegularExpressions;
using CsCheck;
using PolicyRules.Rules;

namespace PolicyRules.Tests.Rules;

/// <summary>
/// Programme, workflow, rule and parameter names become column names (<c>AboveScale.eligible</c>),
/// failed-criterion lists joined by <c>;</c> and names in expressions. A name with a separator
/// (<c>A;B</c> read back as two failed criteria) or a look-alike letter (a Cyrillic <c>е</c>: a second
/// <c>isAboveScale</c> a reviewer cannot tell from the first) loaded without a word; every such name is
/// now PR1002 at the name, naming the character, and only ASCII letters and digits pass — as output
/// names already did.
/// </summary>
public sealed partial class NameCharacterTests
{
    private static string Workflow(string workflow = "Names", string? programme = null, string rule = "Rule", string nested = "Nested", string global = "threshold", string local = "localValue") => $$"""
        {
          "WorkflowName": "{{workflow}}",
          "PolicyRules": { {{(programme is null ? "" : $"\"Programme\": \"{programme}\", ")}}"Version": "1", "TitleZh": "名称", "TitleEn": "Names", "Status": "verified", "EffectiveFrom": "2020-01-01" },
          "GlobalParams": [ { "Name": "{{global}}", "Expression": "10" } ],
          "Rules": [
            { "RuleName": "{{rule}}", "Expression": "enterprise.Employees >= {{global}}", "Properties": { "TitleZh": "规则", "TitleEn": "Rule", "Citation": { "Document": "D", "Article": "A" } } },
            { "RuleName": "Outer", "Operator": "OrElse", "Properties": { "TitleZh": "外", "TitleEn": "Outer", "Citation": { "Document": "D", "Article": "A" } },
              "Rules": [ { "RuleName": "{{nested}}", "LocalParams": [ { "Name": "{{local}}", "Expression": "1" } ], "Expression": "enterprise.Employees >= {{local}}", "Properties": { "TitleZh": "内", "TitleEn": "Inner", "Citation": { "Document": "D", "Article": "A" } } } ] }
          ]
        }
        """;

    private static List<RuleDiagnostic> Errors(string json)
    {
        var diagnostics = new List<RuleDiagnostic>();
        RuleFileReader.Read("rules/Names.json", Encoding.UTF8.GetBytes(json), diagnostics);
        return diagnostics.FindAll(d => d.Severity == DiagnosticSeverity.Error);
    }

    [Fact]
    public void The_plain_file_loads_so_the_refusals_below_come_from_the_names() => Assert.Empty(Errors(Workflow()));

    public static TheoryData<string, string> Hostile => new()
    {
        { "rule", "A;B" },                 // read back as two failed criteria
        { "rule", "IndustrialEnterpris\u0435" }, // Cyrillic е
        { "nested", "=cmd|calc" },
        { "nested", "Inner Rule" },
        { "workflow", "Above.Scale" },     // the column Above.Scale.eligible
        { "workflow", "../../etc" },
        { "programme", "AboveScal\u0435" },
        { "global", "thresh\u043Eld" },    // Cyrillic о: a second "threshold"
        { "local", "local\u202EValue" },   // right-to-left override
        { "local", "1st" },
        { "global", "参数名" },
        { "rule", "Rule_1" },
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public void A_name_that_is_not_ascii_letters_and_digits_is_PR1002_at_the_name_naming_the_character(string where, string name)
    {
        var json = where switch
        {
            "rule" => Workflow(rule: name),
            "nested" => Workflow(nested: name),
            "workflow" => Workflow(workflow: name),
            "programme" => Workflow(programme: name),
            "global" => Workflow(global: name),
            _ => Workflow(local: name),
        };

        var errors = Errors(json);

        var error = Assert.Single(errors, e => e.Id == DiagnosticIds.SchemaViolation);
        var line = json.Split('\n').ToList().FindIndex(l => l.Contains($"\"{name}\"", StringComparison.Ordinal)) + 1;
        Assert.Equal(line, error.Location.Line);
        var bad = char.IsAsciiLetter(name[0]) ? name.First(c => !char.IsAsciiLetterOrDigit(c)) : name[0];
        var halves = error.Message.Split(" / ", 2);
        foreach (var half in halves)
        {
            Assert.Contains($"U+{(int)bad:X4}", half, StringComparison.Ordinal);
            Assert.DoesNotContain("\u202E", half, StringComparison.Ordinal); // shown, never obeyed
        }
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]*$")]
    private static partial Regex AsciiName();

    [Fact]
    public void Any_rule_name_is_accepted_exactly_when_it_is_an_ascii_letter_then_letters_and_digits()
    {
        var alphabet = Gen.OneOf(Gen.Char['a', 'z'], Gen.Char['A', 'Z'], Gen.Char['0', '9'],
            Gen.Int[0, 9].Select(i => "_;.,- =@\u0435\u0430"[i]));
        alphabet.Array[1, 12].Select(chars => new string(chars)).Sample(name =>
        {
            var refused = Errors(Workflow(rule: name)).Exists(e => e.Id == DiagnosticIds.SchemaViolation);
            Assert.Equal(!AsciiName().IsMatch(name), refused);
        }, iter: 300);
    }
}

using System.Text;
using CsCheck;
using PolicyRules.Rules;

namespace PolicyRules.Tests.Security;

/// <summary>
/// Issue 13, class 8: loading stays near-linear in file size because every dimension that could make
/// it superlinear has a limit that is a diagnostic: parameters and rules per workflow, name length, and
/// the names "did you mean" compares. Assertions are on limits and results, not on time.
/// </summary>
public sealed class LoadComplexityTests
{
    private static string Chained(int parameters, string lastExpression = "p{0} > 0") =>
        $$"""
        {
          "WorkflowName": "Chain",
          "PolicyRules": { "Version": "1", "TitleZh": "链", "TitleEn": "Chain", "Status": "verified", "EffectiveFrom": "2020-01-01" },
          "GlobalParams": [
            { "Name": "p0", "Expression": "enterprise.Employees" }{{string.Concat(Enumerable.Range(1, parameters - 1).Select(i => $",\n    {{ \"Name\": \"p{i}\", \"Expression\": \"p{i - 1} + 1\" }}"))}}
          ],
          "Rules": [ { "RuleName": "Rule", "Expression": "{{string.Format(System.Globalization.CultureInfo.InvariantCulture, lastExpression, parameters - 1)}}", "Properties": { "TitleZh": "规则", "TitleEn": "Rule", "Citation": { "Document": "D", "Article": "A" } } } ]
        }
        """;

    private static List<RuleDiagnostic> Load(string json, out bool loaded)
    {
        var diagnostics = new List<RuleDiagnostic>();
        var definitions = RuleFileReader.Read("Chain.json", Encoding.UTF8.GetBytes(json), diagnostics);
        loaded = PolicyEngine.TryCompile(definitions, diagnostics, out _) && !diagnostics.Exists(d => d.Severity == DiagnosticSeverity.Error);
        return diagnostics;
    }

    [Theory]
    [InlineData(1_000, true)]
    [InlineData(1_001, false)]
    [InlineData(20_000, false)] // the attack's 0.8 MB file
    public void Chained_parameters_load_up_to_the_limit_and_past_it_are_one_diagnostic(int parameters, bool accepted)
    {
        Assert.Equal(1_000, RuleFileReader.MaxParameters);
        var diagnostics = Load(Chained(parameters), out var loaded);
        Assert.Equal(accepted, loaded);
        if (!accepted)
        {
            var error = Assert.Single(diagnostics);
            Assert.Equal(DiagnosticIds.SchemaViolation, error.Id);
            Assert.Contains("more than 1,000 parameters", error.Message, StringComparison.Ordinal);
            Assert.Equal(5 + 1_000, error.Location.Line); // on the 1,001st parameter (p0 is on line 5)
        }
    }

    [Fact]
    public void Sixty_six_thousand_parameters_are_a_diagnostic_not_an_InvalidProgramException()
    {
        // 66,000 short parameters fit in the 4 MiB limit only with short names; either limit answers.
        var diagnostics = Load(Chained(66_000), out var loaded);
        Assert.False(loaded);
        Assert.Contains(diagnostics, d => d.Id is DiagnosticIds.SchemaViolation or DiagnosticIds.UnreadableFile);
    }

    [Fact]
    public void More_than_1000_rules_in_a_workflow_are_a_diagnostic()
    {
        var rules = string.Join(",\n", Enumerable.Range(0, RuleFileReader.MaxRules + 1).Select(i =>
            $"{{ \"RuleName\": \"R{i}\", \"Expression\": \"true\", \"Properties\": {{ \"TitleZh\": \"规则\", \"TitleEn\": \"Rule\", \"Citation\": {{ \"Document\": \"D\", \"Article\": \"A\" }} }} }}"));
        var json = $$"""
            { "WorkflowName": "Many", "PolicyRules": { "Version": "1", "TitleZh": "多", "TitleEn": "Many", "Status": "verified", "EffectiveFrom": "2020-01-01" },
              "GlobalParams": [], "Rules": [ {{rules}} ] }
            """;
        var diagnostics = Load(json, out var loaded);
        Assert.False(loaded);
        Assert.Contains(diagnostics, d => d.Message.Contains("more than 1,000 rules", StringComparison.Ordinal));
    }

    [Fact]
    public void A_two_megabyte_name_is_a_diagnostic_and_never_compared_for_suggestions()
    {
        var huge = new string('x', 2 * 1024 * 1024);
        var json = Chained(2, "p1 > 0 && unknownName > 0").Replace("\"p0\"", $"\"{huge}\"", StringComparison.Ordinal).Replace("\"p0 + 1\"", "\"1\"", StringComparison.Ordinal);
        var diagnostics = Load(json, out var loaded);
        Assert.False(loaded);
        Assert.Contains(diagnostics, d => d.Message.Contains("2,097,152 characters long; the limit is 256", StringComparison.Ordinal));
        Assert.Null(Suggest.Closest(huge, ["xxxx"]));
        Assert.Null(Suggest.Closest("unknownName", [huge]));
    }

    /// <summary>
    /// "Did you mean" over random names: a suggestion is always one of the candidates, never one longer
    /// than the compared bound, and names past the bound are never suggested.
    /// </summary>
    [Fact]
    public void Suggestions_stay_within_their_bounds_for_any_names()
    {
        var name = Gen.String[Gen.Char["abcXY_"], 1, 100];
        Gen.Select(name, name.Array[0, 30]).Sample((unknown, candidates) =>
        {
            var suggestion = Suggest.Closest(unknown, candidates);
            if (suggestion is not null)
            {
                Assert.Contains(suggestion, candidates);
                Assert.True(suggestion.Length <= Suggest.MaxCompared && unknown.Length <= Suggest.MaxCompared);
            }
        }, iter: 500);
    }
}

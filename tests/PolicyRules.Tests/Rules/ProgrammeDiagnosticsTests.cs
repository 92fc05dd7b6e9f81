using PolicyRules.Rules;
using PolicyRules.Tests.Rules;

namespace PolicyRules.Tests.Rules;

/// <summary>
/// The load-time checks of composite and population-level programmes, each at its line and column:
/// PR1020 (a name <c>Uses</c> or an expression cannot resolve), PR1021 (a cycle), PR1034 (a programme of
/// the other input kind) and PR1018 (<c>SelectTop</c> metadata that cannot rank).
/// </summary>
public sealed class ProgrammeDiagnosticsTests
{
    /// <summary>One workflow; <paramref name="uses"/> is the JSON inside the Uses array and may hold markup.</summary>
    private static string Workflow(string name, string? uses, string expression, string input = "Enterprise", string globals = "", string metadata = "") => $$"""
          {
            "WorkflowName": "{{name}}",
            "PolicyRules": {
              "Version": "1", "TitleZh": "测试", "TitleEn": "Test", "Status": "verified", "EffectiveFrom": "2020-01-01",
              "Input": "{{input}}"{{(uses is null ? "" : $", \"Uses\": [ {uses} ]")}}{{metadata}}
            },
            "GlobalParams": [ {{globals}} ],
            "Rules": [
              {
                "RuleName": "Rule",
                "Expression": "{{expression}}",
                "Properties": { "TitleZh": "规则", "TitleEn": "Rule", "Citation": { "Document": "D", "Article": "A" } }
              }
            ]
          }
        """;

    private static string FileOf(params string[] workflows) => "[\n" + string.Join(",\n", workflows) + "\n]\n";

    private const string Base = "enterprise.Employees > 0";

    [Fact]
    public void A_misspelt_name_in_Uses_is_PR1020_on_the_name_with_a_suggestion()
    {
        var file = MarkedRuleFile.Parse(FileOf(
            Workflow("BaseProgramme", null, Base),
            Workflow("Composite", "{|PR1020:|}\"BaseProgrome\"", "true")));
        var error = AssertOnly(file, DiagnosticIds.UnknownProgrammeReference);
        Assert.Contains("'BaseProgrome'", error.Message, StringComparison.Ordinal);
        Assert.Contains("did you mean 'BaseProgramme'?", error.Message, StringComparison.Ordinal);
        Assert.Contains("引用的项目 'BaseProgrome' 没有任何规则文件定义，是否应为 'BaseProgramme'？", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_name_in_Uses_like_no_programme_is_PR1020_without_a_suggestion()
    {
        var file = MarkedRuleFile.Parse(FileOf(
            Workflow("BaseProgramme", null, Base),
            Workflow("Composite", "\"BaseProgramme\", {|PR1020:|}\"Zzz\"", "programmes.Eligible(\\\"BaseProgramme\\\")")));
        var error = AssertOnly(file, DiagnosticIds.UnknownProgrammeReference);
        Assert.DoesNotContain("did you mean", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Eligible", "programmes.Eligible({|PR1020:|}\\\"Other\\\")")]
    [InlineData("Score", "programmes.Score({|PR1020:|}\\\"Other\\\") > 0")]
    [InlineData("Classification", "programmes.Classification({|PR1020:|}\\\"Other\\\") == \\\"A\\\"")]
    [InlineData("second of two", "programmes.Eligible(\\\"BaseProgramme\\\") && programmes.Eligible({|PR1020:|}\\\"Other\\\")")]
    public void An_expression_reading_a_programme_its_Uses_does_not_list_is_PR1020_on_the_name(string what, string expression)
    {
        // "Other" exists: the fault is only that the composite does not declare it.
        var file = MarkedRuleFile.Parse(FileOf(
            Workflow("BaseProgramme", null, Base),
            Workflow("Other", null, Base),
            Workflow("Composite", "\"BaseProgramme\"", expression)));
        var error = AssertOnly(file, DiagnosticIds.UnknownProgrammeReference, what);
        Assert.Contains("'Other' is not among the programmes this workflow's \"Uses\" lists (BaseProgramme)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_name_that_is_not_a_literal_is_PR1020_on_the_call()
    {
        var file = MarkedRuleFile.Parse(FileOf(
            Workflow("BaseProgramme", null, Base),
            Workflow("Composite", "\"BaseProgramme\"", "programmes.{|PR1020:Eligible|}(which)",
                globals: """{ "Name": "which", "Expression": "\"BaseProgramme\"" }""")));
        var error = AssertOnly(file, DiagnosticIds.UnknownProgrammeReference);
        Assert.Contains("string literal", error.Message, StringComparison.Ordinal);
        Assert.Contains("字符串常量", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("an earlier call", "programmes.Eligible(\\\"BaseProgramme\\\") || programmes.{|PR1020:Eligible|}(which)")]
    [InlineData("the same word in a member", "enterprise.SpecializedSmeScore > 0 && programmes.{|PR1020:Score|}(which) > 0")]
    [InlineData("the same word in a name", "programmes.Eligible(\\\"BaseProgramme\\\") && programmes.Classification(\\\"BaseProgramme\\\") != \\\"Classification\\\" && programmes.{|PR1020:Classification|}(which) == \\\"A\\\"")]
    public void A_name_that_is_not_a_literal_is_PR1020_on_its_own_call_not_on_the_same_word_before_it(string before, string expression)
    {
        // Reported in testing: the first "Eligible" of the expression was marked, not the faulty call.
        var file = MarkedRuleFile.Parse(FileOf(
            Workflow("BaseProgramme", null, Base),
            Workflow("Composite", "\"BaseProgramme\"", expression,
                globals: """{ "Name": "which", "Expression": "\"BaseProgramme\"" }""")));
        AssertOnly(file, DiagnosticIds.UnknownProgrammeReference, before);
    }

    [Fact]
    public void The_same_undeclared_name_twice_is_reported_at_each_place()
    {
        var file = MarkedRuleFile.Parse(FileOf(
            Workflow("BaseProgramme", null, Base),
            Workflow("Other", null, Base),
            Workflow("Composite", "\"BaseProgramme\"", "programmes.Eligible({|PR1020:|}\\\"Other\\\") || programmes.Score({|PR1020:|}\\\"Other\\\") > 0")));
        var diagnostics = file.Diagnose();
        Assert.Equal(2, diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error));
        foreach (var (id, line, column) in file.Expected)
        {
            Assert.Contains(diagnostics, d => d.Id == id && d.Location.Line == line && d.Location.Column == column);
        }
    }

    [Fact]
    public void A_cycle_of_three_is_one_PR1021_on_the_name_that_closes_it()
    {
        // Listed out of order: the search starts from the first name in ordinal order, whatever the file order.
        var file = MarkedRuleFile.Parse(FileOf(
            Workflow("CycleC", "{|PR1021:|}\"CycleA\"", "programmes.Eligible(\\\"CycleA\\\")"),
            Workflow("CycleA", "\"CycleB\"", "programmes.Eligible(\\\"CycleB\\\")"),
            Workflow("CycleB", "\"CycleC\"", "programmes.Eligible(\\\"CycleC\\\")")));
        var error = AssertOnly(file, DiagnosticIds.ProgrammeCycle);
        Assert.Contains("CycleA → CycleB → CycleC → CycleA", error.Message, StringComparison.Ordinal);
        Assert.Contains("循环引用", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_programme_using_itself_is_PR1021()
    {
        var file = MarkedRuleFile.Parse(FileOf(
            Workflow("Selfish", "{|PR1021:|}\"Selfish\"", "programmes.Eligible(\\\"Selfish\\\")")));
        var error = AssertOnly(file, DiagnosticIds.ProgrammeCycle);
        Assert.Contains("Selfish → Selfish", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cycle_does_not_load()
    {
        var file = MarkedRuleFile.Parse(FileOf(Workflow("Selfish", "\"Selfish\"", "programmes.Eligible(\\\"Selfish\\\")")));
        var diagnostics = new List<RuleDiagnostic>();
        var definitions = RuleFileReader.Read("rules/Test.json", System.Text.Encoding.UTF8.GetBytes(file.Text), diagnostics);
        Assert.False(PolicyEngine.TryCompile(definitions, diagnostics, out var engine));
        Assert.Null(engine);
    }

    [Fact]
    public void An_enterprise_programme_using_a_person_programme_is_PR1034()
    {
        var file = MarkedRuleFile.Parse(FileOf(
            Workflow("Talent", null, "person.LeadingTalentQualified", input: "Person"),
            Workflow("Employer", "{|PR1034:|}\"Talent\"", "programmes.Eligible(\\\"Talent\\\")")));
        var error = AssertOnly(file, DiagnosticIds.UsesOtherKind);
        Assert.Contains("Employer evaluates Enterprise records but uses 'Talent', which evaluates Person records", error.Message, StringComparison.Ordinal);
        Assert.NotNull(error.RelatedLocation);
        Assert.Equal(3, error.RelatedLocation!.Line); // Talent's WorkflowName
    }

    [Fact]
    public void A_person_programme_using_an_enterprise_programme_is_PR1034()
    {
        var file = MarkedRuleFile.Parse(FileOf(
            Workflow("BaseProgramme", null, Base),
            Workflow("Talent", "{|PR1034:|}\"BaseProgramme\"", "person.LeadingTalentQualified && programmes.Eligible(\\\"BaseProgramme\\\")", input: "Person")));
        var error = AssertOnly(file, DiagnosticIds.UsesOtherKind);
        Assert.Contains("Talent evaluates Person records but uses 'BaseProgramme', which evaluates Enterprise records", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Composites_that_resolve_load_and_read_their_used_programmes()
    {
        var file = MarkedRuleFile.Parse(FileOf(
            Workflow("BaseProgramme", null, "enterprise.Employees > 100"),
            Workflow("Middle", "\"BaseProgramme\"", "programmes.Eligible(\\\"BaseProgramme\\\")"),
            Workflow("Top", "\"Middle\"", "!programmes.Eligible(\\\"Middle\\\")")));
        var diagnostics = new List<RuleDiagnostic>();
        var definitions = RuleFileReader.Read("rules/Test.json", System.Text.Encoding.UTF8.GetBytes(file.Text), diagnostics);
        Assert.True(PolicyEngine.TryCompile(definitions, diagnostics, out var engine), string.Join("\n", diagnostics));

        var small = TestProfiles.Baseline() with { Employees = 100 };
        var large = TestProfiles.Baseline() with { Employees = 101 };
        Assert.True(engine.Evaluate("Top", small, TestProfiles.AsOf).Eligible);
        Assert.False(engine.Evaluate("Top", large, TestProfiles.AsOf).Eligible);

        // Two levels deep: Top's result carries Middle's, which carries BaseProgramme's.
        var nested = engine.Evaluate("Top", large, TestProfiles.AsOf);
        var middle = Assert.Single(nested.Uses);
        Assert.True(middle.Eligible);
        Assert.True(Assert.Single(middle.Uses).Eligible);

        var screener = Bulk.ProgrammeScreener.Create([engine.GetProgramme("Top", TestProfiles.AsOf)], TestProfiles.AsOf);
        screener.Screen(small);
        Assert.True(screener.Eligible(0));
        screener.Screen(large);
        Assert.False(screener.Eligible(0));
    }

    // ---- SelectTop (population-level programmes) ------------------------------------------

    private static string Ranked(string topN, bool withScore = true) => Workflow(
        "Ranked", null, "enterprise.Employees > 0",
        globals: $$"""{ "Name": "topN", "Expression": {{topN}} }, { "Name": "index", "Expression": "enterprise.TechStaff * 1m" }""",
        metadata: (withScore ? ", \"Score\": \"index\"" : "") + ", \"SelectTop\": \"topN\"");

    [Theory]
    [InlineData("record-dependent", "{|PR1018:|}\"enterprise.Employees\"")]
    [InlineData("zero", "{|PR1018:|}\"0\"")]
    [InlineData("negative", "{|PR1018:|}\"-3\"")]
    [InlineData("fractional", "{|PR1018:|}\"2.5m\"")]
    public void SelectTop_naming_anything_but_a_whole_constant_of_at_least_1_is_PR1018_on_its_expression(string fault, string topN)
    {
        var error = AssertOnly(MarkedRuleFile.Parse(FileOf(Ranked(topN))), DiagnosticIds.InvalidMetadata, fault);
        Assert.Contains("SelectTop", error.Message, StringComparison.Ordinal);
        Assert.Contains("at least 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SelectTop_without_a_Score_is_PR1018_on_the_workflow()
    {
        var text = Ranked("\"5\"", withScore: false).Replace("\"WorkflowName\": \"Ranked\"", "\"WorkflowName\": {|PR1018:|}\"Ranked\"", StringComparison.Ordinal);
        var error = AssertOnly(MarkedRuleFile.Parse(FileOf(text)), DiagnosticIds.InvalidMetadata);
        Assert.Contains("PolicyRules.Score", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SelectTop_naming_a_missing_parameter_is_PR1018_on_the_workflow()
    {
        var text = Ranked("\"5\"").Replace("\"SelectTop\": \"topN\"", "\"SelectTop\": \"topM\"", StringComparison.Ordinal)
            .Replace("\"WorkflowName\": \"Ranked\"", "\"WorkflowName\": {|PR1018:|}\"Ranked\"", StringComparison.Ordinal);
        var error = AssertOnly(MarkedRuleFile.Parse(FileOf(text)), DiagnosticIds.InvalidMetadata);
        Assert.Contains("'topM'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_valid_SelectTop_loads_with_its_N()
    {
        var file = MarkedRuleFile.Parse(FileOf(Ranked("\"7\"")));
        var diagnostics = new List<RuleDiagnostic>();
        var definitions = RuleFileReader.Read("rules/Test.json", System.Text.Encoding.UTF8.GetBytes(file.Text), diagnostics);
        Assert.True(PolicyEngine.TryCompile(definitions, diagnostics, out var engine), string.Join("\n", diagnostics));
        Assert.Equal(7, engine.GetProgramme("Ranked", TestProfiles.AsOf).SelectTop);
        Assert.Equal(50, PolicyEngine.LoadDirectory(TestProfiles.RulesDirectory).GetProgramme("InnovationIndexTop50", TestProfiles.AsOf).SelectTop);
    }

    /// <summary>
    /// Every markup place has its diagnostic, and the file has no other error: one fault, one
    /// diagnostic, where the markup says.
    /// </summary>
    private static RuleDiagnostic AssertOnly(MarkedRuleFile file, string id, string? what = null)
    {
        var diagnostics = file.Diagnose();
        var report = $"{what}: got{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", diagnostics);
        var (expectedId, line, column) = Assert.Single(file.Expected);
        Assert.Equal(id, expectedId);
        var errors = diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 1, report);
        var error = errors[0];
        Assert.True((error.Id, error.Location.Line, error.Location.Column) == (id, line, column), $"expected {id} at ({line},{column}); {report}");
        return error;
    }
}

namespace PolicyRules.Analyzers.Tests;

/// <summary>Each rule-file diagnostic lands on its token inside the JSON, as markup in the text shows.</summary>
public sealed class RuleFileAnalyzerTests
{
    private const string Source = "class C { }";

    private static string Workflow(string expression, string extraRule = "") => $$"""
        [
          {
            "WorkflowName": "Sample",
            "PolicyRules": { "Version": "1", "TitleZh": "样例", "TitleEn": "Sample", "Status": "verified", "EffectiveFrom": "2020-01-01" },
            "GlobalParams": [ { "Name": "staffRatio", "Expression": "Ratio.Of(enterprise.TechStaff, enterprise.Employees)" } ],
            "Rules": [
              {
                "RuleName": "Rule",
                "Expression": "{{expression}}",
                "Properties": { "TitleZh": "规则", "TitleEn": "Rule", "Citation": { "Document": "D", "Article": "A" } }
              }{{extraRule}}
            ]
          }
        ]
        """;

    [Fact]
    public Task A_valid_rule_file_has_no_diagnostics() =>
        Verify.Analyzer<RuleFileAnalyzer>(Source, ("/project/rules/Sample.json", Workflow("staffRatio >= 0.10")));

    [Fact]
    public Task Invalid_json_PR1001() =>
        Verify.Analyzer<RuleFileAnalyzer>(Source, ("/project/rules/Sample.json", "[ { \"WorkflowName\": \"Sample\", {|PR1001:}|} ]"));

    [Fact]
    public Task Misspelt_property_PR1002() =>
        Verify.Analyzer<RuleFileAnalyzer>(Source, ("/project/rules/Sample.json",
            Workflow("true").Replace("\"Properties\":", "{|PR1002:\"Propertes\"|}:", StringComparison.Ordinal)));

    [Fact]
    public Task Unknown_operator_PR1003() =>
        Verify.Analyzer<RuleFileAnalyzer>(Source, ("/project/rules/Sample.json",
            Workflow("true").Replace("\"Expression\": \"true\",", "\"Operator\": {|PR1003:\"Xor\"|}, \"Rules\": [ { \"RuleName\": \"Child\", \"Expression\": \"true\", \"Properties\": { \"TitleZh\": \"子\", \"TitleEn\": \"Child\", \"Citation\": { \"Document\": \"D\", \"Article\": \"A\" } } } ],", StringComparison.Ordinal)));

    [Fact]
    public Task Duplicate_workflow_across_files_PR1004() =>
        Verify.Analyzer<RuleFileAnalyzer>(Source,
            ("/project/rules/A.json", Workflow("true")),
            ("/project/rules/B.json", Workflow("true").Replace("\"WorkflowName\": \"Sample\"", "\"WorkflowName\": {|PR1004:\"Sample\"|}", StringComparison.Ordinal)));

    [Fact]
    public Task Duplicate_rule_name_PR1005() =>
        Verify.Analyzer<RuleFileAnalyzer>(Source, ("/project/rules/Sample.json", Workflow("true",
            """
            ,
                  { "RuleName": {|PR1005:"Rule"|}, "Expression": "true", "Properties": { "TitleZh": "规则", "TitleEn": "Rule", "Citation": { "Document": "D", "Article": "A" } } }
            """)));

    [Fact]
    public Task A_duplicate_rule_name_also_points_at_the_first_one()
    {
        var text = Workflow("true",
            """
            ,
                  { "RuleName": {|#0:"Rule"|}, "Expression": "true", "Properties": { "TitleZh": "规则", "TitleEn": "Rule", "Citation": { "Document": "D", "Article": "A" } } }
            """).Replace("\"RuleName\": \"Rule\",\n", "\"RuleName\": {|#1:\"Rule\"|},\n", StringComparison.Ordinal);
        var expected = new Microsoft.CodeAnalysis.Testing.DiagnosticResult("PR1005", Microsoft.CodeAnalysis.DiagnosticSeverity.Error)
            .WithLocation(0).WithLocation(1)
            .WithMessage("Rule name 'Rule' is used twice in this workflow; the first is at /project/rules/Sample.json(8,21). / 规则名重复，首次出现于 /project/rules/Sample.json(8,21)。");
        return Verify.Analyzer<RuleFileAnalyzer>(Source, [("/project/rules/Sample.json", text)], [expected]);
    }

    [Fact]
    public Task Misspelt_member_PR1006() =>
        Verify.Analyzer<RuleFileAnalyzer>(Source, ("/project/rules/Sample.json", Workflow("enterprise.{|PR1006:Employes|} >= 10")));

    [Fact]
    public Task Syntax_error_PR1007() =>
        Verify.Analyzer<RuleFileAnalyzer>(Source, ("/project/rules/Sample.json", Workflow("(enterprise.Employees >= 10{|PR1007:|}")));

    [Fact]
    public Task Non_boolean_PR1008() =>
        Verify.Analyzer<RuleFileAnalyzer>(Source, ("/project/rules/Sample.json", Workflow("{|PR1008:e|}nterprise.Employees + 1")));

    [Fact]
    public Task Type_mismatch_PR1009() =>
        Verify.Analyzer<RuleFileAnalyzer>(Source, ("/project/rules/Sample.json", Workflow("{|PR1009:enterprise.Name > 3|}")));

    [Fact]
    public Task Unknown_parameter_PR1010() =>
        Verify.Analyzer<RuleFileAnalyzer>(Source, ("/project/rules/Sample.json", Workflow("{|PR1010:staffRatoi|} >= 0.1")));

    [Fact]
    public Task Tier_table_out_of_order_PR1012() =>
        Verify.Analyzer<RuleFileAnalyzer>(Source, ("/project/rules/Sample.json",
            Workflow("Tiers.Lookup(staffRatio, \\\">= 10%: 4; {|PR1012:>= 20%: 12|}; else: 0\\\") > 0")));

    [Fact]
    public Task Missing_citation_PR1014() =>
        Verify.Analyzer<RuleFileAnalyzer>(Source, ("/project/rules/Sample.json",
            Workflow("true").Replace(", \"Citation\": { \"Document\": \"D\", \"Article\": \"A\" }", "", StringComparison.Ordinal)
                .Replace("\"RuleName\": \"Rule\"", "\"RuleName\": {|PR1014:\"Rule\"|}", StringComparison.Ordinal)));

    [Fact]
    public Task Reflection_PR1015() =>
        Verify.Analyzer<RuleFileAnalyzer>(Source, ("/project/rules/Sample.json", Workflow("{|PR1015:Process|}.GetCurrentProcess() != null")));

    /// <summary>A few of the hostile corpus (PolicyRules.Tests/Security/HostileExpressionTests) refused at build time too.</summary>
    [Theory]
    [InlineData("enterprise.{|PR1015:G|}etType() != null")]
    [InlineData("\\\"\\\".{|PR1015:G|}etType().Assembly != null")]
    [InlineData("{|PR1015:File|}.Create(\\\"/tmp/policyrules-hostile\\\") != null")]
    [InlineData("{|PR1015:Environment|}.SetEnvironmentVariable(\\\"X\\\", \\\"1\\\") == null")]
    [InlineData("{|PR1015:DateTime.Now|}.Year > 2000")]
    [InlineData("{|PR1015:Regex|}.IsMatch(enterprise.Name, \\\"(a+)+$\\\")")]
    [InlineData("(((((((((((((((((((((((((((((((({|PR1007:(|}true)))))))))))))))))))))))))))))))))")]
    public Task Hostile_expressions_are_refused_at_build_time(string expression) =>
        Verify.Analyzer<RuleFileAnalyzer>(Source, ("/project/rules/Sample.json", Workflow(expression)));

    [Fact]
    public Task Double_PR1016() =>
        Verify.Analyzer<RuleFileAnalyzer>(Source, ("/project/rules/Sample.json", Workflow("{|PR1016:enterprise.Employees * 1.5d > 3|}")));

    [Fact]
    public Task Unguarded_division_PR1017() =>
        Verify.Analyzer<RuleFileAnalyzer>(Source, ("/project/rules/Sample.json", Workflow("enterprise.RdExpenseY1 {|PR1017:/|} enterprise.RevenueY1 >= 0.05")));

    [Fact]
    public Task Missing_score_parameter_PR1018() =>
        Verify.Analyzer<RuleFileAnalyzer>(Source, ("/project/rules/Sample.json",
            Workflow("true").Replace("\"EffectiveFrom\": \"2020-01-01\"", "\"EffectiveFrom\": \"2020-01-01\", \"Score\": \"total\"", StringComparison.Ordinal)
                .Replace("\"WorkflowName\": \"Sample\"", "\"WorkflowName\": {|PR1018:\"Sample\"|}", StringComparison.Ordinal)));

    [Fact]
    public Task Files_outside_rules_are_not_rule_files() =>
        Verify.Analyzer<RuleFileAnalyzer>(Source, ("/project/config/appsettings.json", "{ not json"));
}

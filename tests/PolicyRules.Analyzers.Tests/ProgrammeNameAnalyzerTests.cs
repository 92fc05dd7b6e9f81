using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace PolicyRules.Analyzers.Tests;

/// <summary>PR2001: a programme name in C# that no rule file defines, and its code fix.</summary>
public sealed class ProgrammeNameAnalyzerTests
{
    private static readonly (string, string) HighTech = ("/project/rules/HighTechEnterprise.json", File.ReadAllText(Path.Combine(PolicyEngine.BundledRulesDirectory, "HighTechEnterprise.json")));

    private const string Misspelt = """
        using PolicyRules;
        class C
        {
            static object M(PolicyEngine engine) => engine.GetVersions({|PR2001:"HighTechEnterprize"|});
        }
        """;

    private const string Fixed = """
        using PolicyRules;
        class C
        {
            static object M(PolicyEngine engine) => engine.GetVersions("HighTechEnterprise");
        }
        """;

    [Fact]
    public Task A_misspelt_programme_name_is_an_error() => Verify.Analyzer<ProgrammeNameAnalyzer>(Misspelt, HighTech);

    [Fact]
    public Task A_known_programme_name_is_fine() => Verify.Analyzer<ProgrammeNameAnalyzer>(Fixed, HighTech);

    [Fact]
    public Task A_name_that_is_not_a_constant_is_not_checked() => Verify.Analyzer<ProgrammeNameAnalyzer>("""
        using PolicyRules;
        class C
        {
            static object M(PolicyEngine engine, string name) => engine.GetVersions(name);
        }
        """, HighTech);

    [Fact]
    public Task The_code_fix_uses_the_suggested_name() =>
        Verify.CodeFix<ProgrammeNameAnalyzer, ProgrammeNameCodeFix>(Misspelt, Fixed, HighTech);

    private static readonly (string, string)[] Versioned =
    [
        ("/project/rules/Quality.json", """
            [
              {
                "WorkflowName": "Quality2022",
                "PolicyRules": { "Programme": "Quality", "Version": "2022", "TitleZh": "质量", "TitleEn": "Quality", "Status": "secondary", "EffectiveFrom": "2022-06-01", "EffectiveTo": "2026-03-31" },
                "Rules": [ { "RuleName": "R", "Expression": "true", "Properties": { "TitleZh": "规", "TitleEn": "R", "Citation": { "Document": "D", "Article": "A" } } } ]
              },
              {
                "WorkflowName": "Quality2026",
                "PolicyRules": { "Programme": "Quality", "Version": "2026", "TitleZh": "质量", "TitleEn": "Quality", "Status": "provisional", "EffectiveFrom": "2026-04-01" },
                "Rules": [ { "RuleName": "R", "Expression": "true", "Properties": { "TitleZh": "规", "TitleEn": "R", "Citation": { "Document": "D", "Article": "A" } } } ]
              }
            ]
            """),
    ];

    [Fact]
    public Task A_versioned_programme_evaluated_as_of_the_clock_is_flagged_naming_the_versions() => Verify.Analyzer<ProgrammeNameAnalyzer>("""
        using System;
        using PolicyRules;
        using PolicyRules.Model;
        class C
        {
            static object M(PolicyEngine engine, EnterpriseProfile profile) =>
                engine.Evaluate("Quality", profile, {|#0:DateOnly.FromDateTime(DateTime.Today)|});
        }
        """, Versioned, [new DiagnosticResult("PR2003", DiagnosticSeverity.Warning).WithLocation(0).WithMessage(
            "The as-of date is read from the clock (DateTime.Today): the same call gives other answers on another day, and programme 'Quality' has dated versions that take effect on set days; "
            + "pass the date the application or decision refers to / 评估日期取自系统时钟（DateTime.Today）：同一调用换一天运行会得到不同结果，且项目 'Quality' 有按日期生效的多个版本；请传入申请或决定所依据的日期")]);

    [Fact]
    public Task A_versioned_programme_evaluated_as_of_a_given_date_is_fine() => Verify.Analyzer<ProgrammeNameAnalyzer>("""
        using System;
        using PolicyRules;
        using PolicyRules.Model;
        class C
        {
            static object M(PolicyEngine engine, EnterpriseProfile profile, DateOnly submitted) =>
                engine.Evaluate("Quality", profile, submitted);
        }
        """, Versioned);

    [Fact]
    public Task A_single_version_programme_as_of_today_is_still_a_warning() => Verify.Analyzer<ProgrammeNameAnalyzer>("""
        using System;
        using PolicyRules;
        using PolicyRules.Model;
        class C
        {
            static object M(PolicyEngine engine, EnterpriseProfile profile) =>
                engine.Evaluate("HighTechEnterprise", profile, {|PR2003:DateOnly.FromDateTime(DateTime.Today)|});
        }
        """, HighTech);
}

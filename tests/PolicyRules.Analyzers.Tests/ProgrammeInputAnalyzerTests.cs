using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace PolicyRules.Analyzers.Tests;

/// <summary>PR2002: a profile of the kind the programme does not evaluate, caught in the build instead of as an ArgumentException.</summary>
public sealed class ProgrammeInputAnalyzerTests
{
    private static readonly (string, string)[] Bundled =
    [
        ("/project/rules/HighTechEnterprise.json", Bundle("HighTechEnterprise.json")),
        ("/project/rules/YoungTalentLeader.json", Bundle("YoungTalentLeader.json")),
    ];

    private static string Bundle(string file) => File.ReadAllText(Path.Combine(PolicyEngine.BundledRulesDirectory, file));

    private static string Code(string body) => $$"""
        using System;
        using PolicyRules;
        using PolicyRules.Gaps;
        using PolicyRules.Model;
        class C
        {
            static object M(PolicyEngine engine, EnterpriseProfile enterprise, PersonProfile person, DateOnly asOf) =>
                {{body}};
        }
        """;

    [Fact]
    public Task An_enterprise_profile_for_a_person_programme_is_an_error_naming_both_kinds()
    {
        var expected = new DiagnosticResult("PR2002", DiagnosticSeverity.Error)
            .WithLocation(0)
            .WithMessage("Programme 'YoungTalentLeader' evaluates person profiles (PersonProfile), not EnterpriseProfile / 项目 'YoungTalentLeader' 的评估对象为人才画像（PersonProfile），而非企业画像（EnterpriseProfile）");
        return Verify.Analyzer<ProgrammeInputAnalyzer>(Code("""engine.Evaluate("YoungTalentLeader", {|#0:enterprise|}, asOf)"""), Bundled, [expected]);
    }

    [Fact]
    public Task A_person_profile_for_an_enterprise_programme_is_an_error()
    {
        var expected = new DiagnosticResult("PR2002", DiagnosticSeverity.Error)
            .WithLocation(0)
            .WithMessage("Programme 'HighTechEnterprise' evaluates enterprise profiles (EnterpriseProfile), not PersonProfile / 项目 'HighTechEnterprise' 的评估对象为企业画像（EnterpriseProfile），而非人才画像（PersonProfile）");
        return Verify.Analyzer<ProgrammeInputAnalyzer>(Code("""engine.Evaluate("HighTechEnterprise", {|#0:person|}, asOf)"""), Bundled, [expected]);
    }

    [Fact]
    public Task Matching_profiles_are_fine() => Verify.Analyzer<ProgrammeInputAnalyzer>("""
        using System;
        using PolicyRules;
        using PolicyRules.Gaps;
        using PolicyRules.Model;
        class C
        {
            static void M(PolicyEngine engine, EnterpriseProfile enterprise, PersonProfile person, DateOnly asOf)
            {
                engine.Evaluate("HighTechEnterprise", enterprise, asOf);
                engine.EvaluateWithGaps("HighTechEnterprise", enterprise, asOf);
                engine.Evaluate("YoungTalentLeader", person, asOf);
                engine.GetProgramme("YoungTalentLeader", asOf).Evaluate(person, asOf);
                engine.GetProgramme("HighTechEnterprise", asOf).EvaluateRecord(enterprise, asOf);
            }
        }
        """, Bundled);

    [Fact]
    public Task A_named_profile_argument_is_checked() =>
        Verify.Analyzer<ProgrammeInputAnalyzer>(Code("""engine.Evaluate(asOf: asOf, person: {|PR2002:person|}, programme: "HighTechEnterprise")"""), Bundled);

    [Fact]
    public Task Gap_analysis_of_a_person_programme_is_an_error() =>
        Verify.Analyzer<ProgrammeInputAnalyzer>(Code("""engine.EvaluateWithGaps("YoungTalentLeader", {|PR2002:enterprise|}, asOf)"""), Bundled);

    [Fact]
    public Task A_programme_taken_from_GetProgramme_is_checked() =>
        Verify.Analyzer<ProgrammeInputAnalyzer>(Code("""engine.GetProgramme("YoungTalentLeader", asOf).Evaluate({|PR2002:enterprise|}, asOf)"""), Bundled);

    [Fact]
    public Task A_profile_passed_as_an_object_record_is_checked() =>
        Verify.Analyzer<ProgrammeInputAnalyzer>(Code("""engine.GetProgramme("HighTechEnterprise", asOf).EvaluateRecord({|PR2002:person|}, asOf)"""), Bundled);

    [Fact]
    public Task A_constant_holding_the_name_is_checked() => Verify.Analyzer<ProgrammeInputAnalyzer>("""
        using System;
        using PolicyRules;
        using PolicyRules.Gaps;
        using PolicyRules.Model;
        static class Programmes
        {
            public const string Talent = "YoungTalentLeader";
        }
        class C
        {
            static object M(PolicyEngine engine, EnterpriseProfile enterprise, DateOnly asOf) =>
                engine.Evaluate(Programmes.Talent, {|PR2002:enterprise|}, asOf);
        }
        """, Bundled);

    [Fact]
    public Task A_name_that_is_not_a_constant_is_not_checked() => Verify.Analyzer<ProgrammeInputAnalyzer>("""
        using System;
        using PolicyRules;
        using PolicyRules.Gaps;
        using PolicyRules.Model;
        class C
        {
            static object M(PolicyEngine engine, EnterpriseProfile enterprise, DateOnly asOf, string name) =>
                engine.Evaluate(name, enterprise, asOf);
        }
        """, Bundled);

    [Fact]
    public Task An_unknown_name_is_left_to_PR2001() =>
        Verify.Analyzer<ProgrammeInputAnalyzer>(Code("""engine.Evaluate("YoungTalentLeadr", enterprise, asOf)"""), Bundled);

    [Fact]
    public Task A_programme_whose_versions_evaluate_different_kinds_is_not_checked() =>
        Verify.Analyzer<ProgrammeInputAnalyzer>(Code("""(engine.Evaluate("Mixed", enterprise, asOf), engine.Evaluate("Mixed", person, asOf))"""), ("/project/rules/Mixed.json", """
            [
              {
                "WorkflowName": "Mixed2022",
                "PolicyRules": { "Programme": "Mixed", "Version": "2022", "TitleZh": "混", "TitleEn": "Mixed", "Status": "secondary", "EffectiveFrom": "2022-01-01", "EffectiveTo": "2023-12-31" },
                "Rules": [ { "RuleName": "R", "Expression": "true", "Properties": { "TitleZh": "规", "TitleEn": "R", "Citation": { "Document": "D", "Article": "A" } } } ]
              },
              {
                "WorkflowName": "Mixed2024",
                "PolicyRules": { "Programme": "Mixed", "Version": "2024", "TitleZh": "混", "TitleEn": "Mixed", "Status": "secondary", "EffectiveFrom": "2024-01-01", "Input": "Person" },
                "Rules": [ { "RuleName": "R", "Expression": "true", "Properties": { "TitleZh": "规", "TitleEn": "R", "Citation": { "Document": "D", "Article": "A" } } } ]
              }
            ]
            """));
}

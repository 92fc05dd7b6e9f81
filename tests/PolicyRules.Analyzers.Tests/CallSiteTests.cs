using System.Reflection;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using PolicyRules.Extensions.DependencyInjection;

namespace PolicyRules.Analyzers.Tests;

/// <summary>
/// PR2001, PR2002 and PR2003 on every PolicyRules API, not only <c>PolicyEngine</c>: the DI
/// package's <c>IPolicyRules</c>, gap analysis, screening, ranking and every clock form.
/// </summary>
public sealed class CallSiteTests
{
    private static readonly (string, string)[] Bundled =
    [
        ("/project/rules/HighTechEnterprise.json", Bundle("HighTechEnterprise.json")),
        ("/project/rules/YoungTalentLeader.json", Bundle("YoungTalentLeader.json")),
    ];

    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using PolicyRules;
        using PolicyRules.Bulk;
        using PolicyRules.Compilation;
        using PolicyRules.Evaluation;
        using PolicyRules.Extensions.DependencyInjection;
        using PolicyRules.Gaps;
        using PolicyRules.Model;
        using PolicyRules.Screening;

        """;

    private const string Parameters = "PolicyEngine engine, IPolicyRules rules, CompiledProgramme programme, EnterpriseProfile enterprise, PersonProfile person, "
        + "List<EnterpriseProfile> enterprises, ScreeningBuffer buffer, TimeProvider clock, ProgrammeOutcomes outcomes, DateOnly asOf";

    private static string Bundle(string file) => File.ReadAllText(Path.Combine(PolicyEngine.BundledRulesDirectory, file));

    private static DiagnosticResult Unknown(int location, string name, string suggestion) =>
        new DiagnosticResult("PR2001", DiagnosticSeverity.Error).WithLocation(location)
            .WithMessage($"No rule file defines programme '{name}'; did you mean '{suggestion}'? / 没有规则文件定义项目 '{name}'；是否应为 '{suggestion}'？");

    private static DiagnosticResult Clock(int location, string clock) =>
        new DiagnosticResult("PR2003", DiagnosticSeverity.Warning).WithLocation(location)
            .WithMessage($"The as-of date is read from the clock ({clock}): the same call gives other answers on another day; pass the date the application or decision refers to / 评估日期取自系统时钟（{clock}）：同一调用换一天运行会得到不同结果；请传入申请或决定所依据的日期");

    private static DiagnosticResult Mismatch(int location, string programme, string expected, string given) =>
        new DiagnosticResult("PR2002", DiagnosticSeverity.Error).WithLocation(location)
            .WithMessage(expected == "EnterpriseProfile"
                ? $"Programme '{programme}' evaluates enterprise profiles (EnterpriseProfile), not {given} / 项目 '{programme}' 的评估对象为企业画像（EnterpriseProfile），而非人才画像（{given}）"
                : $"Programme '{programme}' evaluates person profiles (PersonProfile), not {given} / 项目 '{programme}' 的评估对象为人才画像（PersonProfile），而非企业画像（{given}）");

    /// <summary>Every public method of the SDK with a <c>string programme</c> parameter, found by reflection, so a new one is swept too.</summary>
    private static List<MethodInfo> ProgrammeApis() =>
        [.. new[] { typeof(PolicyEngine).Assembly, typeof(IPolicyRules).Assembly }
            .SelectMany(a => a.GetExportedTypes())
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(m => !m.IsSpecialName && m.GetParameters().Any(p => p.Name == "programme" && p.ParameterType == typeof(string)))
            .OrderBy(m => m.DeclaringType!.FullName + "." + m.Name + "(" + string.Join(",", m.GetParameters().Select(p => p.Name)) + ")", StringComparer.Ordinal)];

    [Fact]
    public Task A_misspelt_name_is_caught_on_every_public_API_that_takes_a_programme_name()
    {
        var apis = ProgrammeApis();
        Assert.Contains(apis, m => m.DeclaringType == typeof(IPolicyRules));
        Assert.Contains(apis, m => m.Name == nameof(PolicyRules.Gaps.GapEvaluation.EvaluateWithGaps));
        Assert.Contains(apis, m => m.Name == nameof(PolicyRules.Screening.PolicyEngineRanking.RankPopulation));

        var code = new StringBuilder(Usings).AppendLine("class C").AppendLine("{");
        var expected = new List<DiagnosticResult>();
        for (var i = 0; i < apis.Count; i++)
        {
            var method = apis[i];
            var target = method.IsStatic ? "global::" + method.DeclaringType!.FullName : "target";
            var arguments = method.GetParameters().Select(p => p.Name == "programme" ? $"programme: {{|#{i}:\"HighTechEnterprize\"|}}" : $"{p.Name}: default!");
            // A static class (the extension classes) cannot be a parameter type; its methods are called on the class.
            var receiver = method.DeclaringType!.IsAbstract && method.DeclaringType.IsSealed ? "" : $"global::{method.DeclaringType.FullName} target";
            code.AppendLine($"    static void M{i}({receiver}) => _ = {target}.{method.Name}({string.Join(", ", arguments)});");
            expected.Add(Unknown(i, "HighTechEnterprize", "HighTechEnterprise"));
        }

        code.AppendLine("}");
        return Verify.Analyzer<ProgrammeNameAnalyzer>(code.ToString(), Bundled, [.. expected]);
    }

    [Fact]
    public Task Each_name_in_a_list_of_programmes_is_checked() => Verify.Analyzer<ProgrammeNameAnalyzer>(Usings + $$"""
        class C
        {
            static void M({{Parameters}})
            {
                rules.Screen("in.csv", "out.csv", ["HighTechEnterprise", {|#0:"YoungTalentLeadr"|}], asOf);
                rules.Screen("in.csv", "out.csv", new[] { {|#1:"HighTechEnterprize"|} }, asOf);
            }
        }
        """, Bundled, [Unknown(0, "YoungTalentLeadr", "YoungTalentLeader"), Unknown(1, "HighTechEnterprize", "HighTechEnterprise")]);

    [Fact]
    public Task The_code_fix_works_on_IPolicyRules() => Verify.CodeFix<ProgrammeNameAnalyzer, ProgrammeNameCodeFix>(
        Usings + $$"""
        class C
        {
            static object M({{Parameters}}) => rules.Evaluate({|PR2001:"HighTechEnterprize"|}, enterprise, asOf);
        }
        """,
        Usings + $$"""
        class C
        {
            static object M({{Parameters}}) => rules.Evaluate("HighTechEnterprise", enterprise, asOf);
        }
        """,
        Bundled);

    [Fact]
    public Task The_wrong_kind_of_profile_is_caught_on_every_API_whose_programme_is_known() => Verify.Analyzer<ProgrammeInputAnalyzer>(Usings + $$"""
        class C
        {
            static void M({{Parameters}})
            {
                rules.Evaluate("YoungTalentLeader", {|#0:enterprise|}, asOf);
                rules.Evaluate("HighTechEnterprise", {|#1:person|});
                engine.RankPopulation("YoungTalentLeader", {|#2:enterprises|}, asOf);
                GapAnalyser.Analyse(engine.GetProgramme("YoungTalentLeader", asOf), {|#3:enterprise|}, asOf);
                ReservePool.Select(engine.GetProgramme("YoungTalentLeader", asOf), {|#4:enterprises|}, asOf);
                var talent = engine.GetProgramme("YoungTalentLeader", asOf);
                talent.Screen({|#5:enterprise|}, asOf, buffer);
                PopulationRanking.Rank(talent, {|#6:enterprises|}, asOf);
                rules.Evaluate("HighTechEnterprise", enterprise, asOf);
                GapAnalyser.Analyse(engine.GetProgramme("HighTechEnterprise", asOf), enterprise, asOf);
            }
        }
        """, Bundled,
        [
            Mismatch(0, "YoungTalentLeader", "PersonProfile", "EnterpriseProfile"),
            Mismatch(1, "HighTechEnterprise", "EnterpriseProfile", "PersonProfile"),
            Mismatch(2, "YoungTalentLeader", "PersonProfile", "EnterpriseProfile"),
            Mismatch(3, "YoungTalentLeader", "PersonProfile", "EnterpriseProfile"),
            Mismatch(4, "YoungTalentLeader", "PersonProfile", "EnterpriseProfile"),
            Mismatch(5, "YoungTalentLeader", "PersonProfile", "EnterpriseProfile"),
            Mismatch(6, "YoungTalentLeader", "PersonProfile", "EnterpriseProfile"),
        ]);

    [Fact]
    public Task A_local_given_two_programmes_is_not_guessed_at() => Verify.Analyzer<ProgrammeInputAnalyzer>(Usings + $$"""
        class C
        {
            static void M({{Parameters}}, bool talent)
            {
                var chosen = engine.GetProgramme("HighTechEnterprise", asOf);
                if (talent)
                {
                    chosen = engine.GetProgramme("YoungTalentLeader", asOf);
                }

                chosen.Evaluate(enterprise, asOf);
            }
        }
        """, Bundled, []);

    /// <summary>Each way of reading the clock, with the name the message gives it and the declarations it needs.</summary>
    public static TheoryData<string, string, string> ClockForms() => new()
    {
        { "DateOnly.FromDateTime(DateTime.Now)", "DateTime.Now", "" },
        { "DateOnly.FromDateTime(DateTime.Today)", "DateTime.Today", "" },
        { "DateOnly.FromDateTime(DateTime.UtcNow)", "DateTime.UtcNow", "" },
        { "DateOnly.FromDateTime(DateTimeOffset.Now.Date)", "DateTimeOffset.Now", "" },
        { "DateOnly.FromDateTime(DateTimeOffset.UtcNow.UtcDateTime)", "DateTimeOffset.UtcNow", "" },
        { "DateOnly.FromDateTime(TimeProvider.System.GetLocalNow().DateTime)", "TimeProvider.System.GetLocalNow()", "" },
        { "DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime)", "TimeProvider.System.GetUtcNow()", "" },
        { "DateOnly.FromDateTime(clock.GetUtcNow().DateTime)", "TimeProvider.GetUtcNow()", "" },
        { "today", "DateTime.Today, through 'today'", "var today = DateOnly.FromDateTime(DateTime.Today);" },
        { "later", "DateTimeOffset.Now, through 'later'", "DateOnly later = asOf; later = DateOnly.FromDateTime(DateTimeOffset.Now.DateTime);" },
    };

    /// <summary>Every evaluating API, with <c>{0}</c> where the as-of date goes.</summary>
    private static readonly string[] EvaluatingCalls =
    [
        """engine.Evaluate("HighTechEnterprise", enterprise, {0})""",
        """engine.Evaluate("YoungTalentLeader", person, {0})""",
        """engine.EvaluateWithGaps("HighTechEnterprise", enterprise, {0})""",
        """engine.EvaluateAll(enterprise, {0})""",
        """engine.GetProgramme("HighTechEnterprise", {0})""",
        """engine.RankPopulation("HighTechEnterprise", enterprises, {0})""",
        """rules.Evaluate("HighTechEnterprise", enterprise, {0})""",
        """rules.Evaluate("YoungTalentLeader", person, {0})""",
        """rules.Screen("in.csv", "out.csv", ["HighTechEnterprise"], {0})""",
        """programme.Evaluate(enterprise, {0})""",
        """programme.EvaluateWithGaps(enterprise, {0})""",
        """programme.EvaluateRecord(person, {0})""",
        """programme.Screen(enterprise, {0}, buffer)""",
        """GapAnalyser.Analyse(programme, enterprise, {0})""",
        """ReservePool.Select(programme, enterprises, {0})""",
        """ReservePool.Run("in.csv", "out.csv", programme, {0})""",
        """PopulationRanking.Rank(programme, enterprises, {0})""",
        """ProgrammeScreener.Create([programme], {0})""",
        """ScreeningJob.Run("in.csv", "out.csv", [programme], {0})""",
    ];

    [Theory]
    [MemberData(nameof(ClockForms))]
    public Task Every_evaluating_API_as_of_the_clock_is_a_warning(string asOf, string clock, string declarations)
    {
        var calls = EvaluatingCalls.Select((call, i) => "        _ = " + string.Format(System.Globalization.CultureInfo.InvariantCulture, call, $"{{|#{i}:{asOf}|}}") + ";");
        var code = Usings + $$"""
            class C
            {
                static void M({{Parameters}})
                {
                    {{declarations}}
            {{string.Join("\n", calls)}}
                    _ = programme.IsInForce({{asOf}});
                    _ = PolicyRules.Expressions.Dates.FullFiscalYearsOperated(asOf, {{asOf}});
                }
            }
            """;
        return Verify.Analyzer<ProgrammeNameAnalyzer>(code, Bundled, [.. EvaluatingCalls.Select((_, i) => Clock(i, clock))]);
    }

    [Fact]
    public Task The_clock_is_flagged_without_rule_files_too() => Verify.Analyzer<ProgrammeNameAnalyzer>(Usings + $$"""
        class C
        {
            static object M({{Parameters}}) => engine.Evaluate("Anything", enterprise, {|#0:DateOnly.FromDateTime(DateTime.Today)|});
        }
        """, [], [Clock(0, "DateTime.Today")]);

    [Fact]
    public Task A_given_date_and_the_configured_default_are_fine() => Verify.Analyzer<ProgrammeNameAnalyzer>(Usings + $$"""
        class C
        {
            static void M({{Parameters}}, Application application)
            {
                var submitted = application.SubmittedOn;
                _ = engine.Evaluate("HighTechEnterprise", enterprise, submitted);
                _ = rules.Evaluate("HighTechEnterprise", enterprise);
                _ = rules.Evaluate("HighTechEnterprise", enterprise, application.SubmittedOn);
            }
        }

        sealed record Application(DateOnly SubmittedOn);
        """, Bundled, []);
}

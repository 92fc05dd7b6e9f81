namespace PolicyRules.Analyzers.Tests;

/// <summary>PR2001: a programme name in C# that no rule file defines, and its code fix.</summary>
public sealed class ProgrammeNameAnalyzerTests
{
    private static readonly (string, string) HighTech = ("/project/rules/HighTechEnterprise.json", File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "rules", "HighTechEnterprise.json")));

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
}

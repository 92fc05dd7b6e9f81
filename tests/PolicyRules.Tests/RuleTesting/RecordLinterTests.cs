using PolicyRules.RuleTesting;
using PolicyRules.Tests.Records;

namespace PolicyRules.Tests.RuleTesting;

/// <summary>The linter behind <c>lint</c> and the build-time analyzer reads declarations beside rule files.</summary>
public sealed class RecordLinterTests
{
    [Fact]
    public void The_linter_checks_programmes_against_the_declarations_among_its_files()
    {
        var declaration = RuleLinter.Read("rules/Project.record.json", RecordKindLoadingTests.Project);
        var good = RuleLinter.Read("rules/Big.json", RecordKindLoadingTests.Programme("Big", "Project", "project.Budget >= 2000000"));
        var bad = RuleLinter.Read("rules/Bad.json", RecordKindLoadingTests.Programme("Bad", "Project", "project.Budgt >= 2000000"));

        Assert.Empty(RuleLinter.Check([declaration, good]));
        var rows = RuleLinter.Check([declaration, bad]);
        Assert.Equal("PR1006", Assert.Single(rows)[0]);
        Assert.Contains("did you mean 'Budget'?", rows[0][2], StringComparison.Ordinal);
        Assert.Equal("PR1018", Assert.Single(RuleLinter.Check([good]))[0]); // without the declaration, Project is unknown
        Assert.Equal(["Big", "single", "project"], RuleLinter.Programmes([declaration, good])[0]);
    }
}

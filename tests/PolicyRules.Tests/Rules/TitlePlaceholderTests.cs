using System.Text;
using PolicyRules.Rules;

namespace PolicyRules.Tests.Rules;

/// <summary>
/// Issue 18: titles and failure texts refer to parameters (<c>{minStaffRatio}</c>), filled from the
/// parameter's value and formatted by its unit, so a title cannot go stale when the threshold changes.
/// </summary>
public sealed class TitlePlaceholderTests
{
    private static string Workflow(string value) => $$"""
        [
          {
            "WorkflowName": "Test",
            "PolicyRules": { "Version": "1", "TitleZh": "测试", "TitleEn": "Test", "Status": "verified", "EffectiveFrom": "2020-01-01" },
            "GlobalParams": [
              { "Name": "minStaffRatio", "Expression": "{{value}}", "TitleZh": "科技人员占比下限", "TitleEn": "Minimum S&T staff share", "Unit": "percent" }
            ],
            "Rules": [
              {
                "RuleName": "StaffRatio",
                "Expression": "Ratio.Of(enterprise.TechStaff, enterprise.Employees) >= minStaffRatio",
                "Properties": {
                  "TitleZh": "科技人员占比不低于{minStaffRatio}", "TitleEn": "S&T staff at least {minStaffRatio} of all staff",
                  "FailZh": "科技人员占比低于{minStaffRatio}", "Unit": "percent",
                  "Citation": { "Document": "D", "Article": "A" }
                }
              }
            ]
          }
        ]
        """;

    [Theory]
    [InlineData("0.10m", "10%")]
    [InlineData("0.15m", "15%")]
    [InlineData("0.125m", "12.5%")]
    public void A_title_placeholder_is_filled_from_the_parameter_formatted_by_its_unit(string value, string shown)
    {
        var diagnostics = new List<RuleDiagnostic>();
        var definitions = RuleFileReader.Read("rules/Test.json", Encoding.UTF8.GetBytes(Workflow(value)), diagnostics);
        Assert.True(PolicyEngine.TryCompile(definitions, diagnostics, out var engine), string.Join(Environment.NewLine, diagnostics));
        Assert.DoesNotContain(diagnostics, d => d.Severity == DiagnosticSeverity.Error);

        var result = engine.Evaluate("Test", TestProfiles.Baseline() with { TechStaff = 0, Employees = 100 }, new DateOnly(2025, 6, 30));
        var criterion = Assert.Single(result.Criteria, c => c.Name == "StaffRatio");

        Assert.Equal($"科技人员占比不低于{shown}", criterion.Title.Zh);
        Assert.Equal($"S&T staff at least {shown} of all staff", criterion.Title.En);
        Assert.False(criterion.Passed);
        Assert.DoesNotContain("{minStaffRatio}", criterion.Message.Zh, StringComparison.Ordinal);
    }
}

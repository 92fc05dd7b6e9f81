using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using CsCheck;
using PolicyRules.Evaluation;
using PolicyRules.Rules;
using PolicyRules.RuleTesting;

namespace PolicyRules.Tests.Security;

/// <summary>
/// A number beyond decimal's range (±7.9×10^28), wherever an author can write one — a parameter, a
/// title, an expression, an expected value — is a diagnostic or a failed expectation, never an
/// <see cref="OverflowException"/> out of loading, checking, explaining or testing.
/// </summary>
public sealed class HugeNumberTests
{
    private const string Huge = "99999999999999999999999999999999";

    private static string Workflow(string value, string title, string expression) => $$"""
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
                "Expression": "{{expression}}",
                "Properties": {
                  "TitleZh": "{{title}}", "TitleEn": "{{title}}", "Unit": "percent",
                  "Citation": { "Document": "D", "Article": "A" }
                }
              }
            ]
          }
        ]
        """;

    private static List<RuleDiagnostic> Load(string value, string title, string expression)
    {
        var diagnostics = new List<RuleDiagnostic>();
        var definitions = RuleFileReader.Read("rules/Test.json", Encoding.UTF8.GetBytes(Workflow(value, title, expression)), diagnostics);
        PolicyEngine.TryCompile(definitions, diagnostics, out _);
        return diagnostics;
    }

    private const string Compare = "Ratio.Of(enterprise.TechStaff, enterprise.Employees) >= minStaffRatio";

    [Theory]
    [InlineData("79228162514264337593543950336")] // decimal.MaxValue + 1
    [InlineData(Huge)]
    [InlineData("-" + Huge)]
    public void A_parameter_literal_beyond_the_range_is_a_diagnostic(string literal)
    {
        var diagnostics = Load(literal, "科技人员占比不低于10%", Compare);
        Assert.Contains(diagnostics, d => d.Severity == DiagnosticSeverity.Error);
    }

    [Fact]
    public void A_percentage_beyond_the_range_in_a_title_states_nothing_comparable()
    {
        var diagnostics = Load("0.10m", $"科技人员占比不低于{Huge}% 或 10%", Compare);
        Assert.DoesNotContain(diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.DoesNotContain(diagnostics, d => d.Id == DiagnosticIds.TitleContradictsParameter);
    }

    [Fact]
    public void A_percent_parameter_at_the_top_of_the_range_is_the_usual_warning()
    {
        // Above decimal.MaxValue / 100: the percentage it stands for is not a decimal.
        var diagnostics = Load("7922816251426433759354395033.5m", "科技人员占比", Compare);
        var warning = Assert.Single(diagnostics, d => d.Id == DiagnosticIds.ValueOutOfRange);
        Assert.Contains("7922816251426433759354395033.5 means 7922816251426433759354395033.5 × 100%", warning.Message, StringComparison.Ordinal);
        Assert.Contains("7922816251426433759354395033.5 表示 7922816251426433759354395033.5 × 100%", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_percentage_beyond_the_range_in_an_expression_suggests_its_ratio_exactly()
    {
        var diagnostics = Load("0.10m", "科技人员占比", $"Ratio.Of(enterprise.TechStaff, enterprise.Employees) >= {Huge}.5%");
        var error = Assert.Single(diagnostics, d => d.Id == DiagnosticIds.ExpressionSyntax);
        Assert.Contains("write the ratio as a decimal, 999999999999999999999999999999.995", error.Message, StringComparison.Ordinal);
        Assert.Contains("请把比例写成小数 999999999999999999999999999999.995", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Showing_any_decimal_in_any_unit_never_throws()
    {
        var any = Gen.OneOf(Gen.Decimal, Gen.Const(decimal.MaxValue), Gen.Const(decimal.MinValue), Gen.Const(decimal.MaxValue / 100m), Gen.Const(decimal.MaxValue / 10_000m + 1m));
        Gen.Select(any, Gen.Enum<ValueUnit>()).Sample((value, unit) =>
        {
            var shown = ValueFormatter.Format(value, unit);
            var exact = ValueFormatter.FormatExact(value, unit);
            Assert.False(string.IsNullOrEmpty(shown.En) || string.IsNullOrEmpty(shown.Zh) || string.IsNullOrEmpty(exact.En));
        }, iter: 20_000);
    }

    [Theory]
    [InlineData(0.125, "12.5%")]
    [InlineData(1, "100%")]
    public void Percent_within_the_range_is_shown_as_before(double value, string shown)
    {
        Assert.Equal(shown, ValueFormatter.Format((decimal)value, ValueUnit.Percent).En);
    }

    [Fact]
    public void An_expected_score_beyond_the_range_is_a_failed_case_not_a_crash()
    {
        var directory = Directory.CreateTempSubdirectory("policyrules-huge-").FullName;
        try
        {
            var path = Path.Combine(directory, "TechBasedSme.tests.json");
            var tests = JsonNode.Parse(File.ReadAllText(Path.Combine(TestProfiles.RulesDirectory, "TechBasedSme.tests.json")))!.AsObject();
            var withScore = tests["Cases"]!.AsArray().Select(c => c!.AsObject()).First(c => c["Expect"]!["Score"] is not null);
            withScore["Expect"]!["Score"] = JsonNode.Parse("1e400");
            File.WriteAllText(path, tests.ToJsonString());

            var engine = PolicyEngine.LoadDirectory(TestProfiles.RulesDirectory);
            var result = Assert.Single(RuleTestRunner.Run(engine, path), r => r.Name == (string?)withScore["Name"]);
            Assert.False(result.Passed);
            Assert.Contains(result.Differences, d => d.StartsWith("score: expected 1e400", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}

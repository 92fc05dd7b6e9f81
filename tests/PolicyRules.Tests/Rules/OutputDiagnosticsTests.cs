using PolicyRules.Rules;
using PolicyRules.Tests.Rules;

namespace PolicyRules.Tests.Rules;

/// <summary>A mistake in a declared output is reported at its line and column, in both languages, naming the fix.</summary>
public sealed class OutputDiagnosticsTests
{
    /// <summary>A one-rule workflow declaring <paramref name="outputs"/> (JSON, may hold markup).</summary>
    private static MarkedRuleFile Workflow(string outputs) => MarkedRuleFile.Parse($$"""
        {
          "WorkflowName": "Test",
          "PolicyRules": {
            "Version": "1", "TitleZh": "测试", "TitleEn": "Test", "Status": "verified", "EffectiveFrom": "2020-01-01",
            "Outputs": [
              {{outputs}}
            ]
          },
          "GlobalParams": [{ "Name": "increase", "Expression": "enterprise.RdExpenseY1 - enterprise.RdExpenseY2" }],
          "Rules": [
            {
              "RuleName": "Rule",
              "Expression": "enterprise.RdExpenseY1 >= 5000000",
              "Properties": { "TitleZh": "规则", "TitleEn": "Rule", "Citation": { "Document": "D", "Article": "A" } }
            }
          ]
        }
        """);

    private const string Titles = "\"TitleZh\": \"补助\", \"TitleEn\": \"Award\"";

    /// <summary>A bound is read exactly as written, its exponent written out (no rounding on the way: a number decimal cannot hold is refused above).</summary>
    [Theory]
    [InlineData("1e6", "1000000")]
    [InlineData("1.5E+3", "1500")]
    [InlineData("25e-1", "2.5")]
    [InlineData("2500000.00", "2500000")]
    [InlineData("0.5e1", "5")]
    [InlineData("-0", "0")]
    [InlineData("12345678901234567890123456.78", "12345678901234567890123456.78")]
    [InlineData("79228162514264337593543950335", "79228162514264337593543950335")]
    public void A_bound_written_with_or_without_an_exponent_is_read_exactly(string text, string expected)
    {
        var diagnostics = new List<RuleDiagnostic>();
        var file = Workflow($$"""{ "Name": "award", "Expression": "increase", "Cap": {{text}}, {{Titles}} }""");
        var definitions = RuleFileReader.Read("Test.json", System.Text.Encoding.UTF8.GetBytes(file.Text), diagnostics);
        Assert.Empty(diagnostics);
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), Assert.Single(Assert.Single(definitions).Outputs).Cap);
    }

    public static TheoryData<string, string, string> Mistakes => new()
    {
        { "not a number", $$"""{ "Name": "award", "Expression": {|PR1009:"enterprise.RdExpenseY1 >= 1"|}, {{Titles}} }""", "must be a number" },
        { "text", $$"""{ "Name": "award", "Expression": {|PR1009:"enterprise.Name"|}, {{Titles}} }""", "must be a number" },
        { "misspelt member", $$"""{ "Name": "award", "Expression": "enterprise.{|PR1006:RdExpenseY9|} * 0.1m", {{Titles}} }""", "RdExpenseY" },
        { "unknown parameter", $$"""{ "Name": "award", "Expression": "{|PR1010:increse|} * 0.1m", {{Titles}} }""", "increase" },
        { "unknown rounding", $$"""{ "Name": "award", "Expression": "increase", "Rounding": {|PR1002:"round-to-yuan"|}, {{Titles}} }""", "down-to-yuan" },
        { "rounding of another unit", $$"""{ "Name": "award", "Expression": "increase", "Unit": "percent", "Rounding": {|PR1018:"down-to-yuan"|}, {{Titles}} }""", "percent, tenth-percent, hundredth-percent" },
        { "cap off the rounding grid", $$"""{ "Name": "award", "Expression": "increase", "Unit": "yuan", "Rounding": "down-to-yuan", "Cap": {|PR1018:1000000.5|}, {{Titles}} }""", "1000000" },
        { "cap below floor", $$"""{ "Name": "award", "Expression": "increase", "Cap": {|PR1018:0|}, "Floor": 10, {{Titles}} }""", "below" },
        { "cap not a number", $$"""{ "Name": "award", "Expression": "increase", "Cap": {|PR1002:"100万"|}, {{Titles}} }""", "must be a number" },
        { "cap beyond an exact decimal", $$"""{ "Name": "award", "Expression": "increase", "Cap": {|PR1002:1e29|}, {{Titles}} }""", "which no exact decimal holds" },
        { "floor far beyond an exact decimal", $$"""{ "Name": "award", "Expression": "increase", "Floor": {|PR1002:-1e400|}, {{Titles}} }""", "is -1e400, which no exact decimal holds" },
        { "cap of more digits than a decimal keeps", $$"""{ "Name": "award", "Expression": "increase", "Cap": {|PR1002:1.00000000000000000000000000001|}, {{Titles}} }""", "28 significant digits" },
        { "floor finer than a decimal's step", $$"""{ "Name": "award", "Expression": "increase", "Floor": {|PR1002:1e-29|}, {{Titles}} }""", "is 1e-29, which no exact decimal holds" },
        { "misspelt key", $$"""{ "Name": "award", "Expression": "increase", {|PR1002:"Cpa"|}: 10, {{Titles}} }""", "Cap" },
        { "name not an identifier", $$"""{ "Name": {|PR1002:"award amount"|}, "Expression": "increase", {{Titles}} }""", "letters and digits" },
        { "name of a result column", $$"""{ "Name": {|PR1002:"eligible"|}, "Expression": "increase", {{Titles}} }""", "result column" },
        { "declared twice", $$"""{ "Name": "award", "Expression": "increase", {{Titles}} }, { "Name": {|PR1005:"Award"|}, "Expression": "increase", {{Titles}} }""", "twice" },
        { "no English title", $$"""{|PR1002:|}{ "Name": "award", "Expression": "increase", "TitleZh": "补助" }""", "TitleEn" },
    };

    [Theory]
    [MemberData(nameof(Mistakes))]
    public void A_mistake_in_an_output_is_reported_at_its_token(string mistake, string outputs, string words)
    {
        var file = Workflow(outputs);
        var diagnostics = file.Diagnose();
        var (id, line, column) = Assert.Single(file.Expected);
        var diagnostic = diagnostics.Find(d => d.Id == id && d.Location.Line == line && d.Location.Column == column);
        Assert.True(diagnostic is not null, $"{mistake}: expected {id} at ({line},{column}); got {string.Join(" | ", diagnostics)}");
        Assert.Contains(words, diagnostic.Message, StringComparison.Ordinal);
        Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", diagnostic.Message); // bilingual
    }

    [Theory]
    [InlineData("yuan", "half-up-to-fen")]
    [InlineData("wan", "down-to-wan")]
    [InlineData("wan", "down-to-yuan")]
    [InlineData("percent", "half-even-to-hundredth-percent")]
    [InlineData("count", "up-to-whole")]
    [InlineData("none", "none")]
    public void Every_rounding_of_a_unit_loads(string unit, string rounding)
    {
        var file = Workflow($$"""{ "Name": "award", "Expression": "increase", "Unit": "{{unit}}", "Rounding": "{{rounding}}", "Cap": 100, "Floor": 0, {{Titles}} }""");
        Assert.DoesNotContain(file.Diagnose(), d => d.Severity == DiagnosticSeverity.Error);
    }

    [Fact]
    public void A_whole_number_or_nullable_expression_is_a_number()
    {
        var file = Workflow($$"""{ "Name": "staff", "Expression": "enterprise.Employees", {{Titles}} }, { "Name": "ratio", "Expression": "Ratio.Of(enterprise.TechStaff, enterprise.Employees)", "Unit": "percent", {{Titles}} }""");
        Assert.DoesNotContain(file.Diagnose(), d => d.Severity == DiagnosticSeverity.Error);
    }
}

using System.Reflection;
using PolicyRules.Compilation;
using PolicyRules.Evaluation;
using PolicyRules.Expressions;
using PolicyRules.Model;
using PolicyRules.Rules;

namespace PolicyRules.Tests.Rules;

/// <summary>
/// Issue 7, item 6: money and ratios stay <see cref="decimal"/> end to end. Binary floating point can
/// enter a threshold comparison from two sides — the input model or the rule expression — and each
/// is closed by a test that fails when it opens.
/// </summary>
public sealed class ExactnessTests
{
    private static readonly Type[] Binary = [typeof(double), typeof(float), typeof(Half)];

    private static bool IsBinary(Type type)
    {
        var element = type.IsArray ? type.GetElementType()! : type;
        return Binary.Contains(Nullable.GetUnderlyingType(element) ?? element);
    }

    [Theory]
    [InlineData(typeof(EnterpriseProfile))]
    [InlineData(typeof(PersonProfile))]
    public void No_profile_property_is_binary_floating_point(Type model)
    {
        var properties = model.GetProperties(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static);
        Assert.NotEmpty(properties);
        var offending = properties.Where(p => IsBinary(p.PropertyType)).Select(p => $"{p.Name}: {p.PropertyType.Name}").ToList();
        Assert.True(offending.Count == 0, $"{model.Name} has binary floating-point properties: {string.Join(", ", offending)}");
    }

    [Fact]
    public void Money_scores_and_percentages_are_decimal_in_the_model()
    {
        var exact = RecordSchema.Enterprise.Fields.Concat(RecordSchema.Person.Fields)
            .Where(f => f.Kind is FieldKind.Money or FieldKind.SignedMoney or FieldKind.Score or FieldKind.Percent)
            .ToList();
        Assert.NotEmpty(exact);
        Assert.All(exact, f => Assert.True(
            f.Property.PropertyType == typeof(decimal) || f.Property.PropertyType == typeof(decimal?),
            $"{f.Name} ({f.Kind}) is {f.Property.PropertyType.Name}, not decimal"));
    }

    [Fact]
    public void Nothing_an_expression_may_call_takes_or_returns_binary_floating_point()
    {
        var callable = AllowList.HelperTypes
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static))
            .Concat(typeof(ProgrammeOutcomes).GetMethods(BindingFlags.Public | BindingFlags.Instance).Where(AllowList.IsAllowedMethod))
            .Concat(typeof(TierTable).GetMethods(BindingFlags.Public | BindingFlags.Instance).Where(AllowList.IsAllowedMethod))
            .ToList();
        Assert.Contains(callable, m => m.DeclaringType == typeof(Ratio));
        var offending = callable
            .Where(m => IsBinary(m.ReturnType) || m.GetParameters().Any(p => IsBinary(p.ParameterType)))
            .Select(m => $"{m.DeclaringType!.Name}.{m.Name}")
            .ToList();
        Assert.True(offending.Count == 0, "binary floating point in: " + string.Join(", ", offending));
    }

    [Fact]
    public void The_allow_list_admits_no_binary_floating_point_value()
    {
        foreach (var type in new[] { typeof(double), typeof(float), typeof(Half), typeof(double?), typeof(float?), typeof(double[]) })
        {
            Assert.False(AllowList.IsAllowedType(type), type.Name);
        }

        Assert.True(AllowList.IsAllowedType(typeof(decimal?)));
    }

    /// <summary>
    /// Ways a rule expression can bring binary floating point into a threshold comparison. Each is
    /// refused at load: PR1016 where the parser builds a double, PR1009 where it cannot even compare
    /// a decimal with a double.
    /// </summary>
    [Theory]
    [InlineData("enterprise.RevenueY1 {|PR1009:|}* 1.5d >= 100")]
    [InlineData("{|PR1016:|}enterprise.Employees * 0.5f > 3")]
    [InlineData("{|PR1016:|}enterprise.Employees * 0.5 > 3")]            // a bare fraction beside an int is a double
    [InlineData("{|PR1016:|}enterprise.Employees > 1e2")]                 // an exponent makes a double
    [InlineData("{|PR1016:|}double(enterprise.RevenueY1) >= 100")]
    [InlineData("{|PR1016:|}Math.Sqrt(enterprise.Employees) > 3")]
    [InlineData("enterprise.RevenueY1 {|PR1009:|}>= 1e8")]
    [InlineData("staffRatio {|PR1009:|}>= 0.1d")]
    [InlineData("enterprise.InnovationCapabilityScore {|PR1009:|}> 70.0d")]
    public void An_expression_bringing_double_into_a_comparison_is_refused(string expression)
    {
        var file = MarkedRuleFile.Parse(MarkedRuleFile.Workflow(expression, """{ "Name": "staffRatio", "Expression": "Ratio.Of(enterprise.TechStaff, enterprise.Employees)" }"""));
        AssertRefused(file);
    }

    [Fact]
    public void A_double_threshold_parameter_is_refused_where_it_is_defined()
    {
        // Standing alone, 0.70 parses as a double (a named threshold needs 0.70m).
        var file = MarkedRuleFile.Parse(MarkedRuleFile.Workflow("highTechShare >= threshold",
            """{ "Name": "highTechShare", "Expression": "Ratio.Of(enterprise.HighTechIncomeY1, enterprise.TotalIncomeY1)" }, { "Name": "threshold", "Expression": "{|PR1016:|}0.70" }"""));
        AssertRefused(file);

        var fixedFile = MarkedRuleFile.Parse(MarkedRuleFile.Workflow("highTechShare >= threshold",
            """{ "Name": "highTechShare", "Expression": "Ratio.Of(enterprise.HighTechIncomeY1, enterprise.TotalIncomeY1)" }, { "Name": "threshold", "Expression": "0.70m" }"""));
        Assert.DoesNotContain(fixedFile.Diagnose(), d => d.Severity == DiagnosticSeverity.Error);
    }

    [Fact]
    public void A_decimal_threshold_is_exact_at_the_boundary_where_a_double_would_not_be()
    {
        // 0.1 + 0.2 is 0.30000000000000004 in binary floating point: as decimals the boundary holds.
        Assert.NotEqual(0.3, 0.1 + 0.2);
        var file = MarkedRuleFile.Parse(MarkedRuleFile.Workflow("enterprise.RevenueY1 + enterprise.RevenueY2 >= 0.3"));
        var diagnostics = new List<RuleDiagnostic>();
        var definitions = RuleFileReader.Read("rules/Test.json", System.Text.Encoding.UTF8.GetBytes(file.Text), diagnostics);
        Assert.True(PolicyEngine.TryCompile(definitions, diagnostics, out var engine), string.Join("\n", diagnostics));
        var profile = TestProfiles.Baseline() with { RevenueY1 = 0.1m, RevenueY2 = 0.2m };
        Assert.True(engine.Evaluate("Test", profile, TestProfiles.AsOf).Eligible);
        Assert.False(engine.Evaluate("Test", profile with { RevenueY2 = 0.19999999999999999999m }, TestProfiles.AsOf).Eligible);
    }

    private static void AssertRefused(MarkedRuleFile file)
    {
        var diagnostics = file.Diagnose();
        var (id, line, column) = Assert.Single(file.Expected);
        Assert.True(diagnostics.Exists(d => d.Id == id && d.Severity == DiagnosticSeverity.Error && d.Location.Line == line && d.Location.Column == column),
            $"expected {id} at ({line},{column}); got {string.Join(" | ", diagnostics)}");
    }
}

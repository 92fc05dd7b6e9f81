using System.Globalization;
using PolicyRules.Evaluation;

namespace PolicyRules.Tests.Programmes;

/// <summary>Shared helpers for the boundary tests: exact decimals from strings, and result look-ups.</summary>
internal static class Boundary
{
    /// <summary>One engine for all boundary test classes; it is immutable and thread-safe.</summary>
    public static PolicyEngine Engine { get; } = PolicyEngine.LoadDirectory(TestProfiles.RulesDirectory);

    /// <summary>An exact decimal from invariant text ("50000000.01").</summary>
    public static decimal D(string text) => decimal.Parse(text, NumberStyles.Number, CultureInfo.InvariantCulture);

    /// <summary>A date from "yyyy-MM-dd".</summary>
    public static DateOnly Date(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The criterion called <paramref name="name"/>, searched through nested criteria too.</summary>
    public static CriterionResult Criterion(ProgrammeResult result, string name)
    {
        var found = Find(result.Criteria, name);
        Assert.True(found is not null, $"No criterion '{name}' in {result.Programme}: {string.Join(", ", result.Criteria.Select(c => c.Name))}");
        return found!;
    }

    /// <summary>The value of the score component called <paramref name="name"/>.</summary>
    public static decimal Component(ProgrammeResult result, string name)
    {
        var component = result.ScoreComponents.FirstOrDefault(c => c.Name == name);
        Assert.True(component is not null, $"No score component '{name}' in {result.Programme}: {string.Join(", ", result.ScoreComponents.Select(c => c.Name))}");
        Assert.NotNull(component!.Value);
        return Convert.ToDecimal(component.Value, CultureInfo.InvariantCulture);
    }

    /// <summary>A one-line account of the failed criteria, for assertion messages.</summary>
    public static string Why(ProgrammeResult result) =>
        string.Join("; ", Flatten(result.Criteria).Where(c => !c.Passed).Select(c => c.Name + ": " + c.Message.En));

    private static CriterionResult? Find(IEnumerable<CriterionResult> criteria, string name)
    {
        foreach (var criterion in criteria)
        {
            if (criterion.Name == name)
            {
                return criterion;
            }

            if (Find(criterion.Children, name) is { } child)
            {
                return child;
            }
        }

        return null;
    }

    private static IEnumerable<CriterionResult> Flatten(IEnumerable<CriterionResult> criteria) =>
        criteria.SelectMany(c => new[] { c }.Concat(Flatten(c.Children)));
}

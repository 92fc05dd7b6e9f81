using System.Text;
using PolicyRules.Compilation;
using PolicyRules.Evaluation;
using PolicyRules.Rules;

namespace PolicyRules.Tests.Compilation;

/// <summary>
/// Which outcomes a test has seen for every rule (nested ones included) of every programme version, and
/// for each version as a whole (eligible or not). A comparison with a reference only means something
/// for a rule if the rule was seen both passing and failing; <see cref="Missing"/> names those that were not.
/// </summary>
/// <remarks>
/// The rules expected are read from the engine's definitions, not from what was recorded, so a version
/// or rule that was never evaluated is reported too: the check cannot pass vacuously.
/// </remarks>
internal sealed class RuleOutcomeCoverage
{
    /// <summary>The pseudo-rule under which a version's overall outcome is counted.</summary>
    public const string Eligibility = "(eligible)";

    private readonly Dictionary<string, Counts> _seen = new(StringComparer.Ordinal);

    /// <summary>How many outcomes have been recorded (rules and eligibility).</summary>
    public long Recorded { get; private set; }

    /// <summary>Counts every criterion of <paramref name="result"/>, evaluated by <paramref name="version"/>.</summary>
    public void Record(CompiledProgramme version, ProgrammeResult result)
    {
        Count(Key(version, Eligibility), result.Eligible);
        foreach (var criterion in result.Criteria)
        {
            Record(Key(version, criterion.Name), criterion);
        }
    }

    /// <summary>
    /// Each rule of <paramref name="versions"/> in <paramref name="scope"/> that was not seen both passing and
    /// failing, with what was seen; a rule listed in <paramref name="cannotFail"/> (keyed "Programme/Rule/Path")
    /// must instead be seen passing and never failing.
    /// </summary>
    public IReadOnlyList<string> Missing(IEnumerable<CompiledProgramme> versions, IReadOnlyDictionary<string, string> cannotFail, CoverageScope scope)
    {
        var missing = new List<string>();
        foreach (var version in versions)
        {
            var paths = scope == CoverageScope.TopLevelRules
                ? version.Definition.Rules.Select(r => r.Name)
                : RulePaths(version.Definition.Rules, prefix: "").Prepend(Eligibility);
            foreach (var path in paths)
            {
                var seen = _seen.GetValueOrDefault(Key(version, path));
                if (cannotFail.TryGetValue($"{version.Name}/{path}", out var why))
                {
                    if (seen.Passed == 0 || seen.Failed > 0)
                    {
                        missing.Add($"{version} {path}: listed as unable to fail ({why}) but seen passing {seen.Passed}, failing {seen.Failed} times");
                    }
                }
                else if (seen.Passed == 0 || seen.Failed == 0)
                {
                    missing.Add($"{version} {path}: never seen {(seen.Passed == 0 ? "passing" : "failing")} (passing {seen.Passed}, failing {seen.Failed})");
                }
            }
        }

        return missing;
    }

    /// <summary>One line per rule: passes, failures and path, for a diagnostic dump.</summary>
    public string Report()
    {
        var text = new StringBuilder();
        foreach (var (key, counts) in _seen.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"{counts.Passed,8} {counts.Failed,8}  {key}\n");
        }

        return text.ToString();
    }

    private static IEnumerable<string> RulePaths(IEnumerable<RuleDefinition> rules, string prefix)
    {
        foreach (var rule in rules)
        {
            var path = prefix + rule.Name;
            yield return path;
            foreach (var child in RulePaths(rule.Children, path + "/"))
            {
                yield return child;
            }
        }
    }

    private static string Key(CompiledProgramme version, string path) => $"{version.Definition.WorkflowName}|{path}";

    private void Record(string key, CriterionResult criterion)
    {
        Count(key, criterion.Passed);
        foreach (var child in criterion.Children)
        {
            Record(key + "/" + child.Name, child);
        }
    }

    private void Count(string key, bool passed)
    {
        var counts = _seen.GetValueOrDefault(key);
        _seen[key] = passed ? counts with { Passed = counts.Passed + 1 } : counts with { Failed = counts.Failed + 1 };
        Recorded++;
    }

    private readonly record struct Counts(int Passed, int Failed);
}

/// <summary>Which outcomes <see cref="RuleOutcomeCoverage.Missing"/> requires.</summary>
internal enum CoverageScope
{
    /// <summary>Each top-level rule (criterion) of each version.</summary>
    TopLevelRules,

    /// <summary>Each rule, nested ones included, and each version's overall eligibility.</summary>
    EveryRuleAndEligibility,
}

using CsCheck;
using PolicyRules.Gaps;

namespace PolicyRules.Tests.Evaluation;

/// <summary>
/// Every line of an explanation and of a gap report written "中文 / English" (or "English / 中文")
/// carries the same specifics — counts, values, names — in both halves, for every enterprise
/// programme and generated enterprises of every kind: "结论：不符合条件 / Result: NOT ELIGIBLE (5 of 10
/// criteria not met)" once told only the English reader how many criteria failed.
/// </summary>
public sealed class ExplanationBilingualTests
{
    private static readonly Lazy<PolicyEngine> Engine = new(() => PolicyEngine.LoadDirectory(TestProfiles.RulesDirectory));

    [Fact]
    public void Both_halves_of_every_explanation_and_gap_line_carry_the_same_specifics()
    {
        var engine = Engine.Value;
        var mismatches = new SortedSet<string>(StringComparer.Ordinal);
        var lines = 0;
        ProfileGen.Profile.Array[8].Sample(
            profiles =>
            {
                foreach (var programme in TestProfiles.EnterpriseProgrammes(engine))
                {
                    foreach (var profile in profiles)
                    {
                        var result = engine.EvaluateWithGaps(programme, profile, ProfileGen.AsOf);
                        var text = PolicyRules.Evaluation.ExplanationText.Render(result) + PolicyRules.Gaps.GapText.Render(result);
                        foreach (var line in text.Split('\n').Select(l => l.Trim()))
                        {
                            if (line.StartsWith("结论", StringComparison.Ordinal) || line.StartsWith("Result", StringComparison.Ordinal))
                            {
                                lines++;
                                // "NOT ELIGIBLE" is emphasis, not a name the Chinese half must repeat.
                                var compared = Reversed(line).Replace("NOT ELIGIBLE", "not eligible", StringComparison.Ordinal).Replace("ELIGIBLE", "eligible", StringComparison.Ordinal);
                                if (BilingualSpecifics.Mismatch(compared) is { Length: > 0 } mismatch)
                                {
                                    mismatches.Add($"{mismatch}: {line}");
                                }
                            }
                        }
                    }
                }
            },
            iter: 3,
            threads: 1);

        Assert.True(lines > 0);
        Assert.True(mismatches.Count == 0, string.Join(Environment.NewLine, mismatches.Take(20)));
    }

    /// <summary>A "中文 / English" line as "English / 中文", the order the comparison reads.</summary>
    private static string Reversed(string line)
    {
        var split = line.IndexOf(" / ", StringComparison.Ordinal);
        return split < 0 || line.StartsWith("Result", StringComparison.Ordinal) ? line : $"{line[(split + 3)..]} / {line[..split]}";
    }
}

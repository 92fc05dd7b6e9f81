using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using PolicyRules.Compilation;
using PolicyRules.Evaluation;
using PolicyRules.Model;
using PolicyRules.Records;
using PolicyRules.Rules;

namespace PolicyRules;

public sealed partial class PolicyEngine
{
    private static string Fingerprint(FrozenDictionary<string, ImmutableArray<CompiledProgramme>> versions)
    {
        var text = new System.Text.StringBuilder();
        foreach (var programme in versions.Keys.Order(StringComparer.Ordinal))
        {
            foreach (var version in versions[programme])
            {
                var d = version.Definition;
                text.Append(d.WorkflowName).Append('|').Append(d.Version).Append('|').Append(Day(d.EffectiveFrom)).Append('|').Append(d.EffectiveTo is { } to ? Day(to) : "").Append('\n');
                foreach (var param in d.Params)
                {
                    text.Append(param.Name).Append('=').Append(param.Expression.Text).Append('\n');
                }

                AppendRules(text, d.Rules);
            }
        }

        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text.ToString()));
        return Convert.ToHexStringLower(hash)[..12];

        // As the invariant culture writes a date (06/18/2011), whatever the host's culture: the id of a rule
        // set is the same in the CLI and in every application (an ICU host wrote 6/18/2011 or 2554-06-18).
        static string Day(DateOnly date) => date.ToString(System.Globalization.CultureInfo.InvariantCulture);

        static void AppendRules(System.Text.StringBuilder text, ImmutableArray<RuleDefinition> rules)
        {
            foreach (var rule in rules)
            {
                text.Append(rule.Name).Append(':').Append(rule.Operator).Append(':').Append(rule.Expression?.Text).Append('\n');
                foreach (var local in rule.LocalParams)
                {
                    text.Append(local.Name).Append('=').Append(local.Expression.Text).Append('\n');
                }

                AppendRules(text, rule.Children);
            }
        }
    }
}

using PolicyRules.Rules;

namespace PolicyRules.Extensions.DependencyInjection;

/// <summary>A reload replaced the rule set (<see cref="IPolicyRules.Reloaded"/>).</summary>
public sealed class PolicyRulesReloadedEventArgs : EventArgs
{
    /// <summary>Creates the notification.</summary>
    public PolicyRulesReloadedEventArgs(PolicyEngine previous, PolicyEngine current)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(current);
        Previous = previous;
        Current = current;
    }

    /// <summary>The rule set that was replaced (still usable by whoever holds it).</summary>
    public PolicyEngine Previous { get; }

    /// <summary>The rule set now in force.</summary>
    public PolicyEngine Current { get; }

    /// <summary>The <see cref="PolicyEngine.RuleSetId"/> of <see cref="Previous"/>.</summary>
    public string PreviousRuleSetId => Previous.RuleSetId;

    /// <summary>
    /// The <see cref="PolicyEngine.RuleSetId"/> of <see cref="Current"/>; equal to
    /// <see cref="PreviousRuleSetId"/> when the edit changed only texts (titles, messages, citations),
    /// not what the rules decide.
    /// </summary>
    public string RuleSetId => Current.RuleSetId;
}

/// <summary>A reload found errors and kept the rule set in force (<see cref="IPolicyRules.ReloadFailed"/>).</summary>
public sealed class PolicyRulesReloadFailedEventArgs : EventArgs
{
    /// <summary>Creates the notification.</summary>
    public PolicyRulesReloadFailedEventArgs(PolicyEngine kept, IReadOnlyList<RuleDiagnostic> diagnostics)
    {
        ArgumentNullException.ThrowIfNull(kept);
        ArgumentNullException.ThrowIfNull(diagnostics);
        Kept = kept;
        Diagnostics = diagnostics;
    }

    /// <summary>The last good rule set, still in force.</summary>
    public PolicyEngine Kept { get; }

    /// <summary>The <see cref="PolicyEngine.RuleSetId"/> of <see cref="Kept"/>.</summary>
    public string RuleSetId => Kept.RuleSetId;

    /// <summary>Every diagnostic of the failed load (errors and warnings), with file, line and column.</summary>
    public IReadOnlyList<RuleDiagnostic> Diagnostics { get; }
}

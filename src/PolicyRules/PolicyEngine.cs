using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using PolicyRules.Compilation;
using PolicyRules.Evaluation;
using PolicyRules.Model;
using PolicyRules.Records;
using PolicyRules.Rules;

namespace PolicyRules;

/// <summary>
/// A loaded, validated and compiled set of programmes. Immutable and thread-safe: load it once and
/// share it. Evaluation "as of" a date picks the programme version in force on that date.
/// </summary>
/// <example>
/// <code>
/// var engine = PolicyEngine.LoadBundled();
/// var result = engine.Evaluate("HighTechEnterprise", profile, new DateOnly(2025, 6, 30));
/// Console.WriteLine(result.Eligible);
/// </code>
/// </example>
public sealed partial class PolicyEngine
{
    /// <summary>
    /// The folder, next to the assembly, that holds the rules bundled with the package. It is a folder
    /// of its own (<c>policyrules-bundled</c>), not <c>rules</c>, so an app's own <c>rules/</c> folder
    /// never replaces a bundled programme by landing on the same path.
    /// </summary>
    public static string BundledRulesDirectory => Path.Combine(AppContext.BaseDirectory, BundledFolderName);

    /// <summary>The name of <see cref="BundledRulesDirectory"/> in an app's output (and of the package's content folder).</summary>
    public const string BundledFolderName = "policyrules-bundled";

    private readonly FrozenDictionary<string, ImmutableArray<CompiledProgramme>> _versions;

    // The "no version in force" stand-ins of each programme: before its first version, after its last.
    private readonly FrozenDictionary<string, (CompiledProgramme? Before, CompiledProgramme? After)> _noVersion;

    private PolicyEngine(FrozenDictionary<string, ImmutableArray<CompiledProgramme>> versions, ImmutableArray<RuleDiagnostic> warnings, FrozenDictionary<string, RecordSchema> records)
    {
        _versions = versions;
        Records = KindsAsBuilt = records;
        _noVersion = versions.ToFrozenDictionary(
            p => p.Key,
            p => (p.Value[0].Definition.EffectiveFrom > DateOnly.MinValue ? NoVersionInForce.Before(p.Value[0]) : null,
                  p.Value[^1].Definition.EffectiveTo is not null ? NoVersionInForce.After(p.Value[^1]) : null),
            StringComparer.Ordinal);
        Warnings = warnings;
        // Hashed when first asked for (a screening summary, a report), not at load: a cold start
        // need not pay for the hash nor for loading the platform's cryptography (issue 19).
        _ruleSetId = new Lazy<string>(() => Fingerprint(versions));
        foreach (var programme in versions.Values.SelectMany(v => v))
        {
            programme.Link(GetProgramme, _ruleSetId);
        }

        Programmes = [.. versions.Keys.Order(StringComparer.Ordinal)];
    }

    /// <summary>
    /// Names the rule set by what it decides: a short hash of every programme version's dates,
    /// parameters and rule expressions. Results that carry it can be traced to the rules that made them.
    /// </summary>
    public string RuleSetId => _ruleSetId.Value;

    private readonly Lazy<string> _ruleSetId;

    /// <summary>Programme names, sorted.</summary>
    public ImmutableArray<string> Programmes { get; }

    /// <summary>
    /// The record kinds of this rule set by name: the bundled Enterprise and Person, every kind a
    /// <c>*.record.json</c> declares, each with the fields its extensions add. Readers, sinks and
    /// <c>generate</c> take the schema of the programmes' kind from here.
    /// </summary>
    public IReadOnlyDictionary<string, RecordSchema> Records { get; }

    /// <summary><see cref="Records"/> as built, for engines compiled over the same kinds (a reform's).</summary>
    internal FrozenDictionary<string, RecordSchema> KindsAsBuilt { get; }

    /// <summary>Warnings and infos found while loading (errors prevent loading).</summary>
    public ImmutableArray<RuleDiagnostic> Warnings { get; }
}

/// <summary>A programme name that no rule file defines, or a date on which no version is in force.</summary>
public sealed class UnknownProgrammeException : Exception
{
    /// <summary>Creates the exception.</summary>
    public UnknownProgrammeException(string programme, string message)
        : base(message)
    {
        Programme = programme;
    }

    /// <summary>The name that was asked for.</summary>
    public string Programme { get; }
}

using System.Collections.Immutable;
using System.Globalization;

namespace PolicyRules.Screening;

/// <summary>What a screening run did: every input row is either written or rejected.</summary>
public sealed record ScreeningSummary
{
    /// <summary>Data rows read from the input.</summary>
    public required long Read { get; init; }

    /// <summary>Rows written to the output, one per readable input row, in input order.</summary>
    public required long Written { get; init; }

    /// <summary>Rows written to the rejects file with row, column and reason.</summary>
    public required long Rejected { get; init; }

    /// <summary>Per programme, in output order.</summary>
    public required ImmutableArray<ProgrammeSummary> Programmes { get; init; }

    /// <summary>The rejects file.</summary>
    public required string RejectsPath { get; init; }

    /// <summary>
    /// The <see cref="PolicyEngine.RuleSetId"/> of the rule set the run used: the engine the programmes
    /// came from (<see cref="PolicyEngine.GetProgramme"/>); null only when they came from engines with
    /// different rule sets.
    /// </summary>
    public string? RuleSetId { get; init; }

    /// <summary>The distributions behind the screening report; null unless <see cref="ScreeningOptions.Statistics"/> asked for them.</summary>
    public ScreeningStatistics? Statistics { get; init; }

    /// <summary>
    /// One line a person can read in a log: the counts, the rule set and each programme's eligible
    /// count, e.g. <c>read 1000 = written 998 + rejected 2; rule set 1a2b3c4d5e6f; SmeSize 2011: 310 eligible; …</c>.
    /// </summary>
    public override string ToString()
    {
        var text = new System.Text.StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"read {Read} = written {Written} + rejected {Rejected}")
            .Append(CultureInfo.InvariantCulture, $"; rule set {RuleSetId ?? "(mixed)"}");
        foreach (var programme in Programmes.IsDefault ? [] : Programmes)
        {
            text.Append("; ").Append(programme);
        }

        return text.ToString();
    }
    /// <summary>Where the run stands against the plan's targets (<see cref="ScreeningOptions.Targets"/>), in file order; empty without targets.</summary>
    public ImmutableArray<Targets.TargetResult> Targets { get; init; } = [];
}

/// <summary>One programme's counts over a screening run.</summary>
/// <param name="Programme">The programme.</param>
/// <param name="Version">The version in force on the as-of date.</param>
/// <param name="Eligible">How many written rows are eligible.</param>
/// <param name="FailuresByCriterion">For each top-level criterion, how many rows failed it.</param>
public sealed record ProgrammeSummary(string Programme, string Version, long Eligible, ImmutableArray<KeyValuePair<string, long>> FailuresByCriterion)
{
    /// <summary>The criterion that eliminates most enterprises, if any failed.</summary>
    public KeyValuePair<string, long>? TopFailure =>
        FailuresByCriterion.IsDefaultOrEmpty ? null : FailuresByCriterion.MaxBy(f => f.Value) is { Value: > 0 } top ? top : null;

    /// <summary>
    /// The programme, its eligible count and the criterion that eliminates most, e.g.
    /// <c>HighTechEnterprise 2016: 120 eligible, most failed RdIntensity (640)</c>.
    /// </summary>
    public override string ToString() =>
        TopFailure is { } top
            ? string.Create(CultureInfo.InvariantCulture, $"{Programme} {Version}: {Eligible} eligible, most failed {top.Key} ({top.Value})")
            : string.Create(CultureInfo.InvariantCulture, $"{Programme} {Version}: {Eligible} eligible");
}

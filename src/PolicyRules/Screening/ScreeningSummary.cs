using System.Collections.Immutable;

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
    /// The <see cref="PolicyEngine.RuleSetId"/> of the rule set the run used, when the caller names it
    /// (the CLI and <c>IPolicyRules.Screen</c> do; <see cref="ScreeningJob.Run"/> takes programmes, not a rule set).
    /// </summary>
    public string? RuleSetId { get; init; }

    /// <summary>The distributions behind the screening report; null unless <see cref="ScreeningOptions.Statistics"/> asked for them.</summary>
    public ScreeningStatistics? Statistics { get; init; }

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
        FailuresByCriterion.IsEmpty ? null : FailuresByCriterion.MaxBy(f => f.Value) is { Value: > 0 } top ? top : null;
}

using System.Collections.Immutable;
using PolicyRules.Gaps;

namespace PolicyRules.Targets;

/// <summary>Where the screened population stands against one plan target, and who could close the gap.</summary>
public sealed record TargetResult
{
    /// <summary>The target.</summary>
    public required PlanTarget Target { get; init; }

    /// <summary>
    /// The value now: a count of records, or for a growth target the aggregate growth as a fraction;
    /// null when it cannot be measured (a growth over a base of 0, or a programme with no version in force).
    /// </summary>
    public decimal? Now { get; init; }

    /// <summary>How far <see cref="Now"/> is below the target (0 when met); null when <see cref="Now"/> is.</summary>
    public decimal? Gap => Now is { } now ? Math.Max(0m, Target.Value - now) : null;

    /// <summary>
    /// Whether the target is met now (以上: the target value itself meets it). A growth target is
    /// compared exactly, Σcurrent ≥ Σprevious × (1 + target), not through the rounded quotient.
    /// </summary>
    public required bool Met { get; init; }

    /// <summary>Why <see cref="Now"/> is null or partial, in both languages; null when measured as defined.</summary>
    public Rules.BilingualText? NotMeasured { get; init; }

    /// <summary>For count targets with criteria: records meeting the criteria without holding the status.</summary>
    public long Candidates { get; init; }

    /// <summary>For count targets with criteria: records without the status failing 1 to <see cref="TargetOptions.MaxFailed"/> criteria of the first criteria programme (the reserve pool).</summary>
    public long NearMisses { get; init; }

    /// <summary>
    /// How many of the candidates (those meeting the criteria first, then the near misses) the gap needs:
    /// the gap itself when there are enough of them, else all of them.
    /// </summary>
    public long Needed => Gap is { } gap && Target.Metric is not AggregateGrowthMetric
        ? Math.Min((long)decimal.Ceiling(gap), Candidates + NearMisses)
        : 0;

    /// <summary>The first <see cref="TargetOptions.Top"/> candidates: those meeting the criteria (input order), then the near misses in the reserve pool's order.</summary>
    public ImmutableArray<TargetCandidate> TopCandidates { get; init; } = [];

    /// <summary>For a growth target: the records of the population.</summary>
    public long Population { get; init; }

    /// <summary>For a growth target: Σ of the current year's amount over the population.</summary>
    public decimal? CurrentTotal { get; init; }

    /// <summary>For a growth target: Σ of the previous year's amount over the population.</summary>
    public decimal? PreviousTotal { get; init; }

    /// <summary>For a growth target: how much Σ current must rise to meet the target (0 when met).</summary>
    public decimal? Shortfall => CurrentTotal is { } current && PreviousTotal is { } previous && Target.Metric is AggregateGrowthMetric
        ? Math.Max(0m, (previous * (1m + Target.Value)) - current)
        : null;

    /// <summary>For a growth target: the records whose own growth is below the target, largest shortfall first (the first <see cref="TargetOptions.Top"/>).</summary>
    public ImmutableArray<GrowthLaggard> Laggards { get; init; } = [];

    /// <summary>For a growth target: how many records of the population grow less than the target.</summary>
    public long LaggardCount { get; init; }
}

/// <summary>A record that could close a count target's gap.</summary>
/// <param name="Id">The record's id.</param>
/// <param name="Name">Its name.</param>
/// <param name="Programme">The programme whose criteria it meets or nearly meets.</param>
/// <param name="MeetsCriteria">True when it meets the criteria and lacks only the status; false for a near miss.</param>
/// <param name="InputIndex">Its 0-based position among the rows read.</param>
/// <param name="NearMiss">For a near miss, its failed criteria with the smallest changes that would meet each (as <c>policyrules gap</c>).</param>
public sealed record TargetCandidate(string Id, string Name, string Programme, bool MeetsCriteria, long InputIndex, ReservePoolEntry? NearMiss);

/// <summary>A record of a growth target's population growing less than the target.</summary>
/// <param name="Id">The record's id.</param>
/// <param name="Name">Its name.</param>
/// <param name="Current">The current year's amount.</param>
/// <param name="Previous">The previous year's amount.</param>
/// <param name="Shortfall">How much the current amount is below previous × (1 + target).</param>
public sealed record GrowthLaggard(string Id, string Name, decimal Current, decimal Previous, decimal Shortfall);

/// <summary>How much a screening run keeps for the targets.</summary>
public sealed record TargetOptions
{
    /// <summary>How many candidates (or laggards) are kept per target (default 20); the rest are counted.</summary>
    public int Top { get; init; } = 20;

    /// <summary>A near miss fails at least one and at most this many criteria (default 2, as the reserve pool).</summary>
    public int MaxFailed { get; init; } = 2;
}

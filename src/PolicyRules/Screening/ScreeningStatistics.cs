using System.Collections.Immutable;
using System.Runtime.InteropServices;
using PolicyRules.Compilation;
using PolicyRules.Gaps;
using PolicyRules.Model;
using PolicyRules.Rules;

namespace PolicyRules.Screening;

/// <summary>
/// What <see cref="ScreeningJob.Run"/> collects besides the counts when
/// <see cref="ScreeningOptions.Statistics"/> is set: the material of the screening report
/// (<see cref="Reporting.ScreeningReport"/>). Collecting costs nothing per row beyond a few counters, except the
/// reserve pool, which analyses the gaps of each near miss of one programme.
/// </summary>
public sealed record ScreeningStatisticsOptions
{
    /// <summary>
    /// The programme whose reserve pool (高企后备库, programmes.md §3) the report shows, default
    /// <c>HighTechEnterprise</c>; none when null or when the programme is not screened.
    /// </summary>
    public string? ReservePoolProgramme { get; init; } = "HighTechEnterprise";

    /// <summary>Enterprises failing at most this many top-level criteria are in the pool (default 2, as <see cref="ReservePoolOptions.MaxFailed"/>).</summary>
    public int ReservePoolMaxFailed { get; init; } = 2;

    /// <summary>How many pool entries, those lacking least first, are kept with their gaps (default 50); the rest are only counted.</summary>
    public int ReservePoolTop { get; init; } = 50;

    /// <summary>The lower end of the score histograms (default 0).</summary>
    public decimal ScoreLower { get; init; }

    /// <summary>The upper end of the score histograms, inclusive (default 100: every bundled score is out of 100).</summary>
    public decimal ScoreUpper { get; init; } = 100m;

    /// <summary>How many equal bins the score range has (default 20, so 5 points each and 60 is a bin edge).</summary>
    public int ScoreBins { get; init; } = 20;

    /// <summary>At most this many distinct classes are counted per classifying programme; further ones are counted together as <see cref="ProgrammeStatistics.OtherClasses"/>.</summary>
    public int MaxClasses { get; init; } = 32;
}

/// <summary>The distributions of a screening run, per programme, and the reserve pool.</summary>
public sealed record ScreeningStatistics
{
    /// <summary>The evaluation date.</summary>
    public required DateOnly AsOf { get; init; }

    /// <summary>Per programme, in output order (as <see cref="ScreeningSummary.Programmes"/>).</summary>
    public required ImmutableArray<ProgrammeStatistics> Programmes { get; init; }

    /// <summary>The reserve pool of <see cref="ScreeningStatisticsOptions.ReservePoolProgramme"/>; null when that programme was not screened.</summary>
    public ReservePoolStatistics? ReservePool { get; init; }
}

/// <summary>One programme's distributions over the written rows.</summary>
public sealed record ProgrammeStatistics
{
    /// <summary>The programme's name.</summary>
    public required string Programme { get; init; }

    /// <summary>The version in force on the as-of date.</summary>
    public required string Version { get; init; }

    /// <summary>The programme's title.</summary>
    public required BilingualText Title { get; init; }

    /// <summary>
    /// When no version of the programme is in force on the as-of date (<see cref="CompiledProgramme.IsNoVersionInForce"/>):
    /// why, and what succeeded it. Every row is then not eligible, failing <c>VersionInForce</c>. Null otherwise.
    /// </summary>
    public BilingualText? NoVersionInForce { get; init; }

    /// <summary>The top-level criteria, in rule order: name and title.</summary>
    public required ImmutableArray<CriterionInfo> Criteria { get; init; }

    /// <summary>Per top-level criterion (rule order), how many rows fail it and no other criterion: the near misses it alone keeps out.</summary>
    public required ImmutableArray<long> SoleFailures { get; init; }

    /// <summary>The score histogram, for scored programmes; null otherwise.</summary>
    public ScoreHistogram? Scores { get; init; }

    /// <summary>For classifying programmes, the rows per class, most frequent first (ties by name); a row without a class counts under the empty string. Empty otherwise.</summary>
    public ImmutableArray<KeyValuePair<string, long>> Classes { get; init; } = [];

    /// <summary>Rows whose class came after <see cref="ScreeningStatisticsOptions.MaxClasses"/> distinct ones.</summary>
    public long OtherClasses { get; init; }

    /// <summary>For population-level programmes: N of "the first N" (<see cref="CompiledProgramme.SelectTop"/>); null otherwise.</summary>
    public int? SelectTop { get; init; }

    /// <summary>For population-level programmes: the rows selected (ranked within the first <see cref="SelectTop"/>); null otherwise.</summary>
    public long? Selected { get; init; }
}

/// <summary>A top-level criterion: its rule name and what it requires.</summary>
/// <param name="Name">The rule name, e.g. <c>RdIntensity</c>.</param>
/// <param name="Title">What the criterion requires, in both languages.</param>
public sealed record CriterionInfo(string Name, BilingualText Title);

/// <summary>
/// Scores in fixed, equal bins over [<see cref="Lower"/>, <see cref="Upper"/>]: bin k holds
/// [Lower + k·width, Lower + (k+1)·width), the last one also <see cref="Upper"/> itself; scores
/// outside the range are counted in <see cref="Below"/> and <see cref="Above"/>, so
/// Below + Σ<see cref="Counts"/> + Above = <see cref="Count"/>.
/// </summary>
public sealed record ScoreHistogram
{
    /// <summary>The lower end of the first bin (inclusive).</summary>
    public required decimal Lower { get; init; }

    /// <summary>The upper end of the last bin (inclusive).</summary>
    public required decimal Upper { get; init; }

    /// <summary>Rows per bin.</summary>
    public required ImmutableArray<long> Counts { get; init; }

    /// <summary>Of <see cref="Counts"/>, the eligible rows per bin.</summary>
    public required ImmutableArray<long> EligibleCounts { get; init; }

    /// <summary>Rows scoring below <see cref="Lower"/>.</summary>
    public required long Below { get; init; }

    /// <summary>Rows scoring above <see cref="Upper"/>.</summary>
    public required long Above { get; init; }

    /// <summary>Rows with a score.</summary>
    public required long Count { get; init; }

    /// <summary>The lowest score; null without scores.</summary>
    public decimal? Min { get; init; }

    /// <summary>The highest score; null without scores.</summary>
    public decimal? Max { get; init; }

    /// <summary>The mean score; null without scores.</summary>
    public decimal? Mean { get; init; }

    /// <summary>The width of each bin.</summary>
    public decimal BinWidth => (Upper - Lower) / Counts.Length;

    /// <summary>The lower end of bin <paramref name="bin"/>.</summary>
    public decimal BinLower(int bin) => Lower + (BinWidth * bin);
}

/// <summary>The reserve pool of one programme over a screening run: how many, and those lacking least.</summary>
public sealed record ReservePoolStatistics
{
    /// <summary>The programme.</summary>
    public required string Programme { get; init; }

    /// <summary>The programme's title.</summary>
    public required BilingualText Title { get; init; }

    /// <summary>The largest number of failed criteria in the pool.</summary>
    public required int MaxFailed { get; init; }

    /// <summary>Written rows failing at least one and at most <see cref="MaxFailed"/> criteria.</summary>
    public required long Pooled { get; init; }

    /// <summary>Index k: pooled rows failing exactly k criteria (index 0 is always 0).</summary>
    public required ImmutableArray<long> ByFailedCount { get; init; }

    /// <summary>Per top-level criterion (rule order), how many pooled rows fail it.</summary>
    public required ImmutableArray<KeyValuePair<string, long>> FailuresByCriterion { get; init; }

    /// <summary>
    /// The first <see cref="ScreeningStatisticsOptions.ReservePoolTop"/> of the pool with their gaps,
    /// in the order of <see cref="Gaps.ReservePool"/> (the same ranks <c>policyrules gap --input</c> gives).
    /// </summary>
    public required ImmutableArray<ReservePoolEntry> Top { get; init; }
}

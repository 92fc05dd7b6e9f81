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

/// <summary>Fills the statistics inside the screening loop: fixed arrays, no allocation per row (except the gap analysis of a near miss).</summary>
internal sealed class StatisticsCollector
{
    private readonly IReadOnlyList<CompiledProgramme> _programmes;
    private readonly ScreeningStatisticsOptions _options;
    private readonly DateOnly _asOf;
    private readonly long[][] _sole;
    private readonly Histogram?[] _histograms;
    private readonly Dictionary<string, long>?[] _classes;
    private readonly long[] _otherClasses;
    private readonly long[] _selected;
    private readonly int _pool = -1;
    private readonly long[] _poolByFailed = [];
    private readonly long[] _poolFailures = [];
    private readonly List<ReservePoolEntry> _poolTop = [];
    private long _pooled;

    public StatisticsCollector(IReadOnlyList<CompiledProgramme> programmes, DateOnly asOf, ScreeningStatisticsOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ScoreBins, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.ScoreUpper, options.ScoreLower, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ReservePoolMaxFailed, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegative(options.ReservePoolTop, nameof(options));
        _programmes = programmes;
        _options = options;
        _asOf = asOf;
        _sole = [.. programmes.Select(p => new long[p.TopLevelRuleNames.Length])];
        _histograms = [.. programmes.Select(p => p.Definition.ScoreParam is null || p.IsNoVersionInForce ? null : new Histogram(options.ScoreLower, options.ScoreUpper, options.ScoreBins))];
        _classes = [.. programmes.Select(p => p.Definition.ClassificationParam is null ? null : new Dictionary<string, long>(StringComparer.Ordinal))];
        _otherClasses = new long[programmes.Count];
        _selected = new long[programmes.Count];
        for (var i = 0; i < programmes.Count; i++)
        {
            if (programmes[i].Name == options.ReservePoolProgramme && programmes[i].Input == Records.RecordKinds.Enterprise)
            {
                _pool = i;
                _poolByFailed = new long[options.ReservePoolMaxFailed + 1];
                _poolFailures = new long[programmes[i].TopLevelRuleNames.Length];
                break;
            }
        }
    }

    /// <summary>Counts one written row's outcome for programme <paramref name="index"/>.</summary>
    /// <param name="index">The programme's position.</param>
    /// <param name="eligible">Whether the row is eligible.</param>
    /// <param name="failedCount">How many top-level criteria it fails.</param>
    /// <param name="lastFailed">The last failed criterion's index (the only one when <paramref name="failedCount"/> is 1).</param>
    /// <param name="score">The score, if any.</param>
    /// <param name="classification">The class, if any.</param>
    /// <param name="selected">Whether a population-level programme selected the row.</param>
    public void Add(int index, bool eligible, int failedCount, int lastFailed, decimal? score, string? classification, bool selected)
    {
        if (failedCount == 1)
        {
            _sole[index][lastFailed]++;
        }

        if (score is { } value && _histograms[index] is { } histogram)
        {
            histogram.Add(value, eligible);
        }

        if (_classes[index] is { } classes)
        {
            var key = classification ?? "";
            if (classes.Count < _options.MaxClasses || classes.ContainsKey(key))
            {
                CollectionsMarshal.GetValueRefOrAddDefault(classes, key, out _)++;
            }
            else
            {
                _otherClasses[index]++;
            }
        }

        if (selected)
        {
            _selected[index]++;
        }
    }

    /// <summary>
    /// Considers a written row for the reserve pool: when it fails the pool's programme on 1 to
    /// MaxFailed criteria it is counted, and its gaps are analysed only if it could still enter the
    /// kept top entries (a row failing more criteria than every kept entry cannot).
    /// </summary>
    public void AddToPool(object record, IReadOnlyList<FailedCriteria> failedCriteria, long inputIndex)
    {
        if (_pool < 0 || record is not EnterpriseProfile profile)
        {
            return;
        }

        var programme = _programmes[_pool];
        var failedRules = failedCriteria[_pool];
        var failed = failedRules.Count;
        if (failed == 0 || failed > _options.ReservePoolMaxFailed)
        {
            return;
        }

        _pooled++;
        _poolByFailed[failed]++;
        for (var rule = 0; rule < failedRules.Length; rule++)
        {
            _poolFailures[rule] += failedRules[rule] ? 1 : 0;
        }

        var top = _options.ReservePoolTop;
        if (top == 0 || (_poolTop.Count == top && _poolTop[^1].Gaps.Length < failed))
        {
            return;
        }

        var entry = Gaps.ReservePool.Entry(programme, profile, _asOf, inputIndex);
        var at = _poolTop.BinarySearch(entry, Gaps.ReservePool.Order);
        at = at < 0 ? ~at : at;
        if (at < top)
        {
            _poolTop.Insert(at, entry);
            if (_poolTop.Count > top)
            {
                _poolTop.RemoveAt(top);
            }
        }
    }

    /// <summary>Counts the rows a population-level programme selected, when it ranks them after they were counted.</summary>
    public void CountSelected(int index, long selected) => _selected[index] += selected;

    public ScreeningStatistics Build()
    {
        var programmes = ImmutableArray.CreateBuilder<ProgrammeStatistics>(_programmes.Count);
        for (var i = 0; i < _programmes.Count; i++)
        {
            var p = _programmes[i];
            programmes.Add(new ProgrammeStatistics
            {
                Programme = p.Name,
                Version = p.Definition.Version,
                Title = p.Definition.Title,
                NoVersionInForce = p.IsNoVersionInForce ? p.Definition.Rules[0].FailMessage : null,
                Criteria = [.. p.Definition.Rules.Select(r => new CriterionInfo(r.Name, r.Title))],
                SoleFailures = [.. _sole[i]],
                Scores = _histograms[i]?.Build(),
                Classes = _classes[i] is { } classes
                    ? [.. classes.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal)]
                    : [],
                OtherClasses = _otherClasses[i],
                SelectTop = p.SelectTop,
                Selected = p.SelectTop is null ? null : _selected[i],
            });
        }

        ReservePoolStatistics? pool = null;
        if (_pool >= 0)
        {
            var programme = _programmes[_pool];
            pool = new ReservePoolStatistics
            {
                Programme = programme.Name,
                Title = programme.Definition.Title,
                MaxFailed = _options.ReservePoolMaxFailed,
                Pooled = _pooled,
                ByFailedCount = [.. _poolByFailed],
                FailuresByCriterion = [.. programme.TopLevelRuleNames.Select((r, k) => new KeyValuePair<string, long>(r, _poolFailures[k]))],
                Top = [.. _poolTop.Select((e, k) => e with { Rank = k + 1 })],
            };
        }

        return new ScreeningStatistics { AsOf = _asOf, Programmes = programmes.MoveToImmutable(), ReservePool = pool };
    }

    /// <summary>Fixed bins filled in place.</summary>
    private sealed class Histogram(decimal lower, decimal upper, int bins)
    {
        private readonly long[] _counts = new long[bins];
        private readonly long[] _eligible = new long[bins];
        private readonly decimal _width = (upper - lower) / bins;
        private long _below;
        private long _above;
        private long _count;
        private decimal _sum;
        private System.Numerics.BigInteger? _bigSum; // in units of 10^-28, once the decimal sum would overflow
        private decimal _min = decimal.MaxValue;
        private decimal _max = decimal.MinValue;

        public void Add(decimal score, bool eligible)
        {
            _count++;
            AddToSum(score);
            _min = Math.Min(_min, score);
            _max = Math.Max(_max, score);
            if (score < lower)
            {
                _below++;
                return;
            }

            if (score > upper)
            {
                _above++;
                return;
            }

            var bin = Math.Min((int)decimal.Floor((score - lower) / _width), bins - 1);
            _counts[bin]++;
            if (eligible)
            {
                _eligible[bin]++;
            }
        }

        /// <summary>Sums legal scores without overflowing: past decimal's range the sum goes on exactly as a big integer.</summary>
        private void AddToSum(decimal score)
        {
            if (_bigSum is { } big)
            {
                _bigSum = big + Scaled(score);
                return;
            }

            try
            {
                _sum += score;
            }
            catch (OverflowException)
            {
                _bigSum = Scaled(_sum) + Scaled(score);
            }
        }

        private static readonly System.Numerics.BigInteger Unit = System.Numerics.BigInteger.Pow(10, 28);

        // value × 10^28 is a whole number: decimal's scale is at most 28.
        private static System.Numerics.BigInteger Scaled(decimal value) => MantissaOf(value) * System.Numerics.BigInteger.Pow(10, 28 - value.Scale);

        private static System.Numerics.BigInteger MantissaOf(decimal value)
        {
            Span<int> bits = stackalloc int[4];
            decimal.GetBits(value, bits);
            var magnitude = ((System.Numerics.BigInteger)(uint)bits[2] << 64) | ((System.Numerics.BigInteger)(uint)bits[1] << 32) | (uint)bits[0];
            return bits[3] < 0 ? -magnitude : magnitude;
        }

        /// <summary>The mean of the scores, which lies within decimal's range even when their sum does not.</summary>
        private decimal Mean()
        {
            if (_bigSum is not { } big)
            {
                return _sum / _count;
            }

            var mean = System.Numerics.BigInteger.DivRem(big, _count).Quotient;
            var whole = System.Numerics.BigInteger.DivRem(mean, Unit, out var fraction);
            return (decimal)whole + ((decimal)fraction / 10_000_000_000_000_000_000_000_000_000m);
        }

        public ScoreHistogram Build() => new()
        {
            Lower = lower,
            Upper = upper,
            Counts = [.. _counts],
            EligibleCounts = [.. _eligible],
            Below = _below,
            Above = _above,
            Count = _count,
            Min = _count == 0 ? null : _min,
            Max = _count == 0 ? null : _max,
            Mean = _count == 0 ? null : Mean(),
        };
    }
}

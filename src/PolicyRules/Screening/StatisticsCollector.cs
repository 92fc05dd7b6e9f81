using System.Collections.Immutable;
using System.Runtime.InteropServices;
using PolicyRules.Bulk;
using PolicyRules.Compilation;
using PolicyRules.Gaps;
using PolicyRules.Model;
using PolicyRules.Rules;

namespace PolicyRules.Screening;

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
    private volatile int _poolBound = int.MaxValue; // the failed count a near miss may have and still be listed
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
    public void AddToPool(object record, IReadOnlyList<FailedCriteria> failedCriteria, long inputIndex, ReservePoolEntry? prepared = null)
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

        if (prepared is null)
        {
            AnalysedInOrder++;
        }

        var entry = prepared ?? Gaps.ReservePool.Entry(programme, profile, _asOf, inputIndex);
        var at = _poolTop.BinarySearch(entry, Gaps.ReservePool.Order);
        at = at < 0 ? ~at : at;
        if (at < top)
        {
            _poolTop.Insert(at, entry);
            if (_poolTop.Count > top)
            {
                _poolTop.RemoveAt(top);
            }

            if (_poolTop.Count == top)
            {
                _poolBound = _poolTop[^1].Gaps.Length; // only falls: the list is ordered by failed count first
            }
        }
    }

    /// <summary>
    /// On an evaluating thread, before the row reaches <see cref="AddToPool"/> in input order: the reserve
    /// pool's gap analysis of the row (the costly part of the report) when <see cref="AddToPool"/> may list
    /// it, else null. The bound read here was published for rows before this one and only tightens, so
    /// every row <see cref="AddToPool"/> analyses was prepared (as TargetCollector.Prepare does for targets).
    /// </summary>
    public ReservePoolEntry? PreparePool(object record, IReadOnlyList<FailedCriteria> failedCriteria, long inputIndex)
    {
        if (_pool < 0 || _options.ReservePoolTop == 0 || record is not EnterpriseProfile profile)
        {
            return null;
        }

        var failed = failedCriteria[_pool].Count;
        return failed == 0 || failed > _options.ReservePoolMaxFailed || failed > _poolBound
            ? null
            : Gaps.ReservePool.Entry(_programmes[_pool], profile, _asOf, inputIndex);
    }

    /// <summary>Near misses the in-order stage had to analyse itself (none when every row went through <see cref="PreparePool"/>).</summary>
    internal long AnalysedInOrder { get; private set; }

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

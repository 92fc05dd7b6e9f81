using System.Collections.Immutable;
using System.Linq.Expressions;
using PolicyRules.Compilation;
using PolicyRules.Gaps;
using PolicyRules.Model;
using PolicyRules.Rules;

namespace PolicyRules.Targets;

/// <summary>
/// Measures a plan's targets inside the screening loop: counters and sums per row, and bounded lists
/// of candidates and laggards (a near miss costs a gap analysis only when it could still enter the
/// kept list, as the report's reserve pool does).
/// </summary>
/// <remarks>
/// A population-level programme's selection is known only once every row is read. A target that
/// counts the rows meeting one such programme's criteria (the plan's top 50) keeps, for each row that
/// would count if selected, only its candidate key — the k-th eligible row of that programme, the key
/// the ranking gives it — and counts those the ranking selects at the end (<see cref="Selected"/>),
/// so the input is read once. Any other target that reads a ranked programme row by row needs the
/// ranks while the rows are read (<see cref="NeedsRanksBeforehand"/>: a first pass).
/// </remarks>
internal sealed class TargetCollector
{
    private readonly TargetSet _targets;
    private readonly TargetOptions _options;
    private readonly IReadOnlyList<CompiledProgramme> _programmes;
    private readonly DateOnly _asOf;
    private readonly Measure[] _measures;
    private readonly Func<object, string> _name;
    private readonly int[] _keys;

    public TargetCollector(TargetSet targets, IReadOnlyList<CompiledProgramme> programmes, DateOnly asOf, TargetOptions? options = null)
    {
        _targets = targets;
        _options = options ?? new TargetOptions();
        ArgumentOutOfRangeException.ThrowIfNegative(_options.Top, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.MaxFailed, 1, nameof(options));
        _programmes = programmes;
        _asOf = asOf;
        _measures = [.. targets.Targets.Select(t => new Measure(t, programmes))];
        NeedsRanksBeforehand = _measures.Any(m => m.ReadsRankedRowByRow);
        if (!NeedsRanksBeforehand)
        {
            foreach (var measure in _measures)
            {
                measure.CountSelectionAtEnd();
            }
        }

        _keys = new int[programmes.Count];
        var name = RecordSchema.Enterprise.NameField;
        _name = name is null ? static _ => "" : Getter<string>(name);
    }

    /// <summary>The fields a screening run must read for the targets (besides the programmes' own).</summary>
    public FieldSet Fields => _targets.Fields;

    /// <summary>
    /// Some target reads a population-level programme's selection row by row in a way the end cannot
    /// settle (see the remarks): <see cref="Add"/> then needs each row's selection, from a first pass.
    /// </summary>
    public bool NeedsRanksBeforehand { get; }

    /// <summary>Counts one written row.</summary>
    /// <param name="record">The record.</param>
    /// <param name="id">Its id.</param>
    /// <param name="eligible">Per selected programme: eligible (for population-level programmes: selected in the top N, when ranked beforehand; else false).</param>
    /// <param name="candidate">Per selected programme: eligible before any selection (a population-level programme's candidate).</param>
    /// <param name="failedCount">Per selected programme: how many top-level criteria the row fails.</param>
    /// <param name="inputIndex">The row's 0-based position among the rows read.</param>
    public void Add(object record, string id, ReadOnlySpan<bool> eligible, ReadOnlySpan<bool> candidate, ReadOnlySpan<int> failedCount, long inputIndex)
    {
        foreach (var measure in _measures)
        {
            measure.Add(this, record, id, eligible, candidate, failedCount, inputIndex);
        }

        for (var i = 0; i < _keys.Length; i++)
        {
            _keys[i] += candidate[i] ? 1 : 0; // the ranking's key of the next candidate
        }
    }

    /// <summary>
    /// The ranking of population-level programme <paramref name="programme"/> at the end of the run:
    /// <paramref name="ranksByKey"/>[k] is the rank of its k-th candidate row, in the order rows were added.
    /// </summary>
    public void Selected(int programme, ReadOnlySpan<int> ranksByKey)
    {
        var top = _programmes[programme].SelectTop ?? throw new ArgumentException($"{_programmes[programme].Name} ranks no population.", nameof(programme));
        foreach (var measure in _measures)
        {
            measure.Selected(programme, ranksByKey, top);
        }
    }

    public ImmutableArray<TargetResult> Build() => [.. _measures.Select(m => m.Build())];

    private static Func<object, T> Getter<T>(ProfileField field)
    {
        var record = Expression.Parameter(typeof(object), "record");
        Expression value = Expression.Property(Expression.Convert(record, field.Property.DeclaringType!), field.Property);
        if (value.Type != typeof(T))
        {
            value = Expression.Convert(value, typeof(T));
        }

        return Expression.Lambda<Func<object, T>>(value, record).Compile();
    }

    /// <summary>A status as compiled getters: any flag true, or the level among the granted values.</summary>
    private sealed class StatusTest
    {
        private readonly Func<object, bool>[] _flags;
        private readonly Func<object, int>? _level;
        private readonly int[] _levels;

        public StatusTest(TargetStatus status)
        {
            _flags = [.. status.Flags.Select(Getter<bool>)];
            _level = status.Level is { } level ? Getter<int>(level) : null;
            _levels = status.Level is { } choice
                ? [.. status.Levels.Select(v => Convert.ToInt32(Enum.Parse(choice.Property.PropertyType, v), System.Globalization.CultureInfo.InvariantCulture))]
                : [];
        }

        public bool Holds(object record)
        {
            foreach (var flag in _flags)
            {
                if (flag(record))
                {
                    return true;
                }
            }

            return _level is not null && Array.IndexOf(_levels, _level(record)) >= 0;
        }
    }

    /// <summary>One target's running measure.</summary>
    private sealed class Measure
    {
        private readonly PlanTarget _target;
        private readonly StatusTest? _status;
        private readonly Func<object, int>? _year;
        private readonly int[] _criteria;
        private readonly string[] _missing;
        private readonly Func<object, decimal>? _current;
        private readonly Func<object, decimal>? _previous;
        private readonly List<TargetCandidate> _meets = [];
        private readonly List<ReservePoolEntry> _near = [];
        private readonly List<GrowthLaggard> _laggards = [];
        private readonly bool _countsOneRankedProgramme;
        private List<int>? _pending;
        private long _count;
        private long _candidates;
        private long _nearMisses;
        private long _laggardCount;
        private decimal _currentTotal;
        private decimal _previousTotal;
        private bool _overflow;

        public Measure(PlanTarget target, IReadOnlyList<CompiledProgramme> programmes)
        {
            _target = target;
            var names = target.Metric.Programmes.ToArray();
            _criteria = [.. names.Select(n => IndexOf(programmes, n)).Where(i => i >= 0)];
            _missing = [.. names.Where(n => IndexOf(programmes, n) < 0)];
            _countsOneRankedProgramme = target.Metric is MeetingCriteriaMetric && _criteria is [var only] && programmes[only].SelectTop is not null;
            ReadsRankedRowByRow = !_countsOneRankedProgramme && _criteria.Any(i => programmes[i].SelectTop is not null);
            switch (target.Metric)
            {
                case HoldingStatusMetric holding:
                    _status = new StatusTest(holding.Status);
                    break;
                case NewlyRecognisedMetric recognised:
                    _status = new StatusTest(recognised.Status);
                    _year = Getter<int>(recognised.YearField);
                    break;
                case MeetingCriteriaMetric meeting:
                    _status = meeting.Without is { } without ? new StatusTest(without) : null;
                    break;
                case AggregateGrowthMetric growth:
                    _current = Getter<decimal>(growth.Current);
                    _previous = Getter<decimal>(growth.Previous);
                    break;
            }
        }

        /// <summary>Reads a population-level programme's selection row by row, other than counting the rows one selects.</summary>
        public bool ReadsRankedRowByRow { get; }

        /// <summary>From now on a row that would count if selected is kept as its candidate key and counted at <see cref="Selected"/>.</summary>
        public void CountSelectionAtEnd()
        {
            if (_countsOneRankedProgramme)
            {
                _pending = [];
            }
        }

        public void Selected(int programme, ReadOnlySpan<int> ranksByKey, int top)
        {
            if (_pending is null || _criteria[0] != programme)
            {
                return;
            }

            foreach (var key in _pending)
            {
                _count += ranksByKey[key] <= top ? 1 : 0;
            }

            _pending = null; // counted once
        }

        private static int IndexOf(IReadOnlyList<CompiledProgramme> programmes, string name)
        {
            for (var i = 0; i < programmes.Count; i++)
            {
                if (programmes[i].Name == name)
                {
                    return i;
                }
            }

            return -1;
        }

        public void Add(TargetCollector owner, object record, string id, ReadOnlySpan<bool> eligible, ReadOnlySpan<bool> candidate, ReadOnlySpan<int> failedCount, long inputIndex)
        {
            if (_target.Metric is AggregateGrowthMetric)
            {
                AddGrowth(owner, record, id, eligible);
                return;
            }

            var holds = _status?.Holds(record) ?? false;
            if (_pending is not null && !holds && candidate[_criteria[0]])
            {
                _pending.Add(owner._keys[_criteria[0]]); // counts if the ranking selects it; a candidate is no near miss either way
                return;
            }

            var meets = false;
            foreach (var i in _criteria)
            {
                meets |= eligible[i];
            }

            switch (_target.Metric)
            {
                case HoldingStatusMetric when holds:
                    _count++;
                    return;
                case NewlyRecognisedMetric metric when holds && _year!(record) is var year && year >= metric.From && year <= metric.To:
                    _count++;
                    return;
                case MeetingCriteriaMetric when meets && !holds:
                    _count++;
                    return;
                case MeetingCriteriaMetric when holds:
                    return;
            }

            if (holds || _criteria.Length == 0)
            {
                return;
            }

            if (meets)
            {
                _candidates++;
                if (_meets.Count < owner._options.Top)
                {
                    var first = 0;
                    foreach (var i in _criteria)
                    {
                        if (eligible[i])
                        {
                            first = i;
                            break;
                        }
                    }

                    _meets.Add(new TargetCandidate(id, owner._name(record), owner._programmes[first].Name, true, inputIndex, null));
                }

                return;
            }

            var failed = failedCount[_criteria[0]];
            if (failed < 1 || failed > owner._options.MaxFailed || record is not EnterpriseProfile profile)
            {
                return;
            }

            _nearMisses++;
            var top = owner._options.Top;
            // A composite programme's gaps would need its used programmes re-run for every change
            // tried: its near misses are counted, not listed.
            var programme = owner._programmes[_criteria[0]];
            if (top == 0 || !programme.Uses.IsEmpty || (_near.Count == top && _near[^1].Gaps.Length < failed))
            {
                return;
            }

            var entry = ReservePool.Entry(programme, profile, owner._asOf, inputIndex);
            var at = _near.BinarySearch(entry, ReservePool.Order);
            at = at < 0 ? ~at : at;
            if (at < top)
            {
                _near.Insert(at, entry);
                if (_near.Count > top)
                {
                    _near.RemoveAt(top);
                }
            }
        }

        private void AddGrowth(TargetCollector owner, object record, string id, ReadOnlySpan<bool> eligible)
        {
            if (_criteria.Length == 0 || !eligible[_criteria[0]])
            {
                return;
            }

            var current = _current!(record);
            var previous = _previous!(record);
            _count++;
            try
            {
                _currentTotal += current;
                _previousTotal += previous;
            }
            catch (OverflowException)
            {
                _overflow = true;
            }

            // previous × (1 + target) − current, exact in decimal for money with two decimals.
            var shortfall = (previous * (1m + _target.Value)) - current;
            if (shortfall <= 0)
            {
                return;
            }

            _laggardCount++;
            var top = owner._options.Top;
            if (top == 0 || (_laggards.Count == top && _laggards[^1].Shortfall >= shortfall))
            {
                return;
            }

            var laggard = new GrowthLaggard(id, owner._name(record), current, previous, shortfall);
            var at = _laggards.FindIndex(l => l.Shortfall < shortfall);
            _laggards.Insert(at < 0 ? _laggards.Count : at, laggard);
            if (_laggards.Count > top)
            {
                _laggards.RemoveAt(top);
            }
        }

        public TargetResult Build()
        {
            // A status is counted from the record alone; only the criteria-based parts need the programmes.
            var countsWithoutProgrammes = _target.Metric is HoldingStatusMetric or NewlyRecognisedMetric;
            var notMeasured = _missing.Length == 0 ? null : new BilingualText(
                $"{(countsWithoutProgrammes ? "候选未计" : "不可计量")}：项目 {string.Join("、", _missing)} 在评估日期无有效版本或未参与本次筛查",
                $"{(countsWithoutProgrammes ? "Candidates not counted" : "Not measured")}: {string.Join(", ", _missing)} has no version in force on the evaluation date or was not screened");
            if (_target.Metric is AggregateGrowthMetric)
            {
                var measurable = notMeasured is null && !_overflow && _previousTotal > 0;
                notMeasured ??= _overflow
                    ? new BilingualText("不可计量：合计金额超出十进制数范围", "Not measured: the totals exceed the decimal range")
                    : _previousTotal > 0 ? null
                    : new BilingualText("不可计量：上一年度合计为 0，增长率无定义", "Not measured: the previous year's total is 0, so growth is undefined");
                return new TargetResult
                {
                    Target = _target,
                    Now = measurable ? (_currentTotal / _previousTotal) - 1m : null,
                    Met = measurable && _currentTotal >= _previousTotal * (1m + _target.Value),
                    NotMeasured = notMeasured,
                    Population = _count,
                    CurrentTotal = _overflow ? null : _currentTotal,
                    PreviousTotal = _overflow ? null : _previousTotal,
                    Laggards = [.. _laggards],
                    LaggardCount = _laggardCount,
                };
            }

            var programme = _criteria.Length > 0 ? _target.Metric.Programmes.First() : null;
            return new TargetResult
            {
                Target = _target,
                Now = _missing.Length > 0 && _target.Metric is MeetingCriteriaMetric ? null : _count,
                Met = !(_missing.Length > 0 && _target.Metric is MeetingCriteriaMetric) && _count >= _target.Value,
                NotMeasured = notMeasured,
                Candidates = _candidates,
                NearMisses = _nearMisses,
                TopCandidates = [.. _meets, .. _near.Select((e, k) => new TargetCandidate(e.Id, e.Name, programme!, false, e.InputIndex, e with { Rank = k + 1 }))],
            };
        }
    }
}

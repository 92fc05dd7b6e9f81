using System.Collections.Immutable;
using System.Linq.Expressions;
using PolicyRules.Compilation;
using PolicyRules.Gaps;
using PolicyRules.Model;
using PolicyRules.Rules;

namespace PolicyRules.Targets;

/// <summary>One target's running measure (<see cref="TargetCollector"/>'s other half).</summary>
internal sealed partial class TargetCollector
{
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
        private volatile int _listBound = int.MaxValue; // the failed count a near miss may have and still be listed
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

        /// <summary>The entry <see cref="Add"/> may list for this row, analysed now; null when it cannot need one (see <see cref="TargetCollector.Prepare"/>).</summary>
        public ReservePoolEntry? Prepare(TargetCollector owner, object record, ReadOnlySpan<bool> eligible, ReadOnlySpan<int> failedCount, long inputIndex)
        {
            // A superset of Add's near misses: a ranked programme's selection is unknown here, so it counts as not met.
            if (_target.Metric is AggregateGrowthMetric || _criteria.Length == 0 || owner._options.Top == 0 || record is not EnterpriseProfile profile)
            {
                return null;
            }

            var programme = owner._programmes[_criteria[0]];
            var failed = failedCount[_criteria[0]];
            if (!programme.Uses.IsEmpty || failed < 1 || failed > owner._options.MaxFailed || failed > _listBound || (_status?.Holds(record) ?? false))
            {
                return null;
            }

            foreach (var i in _criteria)
            {
                if (eligible[i] && owner._programmes[i].SelectTop is null)
                {
                    return null;
                }
            }

            return ReservePool.Entry(programme, profile, owner._asOf, inputIndex);
        }

        public void Add(TargetCollector owner, object record, string id, ReadOnlySpan<bool> eligible, ReadOnlySpan<bool> candidate, ReadOnlySpan<int> failedCount, long inputIndex, ReservePoolEntry? prepared, bool wasPrepared)
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

            if (prepared is null && wasPrepared)
            {
                owner.AnalysedInOrder++; // Prepare's superset missed it: still right, only slower (tests keep this at 0)
            }

            var entry = prepared ?? ReservePool.Entry(programme, profile, owner._asOf, inputIndex);
            var at = _near.BinarySearch(entry, ReservePool.Order);
            at = at < 0 ? ~at : at;
            if (at < top)
            {
                _near.Insert(at, entry);
                if (_near.Count > top)
                {
                    _near.RemoveAt(top);
                }

                if (_near.Count == top)
                {
                    _listBound = _near[^1].Gaps.Length; // only falls: the list is ordered by failed count first
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

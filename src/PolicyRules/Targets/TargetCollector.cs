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
internal sealed partial class TargetCollector
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

    /// <summary>
    /// On an evaluating thread, before the row reaches <see cref="Add"/>: the gap analysis of each target's
    /// near miss that <see cref="Add"/> could still list, into <paramref name="entries"/> (one per target,
    /// null where none is needed). The in-order stage then only inserts: the analysis, not the counting,
    /// is the cost of a near miss, and it runs on every core. Each target's bound (the failed count of its
    /// last listed entry once the list is full) only tightens, so a bound read here is never tighter than
    /// the one <see cref="Add"/> applies: every entry it needs was analysed, and the lists are the same.
    /// </summary>
    /// <param name="record">The record.</param>
    /// <param name="eligible">Per selected programme: eligible before any selection.</param>
    /// <param name="failedCount">Per selected programme: how many top-level criteria the row fails.</param>
    /// <param name="inputIndex">The row's 0-based position among the rows read.</param>
    /// <param name="entries">One slot per target, overwritten.</param>
    public void Prepare(object record, ReadOnlySpan<bool> eligible, ReadOnlySpan<int> failedCount, long inputIndex, ReservePoolEntry?[] entries)
    {
        for (var m = 0; m < _measures.Length; m++)
        {
            entries[m] = _measures[m].Prepare(this, record, eligible, failedCount, inputIndex);
        }
    }

    /// <summary>How many targets there are (<see cref="Prepare"/>'s slots).</summary>
    public int Count => _measures.Length;

    /// <summary>Near misses <see cref="Add"/> had to analyse itself although <see cref="Prepare"/> ran for the row: none, unless Prepare is wrong.</summary>
    internal long AnalysedInOrder { get; private set; }

    /// <summary>Counts one written row.</summary>
    /// <param name="record">The record.</param>
    /// <param name="id">Its id.</param>
    /// <param name="eligible">Per selected programme: eligible (for population-level programmes: selected in the top N, when ranked beforehand; else false).</param>
    /// <param name="candidate">Per selected programme: eligible before any selection (a population-level programme's candidate).</param>
    /// <param name="failedCount">Per selected programme: how many top-level criteria the row fails.</param>
    /// <param name="inputIndex">The row's 0-based position among the rows read.</param>
    /// <param name="prepared">What <see cref="Prepare"/> left for this row, or empty (each near miss is then analysed here).</param>
    public void Add(object record, string id, ReadOnlySpan<bool> eligible, ReadOnlySpan<bool> candidate, ReadOnlySpan<int> failedCount, long inputIndex, ReadOnlySpan<ReservePoolEntry?> prepared = default)
    {
        for (var m = 0; m < _measures.Length; m++)
        {
            _measures[m].Add(this, record, id, eligible, candidate, failedCount, inputIndex, prepared.IsEmpty ? null : prepared[m], !prepared.IsEmpty);
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
}

// Longer than ~400 lines on purpose: one algorithm (levers, the search for the smallest change, its checks), clearer in one reading than across files.
using System.Collections.Immutable;
using PolicyRules.Bulk;
using PolicyRules.Compilation;
using PolicyRules.Evaluation;
using PolicyRules.Model;

namespace PolicyRules.Gaps;

/// <summary>
/// Finds, for every failed top-level criterion of any programme, the smallest change of each number
/// it reads that would meet it with everything else unchanged — the gap analysis behind the plan's
/// high-tech reserve pool (高企后备库; programmes.md §3: "say what is short and by how much, in the
/// input's units").
/// </summary>
/// <remarks>
/// <para>
/// Which numbers: the numeric fields (money, counts, scores, percentages) that the criterion reads,
/// directly or through the parameters it uses (<see cref="CompiledProgramme.TopLevelRuleFields"/>),
/// except those that record a fact rather than a lever (non-taxable income, a recognition year:
/// <see cref="GapLabels.IsLever"/>).
/// Each is moved up and down by itself, and the programme is evaluated again on the changed copy.
/// </para>
/// <para>
/// How: an exponential search from one step, then a binary search between the last failing and the
/// first passing step, on exact decimals: steps of 1 for counts and scores (scores are whole in
/// practice, so "&gt; 70" needs 71), 0.01 for money (the fen) and percentages. The result meets the
/// criterion and one step less does not. When no doubling passes up to the end of the field's range,
/// it also probes back from that end (a denominator passes until it reaches 0, where the ratio is
/// undefined). Where the outcome is not monotonic in a number (a tier that tightens as revenue grows),
/// the search finds the first passing value it reaches, which is the smallest unless a passing window
/// lies entirely between two of its probes.
/// </para>
/// <para>
/// Sums over years: when a criterion reads the Y1, Y2, … parts of one quantity only through their
/// sum (R&amp;D over three years), it reports one alternative for the sum, "R&amp;D over Y1–Y3 must rise by
/// ¥X". That is checked, not assumed: the change found on the latest year must give the same
/// boundary, and the same outcome for every criterion, when made on the earliest year. Otherwise each
/// year is searched by itself.
/// </para>
/// <para>
/// Side effects: each alternative names the criteria that pass now and would fail after the change
/// (<see cref="GapLever.NewlyFailed"/>, e.g. lowering R&amp;D to raise the domestic share may break the
/// R&amp;D intensity), and the other failed criteria it would meet too (<see cref="GapLever.AlsoMet"/>).
/// </para>
/// </remarks>
public static class GapAnalyser
{
    /// <summary>
    /// The gaps of every failed top-level criterion of <paramref name="programme"/> for
    /// <paramref name="profile"/>, in criterion order; empty when the enterprise is eligible.
    /// </summary>
    /// <exception cref="RuleEvaluationException">An expression failed on the profile as given.</exception>
    public static ImmutableArray<CriterionGap> Analyse(CompiledProgramme programme, EnterpriseProfile profile, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(programme);
        ArgumentNullException.ThrowIfNull(profile);
        return AnalyseRecord(programme, profile, asOf);
    }

    /// <summary>As <see cref="Analyse"/>, for a record of any kind read with <paramref name="programme"/>'s schema.</summary>
    internal static ImmutableArray<CriterionGap> AnalyseRecord(CompiledProgramme programme, object record, DateOnly asOf)
    {
        var search = new Search(programme, record, asOf);
        var gaps = ImmutableArray.CreateBuilder<CriterionGap>();
        for (var i = 0; i < programme.TopLevelRuleNames.Length; i++)
        {
            if (!search.Before[i])
            {
                gaps.Add(search.Criterion(i));
            }
        }

        return gaps.ToImmutable();
    }

    /// <summary>The searches for one profile: its outcomes before any change, and a buffer to evaluate changed copies.</summary>
    private sealed class Search
    {
        private readonly CompiledProgramme _programme;
        private readonly object _profile;
        private readonly RecordSchema _schema;
        private readonly DateOnly _asOf;
        private readonly ScreeningBuffer _buffer;

        // One copy of the profile that every try changes and restores: a copy per try (and its
        // garbage) was most of the reserve pool's cost.
        private readonly object _scratch;
        private readonly string _id;

        // Runs the programme and, for a composite, the programmes it uses first: a change of a number
        // (employees, revenue) can change a used programme's outcome (SmeSize's class) as well.
        private readonly ProgrammeScreener _screener;

        public Search(CompiledProgramme programme, object profile, DateOnly asOf)
        {
            _programme = programme;
            _profile = profile;
            _schema = programme.Schema;
            _asOf = asOf;
            _screener = ProgrammeScreener.Create([programme], asOf);
            _buffer = _screener.Buffer(0);
            _id = _schema.IdOf(profile);
            _scratch = RecordSchema.Copy(profile);
            _screener.ScreenRecord(profile, _id); // throws for the profile as given, as Evaluate does
            Before = Read();
        }

        /// <summary>Each top-level criterion's outcome for the profile as given.</summary>
        public bool[] Before { get; }

        private ImmutableArray<string> Names => _programme.TopLevelRuleNames;

        public CriterionGap Criterion(int criterion)
        {
            var definition = _programme.Rules[criterion].Definition;
            var reads = _programme.TopLevelRuleFields[criterion];
            var numeric = reads.Fields.Where(f => ProfileSchema.IsNumeric(f) && GapLabels.IsLever(f)).ToList();
            var levers = new List<GapLever>();
            foreach (var group in Groups(numeric))
            {
                foreach (var direction in (int[])[1, -1])
                {
                    if (group.Count > 1 && Find(criterion, Move.Sum(_schema, _profile, group, latestFirst: true), direction) is { } sum
                        && Confirms(criterion, sum, Move.Sum(_schema, _profile, group, latestFirst: false), direction))
                    {
                        levers.Add(Lever(criterion, sum));
                        continue;
                    }

                    foreach (var field in group)
                    {
                        if (Find(criterion, Move.Single(_schema, _profile, field), direction) is { } found)
                        {
                            levers.Add(Lever(criterion, found));
                        }
                    }
                }
            }

            levers.Sort(Order);
            return new CriterionGap
            {
                Criterion = definition.Name,
                Title = definition.Title,
                Closable = levers.Count > 0,
                Levers = [.. levers],
                Summary = levers.Count > 0 ? levers[0].Sentence : GapText.NotClosable(reads, numeric),
            };
        }

        /// <summary>
        /// Rises before cuts (<see cref="GapLever.Rises"/>): the reserve pool is about what to build up —
        /// more R&amp;D, more S&amp;T staff, a better rank — not about shrinking staff or revenue to improve a
        /// ratio, which is still listed, after. Then the smallest relative change; a change from zero (no
        /// relative size) last within its direction; then contract order.
        /// </summary>
        private int Order(GapLever a, GapLever b)
        {
            var byDirection = b.Rises.CompareTo(a.Rises);
            if (byDirection != 0)
            {
                return byDirection;
            }

            var byRelative = (a.RelativeChange, b.RelativeChange) switch
            {
                (null, null) => 0,
                (null, _) => 1,
                (_, null) => -1,
                var (x, y) => x.Value.CompareTo(y.Value),
            };
            if (byRelative != 0)
            {
                return byRelative;
            }

            var byField = FieldIndex(a).CompareTo(FieldIndex(b));
            return byField != 0 ? byField : b.Change.CompareTo(a.Change);

            int FieldIndex(GapLever lever) => _schema.TryGetField(lever.Fields[0], out var field) ? field.Index : int.MaxValue;
        }

        /// <summary>
        /// The fields in contract order, the yearly parts of one quantity (same stem and kind) together:
        /// <c>[employees] [techStaff] [revenueY1, revenueY2, revenueY3] …</c>.
        /// </summary>
        private static List<List<ProfileField>> Groups(List<ProfileField> fields)
        {
            var groups = new List<List<ProfileField>>();
            var byStem = new Dictionary<(string, FieldKind), List<ProfileField>>();
            foreach (var field in fields)
            {
                var (stem, year) = GapLabels.Split(field.Name);
                if (year > 0 && byStem.TryGetValue((stem, field.Kind), out var group))
                {
                    group.Add(field);
                    continue;
                }

                var created = new List<ProfileField> { field };
                groups.Add(created);
                if (year > 0)
                {
                    byStem[(stem, field.Kind)] = created;
                }
            }

            foreach (var group in groups)
            {
                group.Sort((a, b) => GapLabels.Split(a.Name).Year.CompareTo(GapLabels.Split(b.Name).Year));
            }

            return groups;
        }

        /// <summary>The fewest steps of <paramref name="move"/> in <paramref name="direction"/> that meet the criterion, or null.</summary>
        private Found? Find(int criterion, Move move, int direction)
        {
            var max = move.MaxSteps(direction);
            if (max < 1)
            {
                return null;
            }

            // Exponential: 1, 2, 4, … steps until one passes; lo always fails (0 steps is the profile as given).
            decimal lo = 0, hi = 1;
            while (!Passes(criterion, move, move.ValueAt(hi, direction)))
            {
                if (hi >= max)
                {
                    // Nothing passes up to the end of the range. A window may lie just before the end:
                    // a denominator moved down passes until it reaches 0, where the ratio is undefined.
                    // Probe back from the end (max − 1, max − 2, max − 4, …) over the untested stretch.
                    var found = false;
                    for (var back = 1m; max - back > lo; back *= 2)
                    {
                        if (Passes(criterion, move, move.ValueAt(max - back, direction)))
                        {
                            hi = max - back;
                            found = true;
                            break;
                        }
                    }

                    if (!found)
                    {
                        return null;
                    }

                    break;
                }

                lo = hi;
                hi = Math.Min(hi * 2, max);
            }

            // Binary: keep lo failing and hi passing until they are one step apart.
            while (hi - lo > 1)
            {
                var mid = lo + decimal.Floor((hi - lo) / 2);
                if (Passes(criterion, move, move.ValueAt(mid, direction)))
                {
                    hi = mid;
                }
                else
                {
                    lo = mid;
                }
            }

            return new Found(move, hi, move.ValueAt(hi, direction));
        }

        /// <summary>
        /// True when the sum found by changing the latest year is a property of the sum alone: made on the
        /// earliest year instead, the same value passes, one step less fails, and every criterion ends the same.
        /// </summary>
        private bool Confirms(int criterion, Found latest, Move earliest, int direction)
        {
            if (!Passes(criterion, earliest, latest.Value)
                || (latest.Steps > 1 && Passes(criterion, earliest, latest.Move.ValueAt(latest.Steps - 1, direction))))
            {
                return false;
            }

            return Outcomes(latest.Move, latest.Value) is { } a
                && Outcomes(earliest, latest.Value) is { } b
                && a.AsSpan().SequenceEqual(b);
        }

        private GapLever Lever(int criterion, Found found)
        {
            var after = Outcomes(found.Move, found.Value)!;
            var newlyFailed = ImmutableArray.CreateBuilder<string>();
            var alsoMet = ImmutableArray.CreateBuilder<string>();
            for (var j = 0; j < after.Length; j++)
            {
                if (Before[j] && !after[j])
                {
                    newlyFailed.Add(Names[j]);
                }
                else if (j != criterion && !Before[j] && after[j])
                {
                    alsoMet.Add(Names[j]);
                }
            }

            var move = found.Move;
            var change = found.Value - move.Current;
            var unit = GapLabels.UnitOf(move.Parts[0]);
            var label = move.Parts.Length == 1 ? GapLabels.Of(move.Parts[0]) : GapLabels.OfSum(move.Parts);
            var (min, max) = ProfileSchema.RangeOf(move.Parts[0]);
            return new GapLever
            {
                Field = string.Join("+", move.Parts.Select(p => p.Name)),
                Fields = [.. move.Parts.Select(p => p.Name)],
                Label = label,
                Kind = move.Parts[0].Kind,
                Unit = unit,
                Current = move.Current,
                Needed = found.Value,
                Change = change,
                RelativeChange = move.Current == 0 ? null : Math.Abs(change) / Math.Abs(move.Current),
                NewlyFailed = newlyFailed.ToImmutable(),
                AlsoMet = alsoMet.ToImmutable(),
                Sentence = GapText.Sentence(label, unit, move.Current, change, (min * move.Parts.Length, max * move.Parts.Length), newlyFailed, alsoMet),
            };
        }

        private bool Passes(int criterion, Move move, decimal value) =>
            Screen(move, value) && !_programme.Failed(_buffer, criterion);

        private bool[]? Outcomes(Move move, decimal value) => Screen(move, value) ? Read() : null;

        /// <summary>Screens the profile with the number of <paramref name="move"/> at <paramref name="value"/>; false when the rules cannot evaluate it.</summary>
        private bool Screen(Move move, decimal value)
        {
            move.Apply(_scratch, value);
            try
            {
                _screener.ScreenRecord(_scratch, _id);
                return true;
            }
            catch (RuleEvaluationException)
            {
                return false; // a value the rules cannot evaluate (an overflow far out) meets nothing
            }
            finally
            {
                move.Restore(_scratch);
            }
        }

        private bool[] Read()
        {
            var outcomes = new bool[Names.Length];
            for (var j = 0; j < outcomes.Length; j++)
            {
                outcomes[j] = !_programme.Failed(_buffer, j);
            }

            return outcomes;
        }
    }

    /// <summary>A passing value: <c>Steps</c> steps of <c>Move</c> from the profile as given; one step less fails.</summary>
    private sealed record Found(Move Move, decimal Steps, decimal Value);

    /// <summary>
    /// One number that can be moved: a field, or the sum of yearly parts. A sum is moved through its
    /// parts in order (latest or earliest year first), each within the range readers accept; a fall
    /// larger than one year's value takes the rest from the next year.
    /// </summary>
    private sealed class Move
    {
        private readonly RecordSchema _schema;
        private readonly decimal[] _values;
        private readonly decimal _min;
        private readonly decimal _max;
        private readonly decimal _step;
        private readonly bool _whole;

        private Move(RecordSchema schema, object profile, ImmutableArray<ProfileField> parts)
        {
            _schema = schema;
            Parts = parts;
            _values = [.. parts.Select(p => schema.GetNumber(profile, p))];
            Current = _values.Sum();
            (_min, _max) = ProfileSchema.RangeOf(parts[0]);
            _whole = parts[0].Kind is FieldKind.Count or FieldKind.Score;
            _step = _whole ? 1m : 0.01m;
        }

        public static Move Single(RecordSchema schema, object profile, ProfileField field) => new(schema, profile, [field]);

        public static Move Sum(RecordSchema schema, object profile, List<ProfileField> yearsInOrder, bool latestFirst) =>
            new(schema, profile, latestFirst ? [.. yearsInOrder] : [.. Enumerable.Reverse(yearsInOrder)]);

        /// <summary>The fields, in the order a change is applied to them.</summary>
        public ImmutableArray<ProfileField> Parts { get; }

        /// <summary>The value now (the sum of the parts).</summary>
        public decimal Current { get; }

        /// <summary>The value after <paramref name="steps"/> steps: whole units for counts and scores (from the whole value next to it), else 0.01.</summary>
        public decimal ValueAt(decimal steps, int direction) => direction > 0
            ? (_whole ? decimal.Floor(Current) : Current) + (steps * _step)
            : (_whole ? decimal.Ceiling(Current) : Current) - (steps * _step);

        /// <summary>How many steps stay within the range readers accept (for a sum, every part within it).</summary>
        public decimal MaxSteps(int direction) => direction > 0
            ? decimal.Floor(((_max * Parts.Length) - ValueAt(0, direction)) / _step)
            : decimal.Floor((ValueAt(0, direction) - (_min * Parts.Length)) / _step);

        /// <summary>Sets the number to <paramref name="value"/> on <paramref name="copy"/>, a copy of the profile whose parts hold their values now (<see cref="Restore"/> puts them back).</summary>
        public void Apply(object copy, decimal value)
        {
            var remaining = value - Current;
            for (var i = 0; i < Parts.Length && remaining != 0; i++)
            {
                var part = _values[i];
                var moved = remaining > 0 ? Math.Min(remaining, _max - part) : Math.Max(remaining, _min - part);
                _schema.SetNumber(copy, Parts[i], part + moved);
                remaining -= moved;
            }
        }

        /// <summary>Puts the parts' values now back on <paramref name="copy"/> (the same values, bit for bit: each was read from the profile).</summary>
        public void Restore(object copy)
        {
            for (var i = 0; i < Parts.Length; i++)
            {
                _schema.SetNumber(copy, Parts[i], _values[i]);
            }
        }
    }
}

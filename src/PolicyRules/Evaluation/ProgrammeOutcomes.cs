using System.Collections.Frozen;

namespace PolicyRules.Evaluation;

/// <summary>
/// The outcomes of the programmes a composite programme builds on, for the record being evaluated.
/// Composite rule expressions read it as <c>programmes.Eligible("HighTechEnterprise")</c>, so a change to
/// HighTechEnterprise's rules changes every programme that uses it, with no edit to them.
/// </summary>
/// <remarks>
/// One instance serves one thread: the engine writes each programme's outcome before the programmes
/// that use it run (dependencies first), and reuses the instance for the next record without allocating.
/// </remarks>
public sealed class ProgrammeOutcomes
{
    private readonly FrozenDictionary<string, int> _slots;
    private readonly bool[] _eligible;
    private readonly decimal?[] _scores;
    private readonly string?[] _classes;
    private readonly long[] _written;
    private readonly int[] _slotById; // ProgrammeIds → slot, -1 for a programme not held here
    private long _record;

    internal ProgrammeOutcomes(IEnumerable<string> programmes)
    {
        _slots = programmes.Distinct(StringComparer.Ordinal).Select((name, i) => (name, i)).ToFrozenDictionary(p => p.name, p => p.i, StringComparer.Ordinal);
        _eligible = new bool[_slots.Count];
        _scores = new decimal?[_slots.Count];
        _classes = new string?[_slots.Count];
        _written = new long[_slots.Count];
        _record = 1;
        foreach (var name in _slots.Keys)
        {
            ProgrammeIds.Of(name); // every name held gets an id, so a kernel compiled later finds it here
        }

        _slotById = new int[_slots.Keys.Select(ProgrammeIds.Find).DefaultIfEmpty(-1).Max() + 1];
        Array.Fill(_slotById, -1);
        foreach (var (name, slot) in _slots)
        {
            _slotById[ProgrammeIds.Find(name)] = slot;
        }
    }

    /// <summary>Whether the enterprise is eligible for <paramref name="programme"/>.</summary>
    public bool Eligible(string programme) => _eligible[Read(programme)];

    /// <summary>The score <paramref name="programme"/> gave (0 when it is not scored).</summary>
    public decimal Score(string programme) => _scores[Read(programme)] ?? 0m;

    /// <summary>The class <paramref name="programme"/> gave ("" when it does not classify).</summary>
    public string Classification(string programme) => _classes[Read(programme)] ?? "";

    /// <summary>As <see cref="Eligible"/>, found by the name's <see cref="ProgrammeIds"/> id (what compiled kernels call).</summary>
    internal bool EligibleAt(int id, string programme) => _eligible[ReadAt(id, programme)];

    /// <summary>As <see cref="Score"/>, found by the name's id.</summary>
    internal decimal ScoreAt(int id, string programme) => _scores[ReadAt(id, programme)] ?? 0m;

    /// <summary>As <see cref="Classification"/>, found by the name's id.</summary>
    internal string ClassificationAt(int id, string programme) => _classes[ReadAt(id, programme)] ?? "";

    /// <summary>Starts the next record: outcomes written for the previous one can no longer be read.</summary>
    internal void NextRecord() => _record++;

    internal void Set(string programme, bool eligible, decimal? score, string? classification) =>
        SetAt(_slots[programme], eligible, score, classification);

    /// <summary>As <see cref="Set"/> for the programme at <paramref name="slot"/> of the constructor's list (no lookup: the screening loop's path).</summary>
    internal void SetAt(int slot, bool eligible, decimal? score, string? classification)
    {
        _eligible[slot] = eligible;
        _scores[slot] = score;
        _classes[slot] = classification;
        _written[slot] = _record;
    }

    private int ReadAt(int id, string programme)
    {
        var slots = _slotById;
        return (uint)id < (uint)slots.Length && slots[id] is var slot and >= 0 && _written[slot] == _record ? slot : Read(programme);
    }

    private int Read(string programme)
    {
        // The compiler admits only names a composite's Uses lists, and the engine runs those first;
        // a miss here is a bug in the engine, not in a rule file.
        if (!_slots.TryGetValue(programme, out var slot) || _written[slot] != _record)
        {
            throw new InvalidOperationException($"The outcome of '{programme}' was read before it was evaluated for this record.");
        }

        return slot;
    }
}

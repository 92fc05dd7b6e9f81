using System.Collections.Immutable;
using PolicyRules.Compilation;
using PolicyRules.Evaluation;
using PolicyRules.Model;

namespace PolicyRules.Bulk;

/// <summary>
/// Screens records against a fixed list of programme versions without allocating: the scratch
/// space of one thread. Programmes that composite programmes use run first, whether or not they
/// were asked for, so composites read their outcomes. Create one per thread and reuse it.
/// </summary>
/// <remarks>
/// Each programme runs its own kernel in turn. A combined kernel (<see cref="CombinedKernel"/>: what
/// several programmes compute from the record alone computed once, outcomes those of the separate
/// kernels, proven by a differential test) is built only when asked for internally: measured on a
/// quiet machine it was no faster than the separate kernels once money is compared in integers
/// (4.7 against 4.3 µs for all programmes; benchmarks/README.md, seventh session).
/// </remarks>
/// <example>
/// <code>
/// var screener = ProgrammeScreener.Create([.. names.Select(n => engine.GetProgramme(n, asOf))], asOf);
/// foreach (var profile in profiles)
/// {
///     screener.Screen(profile);
///     bool eligible = screener.Eligible(0);
/// }
/// </code>
/// </example>
public sealed class ProgrammeScreener
{
    private readonly CompiledProgramme[] _executed;
    private readonly ScreeningBuffer[] _buffers;
    private readonly bool[] _eligible;
    private readonly int[] _outputIndex;
    private readonly ProgrammeOutcomes? _outcomes;
    private readonly EvaluationState[] _states;
    private readonly int[] _section = new int[1];
    private Lazy<CombinedKernel?>? _pending;
    private CombinedKernel? _combined;

    private ProgrammeScreener(IReadOnlyList<CompiledProgramme> requested, DateOnly asOf, bool combine)
    {
        var executed = new List<CompiledProgramme>();
        foreach (var programme in requested)
        {
            AddWithUsed(programme, asOf, executed);
        }

        _executed = [.. executed];
        _buffers = [.. executed.Select(p => p.CreateBuffer())];
        _eligible = new bool[executed.Count];
        _outputIndex = [.. requested.Select(p => executed.IndexOf(p))];
        _outcomes = executed.Exists(p => !p.Uses.IsEmpty) ? new ProgrammeOutcomes(executed.Select(p => p.Name)) : null;
        foreach (var buffer in _buffers)
        {
            buffer.Programmes = _outcomes;
        }

        _states = [.. _buffers.Select(b => b.State)];
        _pending = combine && _executed.Length > 1 ? CombinedKernel.For(_executed, asOf) : null;

        Programmes = [.. requested];
        AsOf = asOf;
        var required = FieldSet.Empty;
        foreach (var programme in executed)
        {
            required = required.Union(programme.RequiredFields);
        }

        RequiredFields = required;
    }

    /// <summary>A screener for <paramref name="programmes"/> (the versions in force on <paramref name="asOf"/>).</summary>
    /// <exception cref="ArgumentException">The programmes read different kinds of record.</exception>
    public static ProgrammeScreener Create(IReadOnlyList<CompiledProgramme> programmes, DateOnly asOf) => Create(programmes, asOf, combine: false);

    /// <param name="programmes">The programmes asked for.</param>
    /// <param name="asOf">The evaluation date.</param>
    /// <param name="combine">True to screen two programmes or more with one combined kernel; false (the default of the public overload) to run each programme's own kernel in turn.</param>
    internal static ProgrammeScreener Create(IReadOnlyList<CompiledProgramme> programmes, DateOnly asOf, bool combine)
    {
        ArgumentNullException.ThrowIfNull(programmes);
        if (programmes.Select(p => p.Input).Distinct().Skip(1).Any())
        {
            throw new ArgumentException("Enterprise and person programmes cannot be screened from one input. / 企业与人才项目不能在同一输入中筛查。", nameof(programmes));
        }

        return new ProgrammeScreener(programmes, asOf, combine);
    }

    /// <summary>The programmes asked for, in order; indexes of <see cref="Eligible"/> and <see cref="Buffer"/> refer to it.</summary>
    public ImmutableArray<CompiledProgramme> Programmes { get; }

    /// <summary>The evaluation date.</summary>
    public DateOnly AsOf { get; }

    /// <summary>Every field the programmes (and those they use) read.</summary>
    public FieldSet RequiredFields { get; }

    /// <summary>Screens one enterprise against every programme.</summary>
    /// <exception cref="RuleEvaluationException">An expression failed for this enterprise.</exception>
    public void Screen(EnterpriseProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ScreenRecord(profile, profile.Id);
    }

    /// <summary>Screens one person against every (person-level) programme.</summary>
    /// <exception cref="RuleEvaluationException">An expression failed for this person.</exception>
    public void Screen(PersonProfile person)
    {
        ArgumentNullException.ThrowIfNull(person);
        ScreenRecord(person, person.Id);
    }

    /// <summary>Whether the last record was screened by the combined kernel (after the first record, when the programmes combine).</summary>
    internal bool Combined => _combined is not null;

    internal void ScreenRecord(object record, string id)
    {
        if (_pending is not null)
        {
            _combined = _pending.Value;
            _pending = null;
        }

        if (_combined is not null)
        {
            _combined.Run(record, id, AsOf, _states, _eligible, _section);
            return;
        }

        _outcomes?.NextRecord();
        for (var i = 0; i < _executed.Length; i++)
        {
            var programme = _executed[i];
            var buffer = _buffers[i];
            _eligible[i] = programme.ScreenRecord(record, id, AsOf, buffer);
            _outcomes?.SetAt(i, _eligible[i], buffer.Score, buffer.Classification); // slot i: built from _executed in order
        }
    }

    /// <summary>Whether the last screened record is eligible for <see cref="Programmes"/>[<paramref name="index"/>].</summary>
    public bool Eligible(int index) => _eligible[_outputIndex[index]];

    /// <summary>The score, class and failed criteria of <see cref="Programmes"/>[<paramref name="index"/>] for the last screened record.</summary>
    public ScreeningBuffer Buffer(int index) => _buffers[_outputIndex[index]];

    private static void AddWithUsed(CompiledProgramme programme, DateOnly asOf, List<CompiledProgramme> executed)
    {
        if (executed.Contains(programme))
        {
            return;
        }

        foreach (var name in programme.Uses)
        {
            AddWithUsed(programme.ResolveUsed(name, asOf), asOf, executed); // the engine refused cycles at load
        }

        executed.Add(programme);
    }
}

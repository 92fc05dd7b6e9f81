using PolicyRules.Compilation;

namespace PolicyRules.Bulk;

/// <summary>
/// The top-level criteria one record fails in one programme, taken once from the screening buffer:
/// the one place failed criteria are counted. The results' <c>failed</c> column, the failure counts
/// of the summary, the statistics' sole failures, the reserve pool and the targets all read it.
/// Reused from row to row (no allocation per row).
/// </summary>
internal sealed class FailedCriteria
{
    private readonly bool[] _failed;

    public FailedCriteria(CompiledProgramme programme)
        : this(programme.TopLevelRuleNames.Length)
    {
    }

    /// <param name="criteria">How many top-level criteria the programme has.</param>
    public FailedCriteria(int criteria) => _failed = new bool[criteria];

    /// <summary>How many criteria failed.</summary>
    public int Count { get; private set; }

    /// <summary>The last failed criterion's index (the only one when <see cref="Count"/> is 1); -1 when none failed.</summary>
    public int Last { get; private set; } = -1;

    /// <summary>Whether criterion <paramref name="rule"/> (in <see cref="CompiledProgramme.TopLevelRuleNames"/> order) failed.</summary>
    public bool this[int rule] => _failed[rule];

    /// <summary>The number of criteria.</summary>
    public int Length => _failed.Length;

    /// <summary>Takes the outcome of the record just screened into <paramref name="buffer"/>.</summary>
    public void Capture(CompiledProgramme programme, ScreeningBuffer buffer)
    {
        var count = 0;
        var last = -1;
        var outcomes = buffer.State.Outcomes;
        var at = programme.TopLevelOutcomes;
        // Without a branch on the outcome: a record's outcomes are data, so a branch on each (over a hundred
        // criteria a row for every programme) would be mispredicted as often as the data changes.
        for (var rule = 0; rule < _failed.Length; rule++)
        {
            var failed = !outcomes[at[rule]]; // as CompiledProgramme.Failed reads it
            _failed[rule] = failed;
            count += failed ? 1 : 0;
            last = failed ? rule : last;
        }

        Count = count;
        Last = last;
    }

    /// <summary>Takes failed criteria given one by one (a row read back, a test).</summary>
    public void Load(ReadOnlySpan<bool> failed)
    {
        var count = 0;
        var last = -1;
        for (var rule = 0; rule < _failed.Length; rule++)
        {
            _failed[rule] = failed[rule];
            if (failed[rule])
            {
                count++;
                last = rule;
            }
        }

        Count = count;
        Last = last;
    }

    /// <summary>Counts the record just screened into <paramref name="buffer"/> without keeping which criteria failed.</summary>
    public static int CountIn(CompiledProgramme programme, ScreeningBuffer buffer)
    {
        var count = 0;
        for (var rule = 0; rule < programme.TopLevelRuleNames.Length; rule++)
        {
            count += programme.Failed(buffer, rule) ? 1 : 0;
        }

        return count;
    }
}

using System.Collections.Immutable;
using System.Globalization;

namespace PolicyRules.Screening;

/// <summary>What a screening run did: every input row is either written or rejected.</summary>
public sealed record ScreeningSummary
{
    /// <summary>Data rows read from the input.</summary>
    public required long Read { get; init; }

    /// <summary>Rows written to the output, one per readable input row, in input order.</summary>
    public required long Written { get; init; }

    /// <summary>Rows written to the rejects file with row, column and reason.</summary>
    public required long Rejected { get; init; }

    /// <summary>Per programme, in output order.</summary>
    public required ImmutableArray<ProgrammeSummary> Programmes { get; init; }

    /// <summary>The rejects file.</summary>
    public required string RejectsPath { get; init; }

    /// <summary>
    /// The <see cref="PolicyEngine.RuleSetId"/> of the rule set the run used: the engine the programmes
    /// came from (<see cref="PolicyEngine.GetProgramme"/>); null only when they came from engines with
    /// different rule sets.
    /// </summary>
    public string? RuleSetId { get; init; }

    /// <summary>The distributions behind the screening report; null unless <see cref="ScreeningOptions.Statistics"/> asked for them.</summary>
    public ScreeningStatistics? Statistics { get; init; }

    /// <summary>
    /// One line a person can read in a log: the counts, the rule set and each programme's eligible
    /// count, e.g. <c>read 1000 = written 998 + rejected 2; rule set 1a2b3c4d5e6f; SmeSize 2011: 310 eligible; …</c>.
    /// </summary>
    public override string ToString()
    {
        var text = new System.Text.StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"read {Read} = written {Written} + rejected {Rejected}")
            .Append(CultureInfo.InvariantCulture, $"; rule set {RuleSetId ?? "(mixed)"}");
        foreach (var programme in Programmes.IsDefault ? [] : Programmes)
        {
            text.Append("; ").Append(programme);
        }

        return text.ToString();
    }
    /// <summary>Where the run stands against the plan's targets (<see cref="ScreeningOptions.Targets"/>), in file order; empty without targets.</summary>
    public ImmutableArray<Targets.TargetResult> Targets { get; init; } = [];
}

/// <summary>One programme's counts over a screening run.</summary>
/// <param name="Programme">The programme.</param>
/// <param name="Version">The version in force on the as-of date.</param>
/// <param name="Eligible">How many written rows are eligible.</param>
/// <param name="FailuresByCriterion">For each top-level criterion, how many rows failed it.</param>
public sealed record ProgrammeSummary(string Programme, string Version, long Eligible, ImmutableArray<KeyValuePair<string, long>> FailuresByCriterion)
{
    /// <summary>Each declared output's total over the eligible rows (an award budget), in declaration order; empty when the programme declares none.</summary>
    public ImmutableArray<OutputTotal> OutputTotals { get; init; } = [];

    /// <summary>The criterion that eliminates most enterprises, if any failed.</summary>
    public KeyValuePair<string, long>? TopFailure =>
        FailuresByCriterion.IsDefaultOrEmpty ? null : FailuresByCriterion.MaxBy(f => f.Value) is { Value: > 0 } top ? top : null;

    /// <summary>
    /// The programme, its eligible count and the criterion that eliminates most, e.g.
    /// <c>HighTechEnterprise 2016: 120 eligible, most failed RdIntensity (640)</c>.
    /// </summary>
    public override string ToString() =>
        (TopFailure is { } top
            ? string.Create(CultureInfo.InvariantCulture, $"{Programme} {Version}: {Eligible} eligible, most failed {top.Key} ({top.Value})")
            : string.Create(CultureInfo.InvariantCulture, $"{Programme} {Version}: {Eligible} eligible"))
        + string.Concat((OutputTotals.IsDefault ? [] : OutputTotals).Select(t => ", " + t));
}

/// <summary>The sum of one declared output over the records that have it (the eligible ones): an award budget.</summary>
/// <param name="Name">The output, e.g. <c>award</c>.</param>
/// <param name="Title">What it is.</param>
/// <param name="Unit">Its unit.</param>
/// <param name="Total">The exact sum; null only when it exceeds the range of decimal (about 7.9 × 10^28).</param>
/// <param name="Count">How many records have a value.</param>
public sealed record OutputTotal(string Name, Rules.BilingualText Title, Rules.ValueUnit Unit, decimal? Total, long Count)
{
    /// <summary>E.g. <c>award total 1234567 over 12</c>.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Name} total {(Total is { } total ? total.ToString(CultureInfo.InvariantCulture) : "out of range")} over {Count}");
}

/// <summary>Sums one output exactly, row by row, without allocating; an overflow marks the total out of range instead of failing the run.</summary>
internal struct OutputSum
{
    private decimal _total;
    private bool _overflowed;

    public long Count { get; private set; }

    public void Add(decimal? value)
    {
        if (value is not { } v)
        {
            return;
        }

        Count++;
        if (_overflowed)
        {
            return;
        }

        try
        {
            _total += v;
        }
        catch (OverflowException)
        {
            _overflowed = true;
        }
    }

    public readonly decimal? Total => _overflowed ? null : _total;

    public readonly OutputTotal Build(Rules.OutputDefinition output) => new(output.Name, output.Title, output.Unit, Total, Count);
}

using System.Collections.Immutable;
using PolicyRules.Rules;

namespace PolicyRules.Simulation;

/// <summary>What a simulation found: per programme, the baseline against the reform over one population.</summary>
public sealed record SimulationSummary
{
    /// <summary>The reform simulated.</summary>
    public required Reform Reform { get; init; }

    /// <summary>The evaluation date.</summary>
    public required DateOnly AsOf { get; init; }

    /// <summary>Rows read.</summary>
    public required long Read { get; init; }

    /// <summary>Rows evaluated under both rule sets.</summary>
    public required long Compared { get; init; }

    /// <summary>Rows that could not be read or evaluated (in <see cref="RejectsPath"/> when there is one); Read = Compared + Rejected.</summary>
    public required long Rejected { get; init; }

    /// <summary>The rejects file, when an output was written.</summary>
    public string? RejectsPath { get; init; }

    /// <summary>Without an output file, the first rejected rows' reasons (row, column, reason).</summary>
    public ImmutableArray<string> FirstRejects { get; init; } = [];

    /// <summary>Per compared programme.</summary>
    public required ImmutableArray<ProgrammeComparison> Programmes { get; init; }
}

/// <summary>One programme under the baseline and under the reform.</summary>
public sealed record ProgrammeComparison
{
    /// <summary>The programme.</summary>
    public required string Programme { get; init; }

    /// <summary>Its title.</summary>
    public required BilingualText Title { get; init; }

    /// <summary>The version in force on the as-of date.</summary>
    public required string Version { get; init; }

    /// <summary>Eligible under the baseline.</summary>
    public required long EligibleBefore { get; init; }

    /// <summary>Eligible under the reform.</summary>
    public required long EligibleAfter { get; init; }

    /// <summary>Ineligible under the baseline, eligible under the reform.</summary>
    public required long Gainers { get; init; }

    /// <summary>Eligible under the baseline, ineligible under the reform.</summary>
    public required long Losers { get; init; }

    /// <summary>Per top-level criterion of either rule set, how many rows fail it before and after, largest move first.</summary>
    public required ImmutableArray<CriterionShift> Criteria { get; init; }

    /// <summary>The first gainers and losers (input order), each explained.</summary>
    public required ImmutableArray<SimulationChange> FirstChanges { get; init; }

    /// <summary>Each declared output's total before and after (the award budget), by output name across both rule sets; empty when the programme declares none.</summary>
    public ImmutableArray<OutputBudget> Outputs { get; init; } = [];
}

/// <summary>A declared output's total over the eligible records under the baseline and under the reform: what the reform costs.</summary>
/// <param name="Output">The output's name, e.g. <c>award</c>.</param>
/// <param name="Title">What it is.</param>
/// <param name="Unit">Its unit.</param>
/// <param name="Before">The exact total under the baseline (null when the baseline version declares no such output, or the sum is out of decimal's range).</param>
/// <param name="After">The exact total under the reform (null likewise).</param>
/// <param name="CountBefore">Records with a value under the baseline.</param>
/// <param name="CountAfter">Records with a value under the reform.</param>
/// <param name="Changed">Records whose value differs (gainers and losers included).</param>
public sealed record OutputBudget(string Output, BilingualText Title, ValueUnit Unit, decimal? Before, decimal? After, long CountBefore, long CountAfter, long Changed)
{
    /// <summary>After minus before (exact); null when either is.</summary>
    public decimal? Difference => Before is { } before && After is { } after ? after - before : null;
}

/// <summary>How many rows fail a criterion before and after the reform.</summary>
/// <param name="Criterion">The criterion (rule name).</param>
/// <param name="FailedBefore">Rows failing it under the baseline (null when the baseline has no such criterion).</param>
/// <param name="FailedAfter">Rows failing it under the reform (null when the reform dropped it).</param>
public sealed record CriterionShift(string Criterion, long? FailedBefore, long? FailedAfter)
{
    /// <summary>How many more rows pass it after the reform (negative: fewer).</summary>
    public long MorePassing => (FailedBefore ?? 0) - (FailedAfter ?? 0);
}

/// <summary>A row whose eligibility the reform changes, and why.</summary>
/// <param name="Id">The record's id.</param>
/// <param name="Name">Its name.</param>
/// <param name="Programme">The programme.</param>
/// <param name="Gained">True for a gainer, false for a loser.</param>
/// <param name="Criteria">The criteria whose outcome differs.</param>
/// <param name="Explanation">Which changed criterion made the difference, with actual and required values before and after.</param>
public sealed record SimulationChange(string Id, string Name, string Programme, bool Gained, ImmutableArray<string> Criteria, BilingualText Explanation)
{
    /// <summary>The programme's declared outputs for this record before and after the reform (empty before for a gainer, after for a loser).</summary>
    public ImmutableArray<OutputShift> Outputs { get; init; } = [];
}

/// <summary>One declared output of one record before and after a reform.</summary>
/// <param name="Output">The output's name.</param>
/// <param name="Before">Its value under the baseline (null: none, e.g. not eligible).</param>
/// <param name="After">Its value under the reform.</param>
public sealed record OutputShift(string Output, decimal? Before, decimal? After);

/// <summary>Options of <see cref="PolicySimulation.Run"/>.</summary>
public sealed record SimulationOptions
{
    /// <summary>How many gainers and losers per programme the summary keeps (default 50); the output file has all.</summary>
    public int KeepChanges { get; init; } = 50;

    /// <summary>Stop at the first unreadable row instead of counting it as rejected.</summary>
    public bool FailFast { get; init; }

    /// <summary>How the input file is read (encoding, worksheet).</summary>
    public Input.ProfileReadOptions Input { get; init; } = PolicyRules.Input.ProfileReadOptions.Default;
}

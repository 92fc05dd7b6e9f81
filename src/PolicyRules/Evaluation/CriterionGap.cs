using System.Collections.Immutable;
using PolicyRules.Model;
using PolicyRules.Rules;

namespace PolicyRules.Evaluation;

/// <summary>
/// What a failed top-level criterion lacks: the smallest changes of single numbers of the profile
/// that would meet it, each with every other field left as it is. This is the gap analysis of the
/// plan's high-tech reserve pool (高企后备库; programmes.md §3), computed for any programme.
/// </summary>
public sealed record CriterionGap
{
    /// <summary>The criterion's rule name, e.g. <c>RdIntensity</c>.</summary>
    public required string Criterion { get; init; }

    /// <summary>What the criterion requires.</summary>
    public required BilingualText Title { get; init; }

    /// <summary>True when at least one change of a single number meets the criterion (then <see cref="Levers"/> is not empty).</summary>
    public required bool Closable { get; init; }

    /// <summary>
    /// The alternatives, each enough on its own: first those that build something up (a number that
    /// rises, a rank that improves), then those that cut a number (fewer staff, less revenue); within
    /// each, smallest relative change first (a change from zero last), then in contract order of the field.
    /// </summary>
    public ImmutableArray<GapLever> Levers { get; init; } = [];

    /// <summary>
    /// The sentence users read: the first alternative, or why no number closes the gap
    /// (the criterion depends on yes/no facts, dates or text, or no single number is enough).
    /// </summary>
    public required BilingualText Summary { get; init; }
}

/// <summary>One way to meet a failed criterion: a single number (or a multi-year sum) moved to a value that passes.</summary>
public sealed record GapLever
{
    /// <summary>
    /// The contract field, e.g. <c>techStaff</c>; for a sum over years, the parts joined by <c>+</c>
    /// (<c>rdExpenseY1+rdExpenseY2+rdExpenseY3</c>).
    /// </summary>
    public required string Field { get; init; }

    /// <summary>The contract fields changed: one, or the yearly parts of a sum.</summary>
    public required ImmutableArray<string> Fields { get; init; }

    /// <summary>What the number is, e.g. 科技人员 / S&amp;T staff.</summary>
    public required BilingualText Label { get; init; }

    /// <summary>The field's kind, which sets the step of the search (whole units for counts and scores, 0.01 otherwise).</summary>
    public required FieldKind Kind { get; init; }

    /// <summary>The unit the sentences use.</summary>
    public required GapUnit Unit { get; init; }

    /// <summary>The value now (for a sum, the sum of the parts).</summary>
    public required decimal Current { get; init; }

    /// <summary>The value that meets the criterion, exactly (money to the fen).</summary>
    public required decimal Needed { get; init; }

    /// <summary><see cref="Needed"/> − <see cref="Current"/>: positive to rise, negative to fall. One step less does not meet the criterion.</summary>
    public required decimal Change { get; init; }

    /// <summary>|<see cref="Change"/>| / |<see cref="Current"/>|; null when the value is now zero (a change from nothing).</summary>
    public decimal? RelativeChange { get; init; }

    /// <summary>
    /// True when the change builds something up: the number rises (more R&amp;D, more S&amp;T staff), or,
    /// for a rank, the position improves (rank 5 → rank 3, unranked → ranked), though its number falls or
    /// starts from 0. False when it cuts a number (fewer staff, less revenue, lower costs). Rises come
    /// first in <see cref="CriterionGap.Levers"/> and measure the reserve pool's distance
    /// (<c>ReservePoolEntry.LargestRelativeChange</c>). Internal, so not part of the JSON.
    /// </summary>
    internal bool Rises => Unit == GapUnit.Rank
        ? Needed != 0 && (Current == 0 || Needed < Current)
        : Change > 0;

    /// <summary>Criteria that pass now and would fail after this change: the price of this alternative.</summary>
    public ImmutableArray<string> NewlyFailed { get; init; } = [];

    /// <summary>Other failed criteria that this change would meet as well.</summary>
    public ImmutableArray<string> AlsoMet { get; init; } = [];

    /// <summary>
    /// The sentence, in the input's units: money rounded up to the yuan with thousands separators,
    /// people, points, items, percentage points; it names any criterion the change would break.
    /// </summary>
    public required BilingualText Sentence { get; init; }
}

/// <summary>The unit in which a gap is said.</summary>
public enum GapUnit
{
    /// <summary>A plain number.</summary>
    None,
    /// <summary>Yuan (元, ¥), shown rounded up to the yuan.</summary>
    Yuan,
    /// <summary>US dollars, shown rounded up to the dollar.</summary>
    UsDollar,
    /// <summary>People (人).</summary>
    People,
    /// <summary>Items such as patents (项).</summary>
    Count,
    /// <summary>Whole years (年).</summary>
    Years,
    /// <summary>A rank (名), where 1 is first.</summary>
    Rank,
    /// <summary>Points of a score (分).</summary>
    Points,
    /// <summary>Percentage points of a field given in percent (个百分点).</summary>
    PercentagePoints,
}

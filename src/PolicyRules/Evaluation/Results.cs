using System.Collections.Immutable;
using System.Text.Json.Serialization;
using PolicyRules.Rules;

namespace PolicyRules.Evaluation;

/// <summary>The outcome of one programme for one enterprise, with the reason for every criterion.</summary>
public sealed record ProgrammeResult
{
    /// <summary>The programme, e.g. <c>HighTechEnterprise</c>.</summary>
    public required string Programme { get; init; }

    /// <summary>The version that was in force on <see cref="AsOf"/>; <c>none</c> when <see cref="NoVersionInForce"/>.</summary>
    public required string Version { get; init; }

    /// <summary>
    /// True when no version of the programme is in force on <see cref="AsOf"/>: the result is not
    /// eligible, its one criterion <c>VersionInForce</c> says why, and <see cref="Successor"/> names what
    /// followed the last version, when its rule file says. Absent from JSON when false.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool NoVersionInForce { get; init; }

    /// <summary>With <see cref="NoVersionInForce"/> after the last version: what succeeded it (null otherwise).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ProgrammeSuccessor? Successor { get; init; }

    /// <summary>The programme's title.</summary>
    public required BilingualText Title { get; init; }

    /// <summary>The version's status: how reliable its source is.</summary>
    public RuleStatus Status { get; init; }

    /// <summary>First day the applied version is in force.</summary>
    public DateOnly EffectiveFrom { get; init; }

    /// <summary>Last day the applied version is in force; null while in force.</summary>
    public DateOnly? EffectiveTo { get; init; }

    /// <summary>The documents the applied version encodes (number → title), in ordinal order of number.</summary>
    public ImmutableSortedDictionary<string, string> Documents { get; init; } = ImmutableSortedDictionary.Create<string, string>(StringComparer.Ordinal);

    /// <summary>The id of the enterprise (or, for person-level programmes, the person).</summary>
    public required string ProfileId { get; init; }

    /// <summary>The kind of record evaluated: <c>Enterprise</c>, <c>Person</c> or a declared kind.</summary>
    [JsonIgnore]
    public string Input { get; init; } = Records.RecordKinds.Enterprise;

    /// <summary>The evaluation date.</summary>
    public required DateOnly AsOf { get; init; }

    /// <summary>True when every top-level criterion holds.</summary>
    public required bool Eligible { get; init; }

    /// <summary>The total score, for scored programmes.</summary>
    public decimal? Score { get; init; }

    /// <summary>The class, for classifying programmes (e.g. <c>Medium</c> for SmeSize).</summary>
    public string? Classification { get; init; }

    /// <summary>Every top-level criterion, with nested ones as children.</summary>
    public required ImmutableArray<CriterionResult> Criteria { get; init; }

    /// <summary>The parts of the score, each with its points.</summary>
    public ImmutableArray<ValueResult> ScoreComponents { get; init; } = [];

    /// <summary>Other named values the rules computed (ratios, sums) that explain the outcome.</summary>
    public ImmutableArray<ValueResult> Values { get; init; } = [];

    /// <summary>
    /// The declared outputs by name (e.g. <c>result.Outputs["award"]</c>), in declaration order: the
    /// rounded and capped value for an eligible record, null for an ineligible one (and when the
    /// expression is undefined). Empty for programmes that declare none.
    /// </summary>
    [JsonIgnore]
    public IReadOnlyDictionary<string, decimal?> Outputs { get; init; } = OutputValues.Empty;

    /// <summary>Each declared output explained: its value, the value computed before rounding and cap, the inputs it read and its citation.</summary>
    [JsonIgnore]
    public ImmutableArray<OutputResult> OutputDetails { get; init; } = [];

    /// <summary>The outputs as JSON shows them: absent for programmes without outputs, so their results serialize as before.</summary>
    [JsonInclude]
    [JsonPropertyName("outputs")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    private ImmutableArray<OutputResult>? OutputsWhenDeclared => OutputDetails.IsDefaultOrEmpty ? null : OutputDetails;

    /// <summary>The results of the programmes this composite programme builds on (empty for others).</summary>
    public ImmutableArray<ProgrammeResult> Uses { get; init; } = [];

    /// <summary>Names of the top-level criteria that failed.</summary>
    public ImmutableArray<string> FailedCriteria => [.. Criteria.Where(c => !c.Passed).Select(c => c.Name)];

    /// <summary>
    /// For each failed top-level criterion, in criterion order, the smallest changes of single numbers
    /// that would meet it (the reserve-pool gap analysis, programmes.md §3). Empty unless asked for
    /// with <see cref="Gaps.GapEvaluation.EvaluateWithGaps(PolicyEngine, string, Model.EnterpriseProfile, DateOnly)"/>.
    /// </summary>
    [JsonIgnore]
    public ImmutableArray<CriterionGap> Gaps { get; init; } = [];

    /// <summary>The gaps as JSON shows them: absent unless asked for, so a plain result serializes exactly as before gaps existed.</summary>
    [JsonInclude]
    [JsonPropertyName("gaps")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    private ImmutableArray<CriterionGap>? GapsWhenAsked => Gaps.IsDefaultOrEmpty ? null : Gaps;
}

/// <summary>One criterion's outcome and why.</summary>
public sealed record CriterionResult
{
    /// <summary>The rule's name.</summary>
    public required string Name { get; init; }

    /// <summary>What the criterion requires.</summary>
    public required BilingualText Title { get; init; }

    /// <summary>Whether it holds.</summary>
    public required bool Passed { get; init; }

    /// <summary>The enterprise's value, where the criterion compares one.</summary>
    public BilingualText? Actual { get; init; }

    /// <summary>What the value must be, e.g. "≥ 10%".</summary>
    public BilingualText? Required { get; init; }

    /// <summary>The document and article the criterion encodes.</summary>
    public Citation? Citation { get; init; }

    /// <summary>The sentence users read.</summary>
    public required BilingualText Message { get; init; }

    /// <summary>Reliability of the criterion's source.</summary>
    public required RuleStatus Status { get; init; }

    /// <summary>Criteria combined by this one (And / Or).</summary>
    public ImmutableArray<CriterionResult> Children { get; init; } = [];
}

/// <summary>A named value the rules computed.</summary>
public sealed record ValueResult
{
    /// <summary>The parameter's name.</summary>
    public required string Name { get; init; }

    /// <summary>What it is.</summary>
    public required BilingualText Title { get; init; }

    /// <summary>The value as computed (decimal, int, bool, string or null when undefined).</summary>
    public object? Value { get; init; }

    /// <summary>The value as people read it.</summary>
    public required BilingualText Display { get; init; }

    /// <summary>The article that defines it.</summary>
    public Citation? Citation { get; init; }
}

/// <summary>One declared output of a programme for one record, explained.</summary>
public sealed record OutputResult
{
    /// <summary>The output's name, e.g. <c>award</c>.</summary>
    public required string Name { get; init; }

    /// <summary>What it is.</summary>
    public required BilingualText Title { get; init; }

    /// <summary>The value: rounded, floored and capped as declared; null when the record is not eligible or the expression is undefined.</summary>
    public decimal? Value { get; init; }

    /// <summary>The value in its unit, as people read it (empty text when there is none).</summary>
    public required BilingualText Display { get; init; }

    /// <summary>The expression's value before rounding, floor and cap; null when not eligible.</summary>
    public decimal? Computed { get; init; }

    /// <summary>How the value was derived from <see cref="Computed"/>: the rounding and the bound applied, with the citation.</summary>
    public required BilingualText Explanation { get; init; }

    /// <summary>The record fields and parameters the expression read, with their values (empty when not eligible).</summary>
    public ImmutableArray<ValueResult> Inputs { get; init; } = [];

    /// <summary>The article that defines the amount.</summary>
    public Citation? Citation { get; init; }
}

/// <summary>Output values by name in declaration order (few outputs: a linear lookup beats hashing).</summary>
internal sealed class OutputValues(ImmutableArray<KeyValuePair<string, decimal?>> items) : IReadOnlyDictionary<string, decimal?>
{
    public static OutputValues Empty { get; } = new([]);

    public decimal? this[string key] => TryGetValue(key, out var value)
        ? value
        : throw new KeyNotFoundException($"The programme declares no output '{key}'{(items.IsEmpty ? "" : $" (it declares {string.Join(", ", Keys)})")}. / 该项目未声明输出 '{key}'{(items.IsEmpty ? "" : $"（已声明：{string.Join("、", Keys)}）")}。");

    public IEnumerable<string> Keys => items.Select(i => i.Key);

    public IEnumerable<decimal?> Values => items.Select(i => i.Value);

    public int Count => items.Length;

    public bool ContainsKey(string key) => TryGetValue(key, out _);

    public bool TryGetValue(string key, out decimal? value)
    {
        foreach (var item in items)
        {
            if (string.Equals(item.Key, key, StringComparison.Ordinal))
            {
                value = item.Value;
                return true;
            }
        }

        value = null;
        return false;
    }

    public IEnumerator<KeyValuePair<string, decimal?>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, decimal?>>)items).GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}

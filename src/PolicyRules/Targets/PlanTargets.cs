using System.Collections.Immutable;
using PolicyRules.Model;
using PolicyRules.Rules;

namespace PolicyRules.Targets;

/// <summary>
/// A plan's quantified targets, read from a <c>*.targets.json</c> file next to the rules
/// (<see cref="TargetFileReader"/>) and checked against a rule set: the numbers a screening run is
/// compared with (<c>policyrules screen --targets</c>).
/// </summary>
public sealed record TargetSet
{
    /// <summary>The file the targets were read from.</summary>
    public required string Path { get; init; }

    /// <summary>The plan's short key, e.g. <c>科技强区三年行动方案2023-2025</c>.</summary>
    public required string Plan { get; init; }

    /// <summary>The plan's full title as issued.</summary>
    public required string PlanTitle { get; init; }

    /// <summary>The targets, in file order.</summary>
    public required ImmutableArray<PlanTarget> Targets { get; init; }

    /// <summary>The programmes the targets read results of: a screening run must include them.</summary>
    public IEnumerable<string> Programmes => Targets.SelectMany(t => t.Metric.Programmes).Distinct(StringComparer.Ordinal);

    /// <summary>The record fields the targets read besides the programmes' own.</summary>
    public FieldSet Fields
    {
        get
        {
            var set = FieldSet.Empty;
            foreach (var target in Targets)
            {
                foreach (var read in target.Metric.Fields)
                {
                    set = set.With(read);
                }
            }

            return set;
        }
    }
}

/// <summary>One quantified target of a plan.</summary>
public sealed record PlanTarget
{
    /// <summary>The target's key, e.g. <c>HighTechEnterprises</c>.</summary>
    public required string Name { get; init; }

    /// <summary>What the plan says, in both languages.</summary>
    public required BilingualText Title { get; init; }

    /// <summary>Where the plan says it.</summary>
    public required Citation Citation { get; init; }

    /// <summary>The year by which the target is to be met.</summary>
    public required int Year { get; init; }

    /// <summary>
    /// The target value: a count of enterprises, or a growth rate as a fraction (0.10 for 10%).
    /// Every target is "at least" (以上, inclusive).
    /// </summary>
    public required decimal Value { get; init; }

    /// <summary>The plan says "about" (左右) rather than "at least".</summary>
    public bool Approximate { get; init; }

    /// <summary>What is measured.</summary>
    public required TargetMetric Metric { get; init; }

    /// <summary>
    /// Why the measure is only an approximation of what the plan counts (e.g. the contract lacks a
    /// field the plan's definition needs); null when it is the plan's own measure.
    /// </summary>
    public BilingualText? Caveat { get; init; }
}

/// <summary>What a target measures over the screened records.</summary>
public abstract record TargetMetric
{
    private protected TargetMetric()
    {
    }

    /// <summary>The metric's kind as written in the file.</summary>
    public abstract string Kind { get; }

    /// <summary>The programmes whose results the metric reads.</summary>
    public abstract IEnumerable<string> Programmes { get; }

    /// <summary>The record fields the metric reads.</summary>
    public abstract IEnumerable<ProfileField> Fields { get; }
}

/// <summary>
/// A status a record holds: any of <see cref="Flags"/> true, or <see cref="Level"/> in <see cref="Levels"/>.
/// </summary>
/// <param name="Flags">Yes/no fields, any of which grants the status (e.g. <c>highTechCertValid</c>).</param>
/// <param name="Level">A choice field, or null.</param>
/// <param name="Levels">The values of <paramref name="Level"/> that grant the status.</param>
public sealed record TargetStatus(ImmutableArray<ProfileField> Flags, ProfileField? Level, ImmutableArray<string> Levels)
{
    internal IEnumerable<ProfileField> Fields => Level is null ? Flags : Flags.Append(Level);
}

/// <summary>Records holding a status; candidates are those meeting <see cref="Criteria"/> without it.</summary>
/// <param name="Status">The status counted.</param>
/// <param name="Criteria">Programmes whose criteria lead to the status (candidates), possibly empty.</param>
public sealed record HoldingStatusMetric(TargetStatus Status, ImmutableArray<string> Criteria) : TargetMetric
{
    /// <inheritdoc/>
    public override string Kind => "HoldingStatus";

    /// <inheritdoc/>
    public override IEnumerable<string> Programmes => Criteria;

    /// <inheritdoc/>
    public override IEnumerable<ProfileField> Fields => Status.Fields;
}

/// <summary>
/// Records that hold a status recognised within a period (<see cref="YearField"/> from
/// <see cref="From"/> to <see cref="To"/>, both inclusive).
/// </summary>
/// <param name="Status">The status counted.</param>
/// <param name="YearField">The year the status was recognised (0 = never).</param>
/// <param name="From">The first year of the period.</param>
/// <param name="To">The last year of the period.</param>
/// <param name="Criteria">Programmes whose criteria lead to the status (candidates), possibly empty.</param>
public sealed record NewlyRecognisedMetric(TargetStatus Status, ProfileField YearField, int From, int To, ImmutableArray<string> Criteria) : TargetMetric
{
    /// <inheritdoc/>
    public override string Kind => "NewlyRecognised";

    /// <inheritdoc/>
    public override IEnumerable<string> Programmes => Criteria;

    /// <inheritdoc/>
    public override IEnumerable<ProfileField> Fields => Status.Fields.Append(YearField);
}

/// <summary>
/// Records meeting the criteria of any of <see cref="Criteria"/> (for a population-level programme:
/// selected in its top N), optionally counting only those without <see cref="Without"/>.
/// </summary>
/// <param name="Criteria">The programmes.</param>
/// <param name="Without">A status the counted records must not hold; null to count all.</param>
public sealed record MeetingCriteriaMetric(ImmutableArray<string> Criteria, TargetStatus? Without) : TargetMetric
{
    /// <inheritdoc/>
    public override string Kind => "MeetingCriteria";

    /// <inheritdoc/>
    public override IEnumerable<string> Programmes => Criteria;

    /// <inheritdoc/>
    public override IEnumerable<ProfileField> Fields => Without?.Fields ?? [];
}

/// <summary>
/// A growth rate aggregated over a population: Σ<see cref="Current"/> / Σ<see cref="Previous"/> − 1
/// over the records eligible for <see cref="Population"/>.
/// </summary>
/// <param name="Population">The programme whose eligible records form the population (e.g. AboveScale).</param>
/// <param name="Current">The amount of the latest year (e.g. <c>rdExpenseY1</c>).</param>
/// <param name="Previous">The amount of the year before (e.g. <c>rdExpenseY2</c>).</param>
public sealed record AggregateGrowthMetric(string Population, ProfileField Current, ProfileField Previous) : TargetMetric
{
    /// <inheritdoc/>
    public override string Kind => "AggregateGrowth";

    /// <inheritdoc/>
    public override IEnumerable<string> Programmes => [Population];

    /// <inheritdoc/>
    public override IEnumerable<ProfileField> Fields => [Current, Previous];
}

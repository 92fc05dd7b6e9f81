using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using PolicyRules.Rules;

namespace PolicyRules.Simulation;

/// <summary>
/// A policy reform: changes to the parameters and criteria of programmes, read from a
/// <c>*.reform.json</c> file (<see cref="ReformFileReader"/>) and applied to a baseline rule set
/// (<see cref="Apply"/>), which gives the reformed rule set to compare with the baseline.
/// </summary>
public sealed record Reform
{
    /// <summary>The file the reform was read from.</summary>
    public required string Path { get; init; }

    /// <summary>The reform's key.</summary>
    public required string Name { get; init; }

    /// <summary>What it changes, in both languages.</summary>
    public required BilingualText Title { get; init; }

    /// <summary>Why, in both languages.</summary>
    public required BilingualText Rationale { get; init; }

    /// <summary>The changes, in file order.</summary>
    public required ImmutableArray<ReformChange> Changes { get; init; }

    /// <summary>The programmes the reform changes.</summary>
    public IEnumerable<string> Programmes => Changes.Select(c => c.Programme).Distinct(StringComparer.Ordinal);

    /// <summary>
    /// The reformed rule set: every version of every programme of <paramref name="baseline"/>, each
    /// change applied to the versions that define its parameter or criterion, compiled with every
    /// check the baseline passed. A new expression that does not check is reported at its place in
    /// the reform file.
    /// </summary>
    public bool Apply(PolicyEngine baseline, ICollection<RuleDiagnostic> diagnostics, [NotNullWhen(true)] out PolicyEngine? reformed)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(diagnostics);
        var definitions = baseline.Programmes
            .SelectMany(name => baseline.GetVersions(name))
            .Select(p => Changes.Where(c => c.Programme == p.Name).Aggregate(p.Definition, (d, c) => c.ApplyTo(d)))
            .ToList();
        // Over the baseline's record kinds (declared and extended ones included): the records read
        // once for both engines are instances of the baseline's emitted types.
        return PolicyEngine.TryCompile(definitions, baseline.KindsAsBuilt, diagnostics, out reformed);
    }
}

/// <summary>What a reform change does to a parameter or a criterion.</summary>
public enum ReformAction
{
    /// <summary>The parameter or criterion gets a new expression.</summary>
    Replace,

    /// <summary>The criterion is dropped (it no longer decides eligibility).</summary>
    Disable,
}

/// <summary>One change of a reform.</summary>
public sealed record ReformChange
{
    /// <summary>The programme changed.</summary>
    public required string Programme { get; init; }

    /// <summary>The parameter changed (a GlobalParam); null when a criterion is changed.</summary>
    public string? Parameter { get; init; }

    /// <summary>The top-level criterion (rule) changed; null when a parameter or an output is changed.</summary>
    public string? Criterion { get; init; }

    /// <summary>The declared output changed (its expression, cap, floor or rounding); null when a parameter or a criterion is changed.</summary>
    public string? Output { get; init; }

    /// <summary>With <see cref="ChangesCap"/>: the output's new cap (null: none).</summary>
    public decimal? Cap { get; init; }

    /// <summary>Whether the change sets the output's cap.</summary>
    public bool ChangesCap { get; init; }

    /// <summary>With <see cref="ChangesFloor"/>: the output's new floor (null: none).</summary>
    public decimal? Floor { get; init; }

    /// <summary>Whether the change sets the output's floor.</summary>
    public bool ChangesFloor { get; init; }

    /// <summary>The output's new rounding; null when unchanged.</summary>
    public OutputRounding? Rounding { get; init; }

    /// <summary>Where the new cap, floor or rounding stands in the reform file, so a bound that does not check is reported there.</summary>
    public SourceLocation? SettingsLocation { get; init; }

    /// <summary>What is done.</summary>
    public required ReformAction Action { get; init; }

    /// <summary>The new expression, for <see cref="ReformAction.Replace"/>.</summary>
    public ExpressionSource? Expression { get; init; }

    /// <summary>Where the change stands in the reform file.</summary>
    public required SourceLocation Location { get; init; }

    /// <summary>What the change is, in one line of each language.</summary>
    public BilingualText Describe() => (Parameter, Action) switch
    {
        (null, _) when Output is { } output => DescribeOutput(output),
        ({ } parameter, _) => new($"{Programme}.{parameter} 改为 {Expression?.Text}", $"{Programme}.{parameter} becomes {Expression?.Text}"),
        (_, ReformAction.Disable) => new($"{Programme} 取消条件 {Criterion}", $"{Programme} drops criterion {Criterion}"),
        _ => new($"{Programme} 条件 {Criterion} 改为 {Expression?.Text}", $"{Programme} criterion {Criterion} becomes {Expression?.Text}"),
    };

    private BilingualText DescribeOutput(string output)
    {
        var zh = new List<string>();
        var en = new List<string>();
        if (Expression is { } expression)
        {
            zh.Add($"计算式改为 {expression.Text}");
            en.Add($"expression becomes {expression.Text}");
        }

        if (ChangesCap)
        {
            zh.Add(Cap is { } cap ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"上限改为 {cap:0.############################}") : "取消上限");
            en.Add(Cap is { } cap2 ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"cap becomes {cap2:0.############################}") : "cap removed");
        }

        if (ChangesFloor)
        {
            zh.Add(Floor is { } floor ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"下限改为 {floor:0.############################}") : "取消下限");
            en.Add(Floor is { } floor2 ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"floor becomes {floor2:0.############################}") : "floor removed");
        }

        if (Rounding is { } rounding)
        {
            zh.Add($"取整改为 {rounding}");
            en.Add($"rounding becomes {rounding}");
        }

        return new BilingualText($"{Programme}.{output} {string.Join("，", zh)}", $"{Programme}.{output}: {string.Join(", ", en)}");
    }

    internal ProgrammeDefinition ApplyTo(ProgrammeDefinition definition)
    {
        if (Output is { } name)
        {
            return definition with
            {
                Outputs = [.. definition.Outputs.Select(o => o.Name != name ? o : o with
                {
                    Expression = Expression ?? o.Expression,
                    Cap = ChangesCap ? Cap : o.Cap,
                    Floor = ChangesFloor ? Floor : o.Floor,
                    Rounding = Rounding ?? o.Rounding,
                    SettingsLocation = SettingsLocation ?? o.SettingsLocation,
                })],
            };
        }

        if (Parameter is { } parameter)
        {
            return definition with
            {
                Params = [.. definition.Params.Select(p => p.Name == parameter ? p with { Expression = Expression! } : p)],
            };
        }

        return Action == ReformAction.Disable
            ? definition with { Rules = [.. definition.Rules.Where(r => r.Name != Criterion)] }
            : definition with { Rules = [.. definition.Rules.Select(r => r.Name == Criterion ? r with { Expression = Expression, Operator = default, Children = [] } : r)] };
    }
}

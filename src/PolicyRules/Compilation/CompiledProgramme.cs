using System.Collections.Immutable;
using PolicyRules.Evaluation;
using PolicyRules.Model;
using PolicyRules.Rules;

namespace PolicyRules.Compilation;

/// <summary>
/// One version of a programme compiled to typed delegates. Immutable and safe to share between
/// threads; each evaluation uses its own state.
/// </summary>
public sealed class CompiledProgramme
{
    private readonly ProgrammeKernel _fast;
    private readonly ProgrammeKernel _explaining;
    private readonly int _ruleCount;
    private readonly int _valueCount;

    internal CompiledProgramme(
        ProgrammeDefinition definition,
        ImmutableArray<CompiledRule> rules,
        ImmutableArray<CompiledParam> parameters,
        int ruleCount,
        int valueCount,
        FieldSet requiredFields,
        ProgrammeKernel fast,
        ProgrammeKernel explaining)
    {
        Definition = definition;
        Rules = rules;
        Params = parameters;
        _ruleCount = ruleCount;
        _valueCount = valueCount;
        RequiredFields = requiredFields;
        _fast = fast;
        _explaining = explaining;
        TopLevelRuleNames = [.. rules.Select(r => r.Definition.Name)];
        TopLevelRuleFields = [.. rules.Select(r => r.Reads)];
    }

    /// <summary>The definition as read from its rule file.</summary>
    public ProgrammeDefinition Definition { get; }

    /// <summary>The programme's name.</summary>
    public string Name => Definition.Name;

    /// <summary>The profile fields the programme's expressions read: an empty value in any of them is an input error.</summary>
    public FieldSet RequiredFields { get; }

    /// <summary>Names of the top-level criteria, in file order.</summary>
    public ImmutableArray<string> TopLevelRuleNames { get; }

    /// <summary>
    /// The profile fields each top-level criterion reads — in its expressions, its nested rules and every
    /// parameter they use, however indirectly — in the order of <see cref="TopLevelRuleNames"/>.
    /// A change to any other field cannot change that criterion's outcome.
    /// </summary>
    public ImmutableArray<FieldSet> TopLevelRuleFields { get; }

    internal ImmutableArray<CompiledRule> Rules { get; }

    internal ImmutableArray<CompiledParam> Params { get; }

    /// <summary>True when this version applies on <paramref name="asOf"/>.</summary>
    public bool IsInForce(DateOnly asOf) =>
        asOf >= Definition.EffectiveFrom && (Definition.EffectiveTo is null || asOf <= Definition.EffectiveTo);

    /// <summary>Evaluates one enterprise and explains every criterion.</summary>
    /// <exception cref="RuleEvaluationException">An expression failed at run time.</exception>
    public ProgrammeResult Evaluate(EnterpriseProfile profile, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var state = new EvaluationState(_ruleCount, _valueCount);
        var eligible = Run(_explaining, profile, asOf, state);
        return Explainer.Explain(this, profile, asOf, eligible, state);
    }

    /// <summary>
    /// Evaluates one enterprise, explains every criterion and, for each failed top-level criterion,
    /// finds the smallest changes of single numbers that would meet it (<see cref="ProgrammeResult.Gaps"/>;
    /// see <see cref="Gaps.GapAnalyser"/>).
    /// </summary>
    /// <exception cref="RuleEvaluationException">An expression failed at run time.</exception>
    public ProgrammeResult EvaluateWithGaps(EnterpriseProfile profile, DateOnly asOf) =>
        Evaluate(profile, asOf) with { Gaps = Gaps.GapAnalyser.Analyse(this, profile, asOf) };

    /// <summary>A reusable buffer for <see cref="Screen"/>; one per thread.</summary>
    public ScreeningBuffer CreateBuffer() => new(new EvaluationState(_ruleCount, 0));

    /// <summary>
    /// Evaluates one enterprise without explanation, writing the outcome into <paramref name="buffer"/>
    /// (no allocation). Returns eligibility; score, class and failed criteria are read from the buffer.
    /// </summary>
    public bool Screen(EnterpriseProfile profile, DateOnly asOf, ScreeningBuffer buffer)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(buffer);
        return Run(_fast, profile, asOf, buffer.State);
    }

    /// <summary>Whether top-level criterion <paramref name="topLevelIndex"/> failed in the last <see cref="Screen"/> into <paramref name="buffer"/>.</summary>
    public bool Failed(ScreeningBuffer buffer, int topLevelIndex)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        return !buffer.State.Outcomes[Rules[topLevelIndex].Index];
    }

    internal bool RunExplaining(EnterpriseProfile profile, DateOnly asOf, out EvaluationState state)
    {
        state = new EvaluationState(_ruleCount, _valueCount);
        return Run(_explaining, profile, asOf, state);
    }

    private bool Run(ProgrammeKernel kernel, EnterpriseProfile profile, DateOnly asOf, EvaluationState state)
    {
        try
        {
            return kernel(profile, asOf, state);
        }
        catch (Exception ex) when (ex is ArithmeticException or InvalidOperationException or ArgumentException or NullReferenceException or IndexOutOfRangeException)
        {
            throw new RuleEvaluationException(Name, profile.Id, ex);
        }
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Name} {Definition.Version}";
}

/// <summary>The per-thread scratch space of <see cref="CompiledProgramme.Screen"/>.</summary>
public sealed class ScreeningBuffer
{
    internal ScreeningBuffer(EvaluationState state) => State = state;

    internal EvaluationState State { get; }

    /// <summary>The score of the last screened enterprise, for scored programmes.</summary>
    public decimal? Score => State.Score;

    /// <summary>The class of the last screened enterprise, for classifying programmes.</summary>
    public string? Classification => State.Classification;
}

/// <summary>An expression failed while evaluating an enterprise (e.g. an overflow).</summary>
public sealed class RuleEvaluationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RuleEvaluationException(string programme, string profileId, Exception inner)
        : base($"Evaluating {programme} for '{profileId}' failed: {inner?.Message} / 评估 {programme} 时出错。", inner)
    {
        Programme = programme;
        ProfileId = profileId;
    }

    /// <summary>The programme being evaluated.</summary>
    public string Programme { get; }

    /// <summary>The enterprise being evaluated.</summary>
    public string ProfileId { get; }
}

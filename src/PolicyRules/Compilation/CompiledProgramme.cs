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
    private readonly LazyKernel _fast;
    private readonly LazyKernel _explaining;
    private readonly int _ruleCount;
    private readonly int _valueCount;
    private readonly int[] _topLevelOutcomes;

    internal CompiledProgramme(
        ProgrammeDefinition definition,
        ImmutableArray<CompiledRule> rules,
        ImmutableArray<CompiledParam> parameters,
        int ruleCount,
        int valueCount,
        FieldSet requiredFields,
        LazyKernel fast,
        LazyKernel explaining,
        RecordSchema schema,
        Type inputType)
    {
        Definition = definition;
        Schema = schema;
        InputType = inputType;
        Rules = rules;
        Params = parameters;
        _ruleCount = ruleCount;
        _valueCount = valueCount;
        RequiredFields = requiredFields;
        _fast = fast;
        _explaining = explaining;
        TopLevelRuleNames = [.. rules.Select(r => r.Definition.Name)];
        _topLevelOutcomes = [.. rules.Select(r => r.Index)];
        Uses = [.. definition.Uses.Select(u => u.Name)];
        TopLevelRuleFields = [.. rules.Select(r => r.Reads)];
        OutputNames = [.. definition.Outputs.Select(o => o.Name)];
    }

    // Resolves a used programme's version as of a date; set once by the engine that owns this
    // programme, before the engine is handed out, and never changed after.
    private Func<string, DateOnly, CompiledProgramme>? _resolve;

    internal void Link(Func<string, DateOnly, CompiledProgramme> resolve, Lazy<string> ruleSetId)
    {
        _resolve = resolve;
        _ruleSetId = ruleSetId;
    }

    private Lazy<string>? _ruleSetId;

    /// <summary>The <see cref="PolicyEngine.RuleSetId"/> of the engine this programme belongs to (set with the link, hashed when first asked for).</summary>
    internal string? RuleSetId => _ruleSetId?.Value;

    /// <summary>
    /// For population-level programmes, how many of the eligible records (ranked by score, highest
    /// first, ties by id) are selected; null for programmes that judge each record alone.
    /// </summary>
    public int? SelectTop { get; init; }

    /// <summary>The record kind the programme evaluates (<see cref="RecordSchema.Name"/> of <see cref="Schema"/>).</summary>
    public string Input => Definition.Input;

    /// <summary>
    /// The CLR type the compiled kernels read: the kind's class, or for a programme reading fields an
    /// extension adds, the type emitted for the extended kind.
    /// </summary>
    internal Type InputType { get; }

    /// <summary>
    /// True for the stand-in <see cref="PolicyEngine.GetProgramme"/> returns on a date no version covers:
    /// its one criterion, <c>VersionInForce</c>, fails and says which versions exist and what succeeded
    /// the last one (metadata <c>Successor</c>); its version is <c>none</c>, its score and class empty.
    /// </summary>
    public bool IsNoVersionInForce { get; init; }

    /// <summary>The programmes whose results this composite programme reuses (empty for others).</summary>
    public ImmutableArray<string> Uses { get; }

    /// <summary>The version of used programme <paramref name="name"/> in force on <paramref name="asOf"/>.</summary>
    internal CompiledProgramme ResolveUsed(string name, DateOnly asOf) =>
        (_resolve ?? throw new InvalidOperationException($"{Name} uses other programmes and must be loaded through a PolicyEngine."))(name, asOf);

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

    /// <summary>
    /// The declared outputs (<see cref="ProgrammeDefinition.Outputs"/>), in declaration order; empty for a
    /// <see cref="IsNoVersionInForce"/> stand-in, which keeps the names (same columns) but never computes them.
    /// </summary>
    internal ImmutableArray<CompiledOutput> Outputs { get; init; } = [];

    /// <summary>The names of the declared outputs, in declaration order: <see cref="ScreeningBuffer.Output"/> takes their index.</summary>
    public ImmutableArray<string> OutputNames { get; }
    /// <summary>The checked expression trees this version was compiled from (null for a <see cref="IsNoVersionInForce"/> stand-in).</summary>
    internal ProgrammeTrees? Trees { get; init; }

    /// <summary>True when this version applies on <paramref name="asOf"/>.</summary>
    /// <remarks>Always false for a <see cref="IsNoVersionInForce"/> stand-in.</remarks>
    public bool IsInForce(DateOnly asOf) =>
        !IsNoVersionInForce && asOf >= Definition.EffectiveFrom && (Definition.EffectiveTo is null || asOf <= Definition.EffectiveTo);

    /// <summary>Evaluates one enterprise and explains every criterion (and those of the programmes it uses).</summary>
    /// <exception cref="RuleEvaluationException">An expression failed at run time.</exception>
    /// <exception cref="ArgumentException">The programme evaluates persons, not enterprises.</exception>
    public ProgrammeResult Evaluate(EnterpriseProfile profile, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ExpectInput(Records.RecordKinds.Enterprise);
        return EvaluateChecked(profile, asOf);
    }

    /// <summary>Evaluates one person (person-level programmes) and explains every criterion.</summary>
    /// <exception cref="RuleEvaluationException">An expression failed at run time.</exception>
    /// <exception cref="ArgumentException">The programme evaluates enterprises, not persons.</exception>
    public ProgrammeResult Evaluate(PersonProfile person, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(person);
        ExpectInput(RecordSchema.Person.Name);
        return EvaluateChecked(person, asOf);
    }

    /// <summary>
    /// Evaluates any record of the programme's kind and explains every criterion: one read with
    /// <see cref="Schema"/> (a reader such as <see cref="Input.ProfileJsonReader"/>), or an object of the
    /// caller's own class, bound by property name (<see cref="RecordBinder"/>; a property of the wrong
    /// type is an error naming it).
    /// </summary>
    /// <exception cref="ArgumentException">
    /// The record is of another kind, has a property of the wrong type, or leaves a field the programme
    /// reads unset (an error naming the field, never a silent zero).
    /// </exception>
    public ProgrammeResult EvaluateRecord(object record, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record is EnterpriseProfile or PersonProfile && RecordSchema.For(record.GetType()) is { } kind && kind.Name != Input)
        {
            ExpectInput(kind.Name);
        }

        return EvaluateChecked(InputType.IsInstanceOfType(record) ? record : RecordBinder.Bind(record, this, asOf), asOf);
    }

    private ProgrammeResult EvaluateChecked(object record, DateOnly asOf)
    {
        if (!InputType.IsInstanceOfType(record))
        {
            record = RecordBinder.Bind(record, this, asOf);
        }

        if (Schema.FirstUnset(record, FieldsRead(asOf)) is { } unset)
        {
            throw new ArgumentException(
                $"{Name} reads '{unset.Name}' ({unset.Title.En}), which this {Input} record leaves unset: set it (an empty value is an error, never a zero). / {Name} 需要读取字段 {unset.Name}（{unset.Title.Zh}），但该 {Input} 记录未设置此字段：请设置（空值视为错误，绝不视为零）。",
                nameof(record));
        }

        return EvaluateRecord(record, Schema.IdOf(record), asOf);
    }

    /// <summary>The record kind this programme reads, as the engine that compiled it holds it (with any extensions).</summary>
    public RecordSchema Schema { get; }

    /// <summary>
    /// The fields this programme and the programmes it uses (their versions in force on
    /// <paramref name="asOf"/>) read: what a reader must require for <see cref="Evaluate(EnterpriseProfile, DateOnly)"/>.
    /// </summary>
    public FieldSet FieldsRead(DateOnly asOf)
    {
        var fields = RequiredFields;
        foreach (var name in Uses)
        {
            fields = fields.Union(ResolveUsed(name, asOf).FieldsRead(asOf));
        }

        return fields;
    }

    private void ExpectInput(string given)
    {
        if (Input != given)
        {
            throw new ArgumentException(
                $"{Name} evaluates {Input} records, not {given} records. / {Name} 评估 {Input} 记录，而不是 {given} 记录。");
        }
    }

    /// <param name="record">The profile.</param>
    /// <param name="id">Its id, for error messages.</param>
    /// <param name="asOf">The evaluation date.</param>
    /// <param name="usedResult">
    /// The explained result of a used programme for this record, when the caller evaluates several
    /// programmes of one record and has it already (<see cref="PolicyEngine.EvaluateAll"/>); null to evaluate them here.
    /// </param>
    internal ProgrammeResult EvaluateRecord(object record, string id, DateOnly asOf, Func<string, ProgrammeResult>? usedResult = null)
    {
        var state = new EvaluationState(_ruleCount, _valueCount, OutputNames.Length);
        ImmutableArray<ProgrammeResult> used = [];
        if (!Uses.IsEmpty)
        {
            // Not the hot path: the used programmes are explained too, so a "no" names its reason.
            var outcomes = new ProgrammeOutcomes(Uses);
            var results = ImmutableArray.CreateBuilder<ProgrammeResult>(Uses.Length);
            foreach (var name in Uses)
            {
                var result = usedResult?.Invoke(name) ?? ResolveUsed(name, asOf).EvaluateRecord(record, id, asOf);
                outcomes.Set(name, result.Eligible, result.Score, result.Classification);
                results.Add(result);
            }

            state.Programmes = outcomes;
            used = results.MoveToImmutable();
        }

        var eligible = Run(_explaining, record, id, asOf, state);
        return Explainer.Explain(this, id, asOf, eligible, state, used);
    }

    /// <summary>A reusable buffer for <see cref="Screen(EnterpriseProfile, DateOnly, ScreeningBuffer)"/>; one per thread.</summary>
    public ScreeningBuffer CreateBuffer() => new(new EvaluationState(_ruleCount, 0, OutputNames.Length));

    /// <summary>
    /// Evaluates one enterprise without explanation, writing the outcome into <paramref name="buffer"/>
    /// (no allocation). Returns eligibility; score, class and failed criteria are read from the buffer.
    /// </summary>
    /// <remarks>
    /// A composite programme reads the outcomes of the programmes it uses from the buffer's
    /// <see cref="ScreeningBuffer.Programmes"/>, which its caller fills first (as <c>ScreeningJob</c> does).
    /// </remarks>
    public bool Screen(EnterpriseProfile profile, DateOnly asOf, ScreeningBuffer buffer)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(buffer);
        ExpectInput(Records.RecordKinds.Enterprise);
        return Run(_fast, profile, profile.Id, asOf, buffer.State);
    }

    /// <summary>As <see cref="Screen(EnterpriseProfile, DateOnly, ScreeningBuffer)"/>, for person-level programmes.</summary>
    public bool Screen(PersonProfile person, DateOnly asOf, ScreeningBuffer buffer)
    {
        ArgumentNullException.ThrowIfNull(person);
        ArgumentNullException.ThrowIfNull(buffer);
        ExpectInput(RecordSchema.Person.Name);
        return Run(_fast, person, person.Id, asOf, buffer.State);
    }

    internal bool ScreenRecord(object record, string id, DateOnly asOf, ScreeningBuffer buffer) => Run(_fast, record, id, asOf, buffer.State);

    /// <summary>Whether top-level criterion <paramref name="topLevelIndex"/> failed in the last <see cref="Screen(EnterpriseProfile, DateOnly, ScreeningBuffer)"/> into <paramref name="buffer"/>.</summary>
    public bool Failed(ScreeningBuffer buffer, int topLevelIndex)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        return !buffer.State.Outcomes[Rules[topLevelIndex].Index];
    }

    /// <summary>Where each top-level criterion's outcome sits in <see cref="EvaluationState.Outcomes"/>, in <see cref="TopLevelRuleNames"/> order.</summary>
    internal ReadOnlySpan<int> TopLevelOutcomes => _topLevelOutcomes;

    internal bool RunExplaining(EnterpriseProfile profile, DateOnly asOf, out EvaluationState state)
    {
        state = new EvaluationState(_ruleCount, _valueCount, OutputNames.Length);
        return Run(_explaining, profile, profile.Id, asOf, state);
    }

    /// <summary>The fast kernel, with its tree (none for a <see cref="IsNoVersionInForce"/> stand-in): what a combined kernel is built from.</summary>
    internal LazyKernel FastKernel => _fast;

    /// <summary>The explaining kernel (tests force it, to show that every checked programme builds).</summary>
    internal LazyKernel ExplainingKernel => _explaining;

    /// <summary>Whether each kernel's tree has been built yet: both wait for their first use (tests watch that a load builds none).</summary>
    internal (bool Fast, bool Explaining) KernelsBuilt => (_fast.IsBuilt, _explaining.IsBuilt);

    /// <summary>The failures of an expression that are the record's (wrapped in <see cref="RuleEvaluationException"/>), not the engine's.</summary>
    internal static bool IsEvaluationFailure(Exception ex) =>
        ex is ArithmeticException or InvalidOperationException or ArgumentException or NullReferenceException or IndexOutOfRangeException;

    private bool Run(LazyKernel kernel, object record, string id, DateOnly asOf, EvaluationState state)
    {
        if (!Uses.IsEmpty && state.Programmes is null)
        {
            throw new InvalidOperationException(
                $"{Name} uses {string.Join(", ", Uses)}: evaluate it with PolicyEngine.Evaluate or screen it with ScreeningJob, which run those first. / {Name} 引用了 {string.Join("、", Uses)}：请用 PolicyEngine.Evaluate 评估或用 ScreeningJob 筛查，它们会先运行被引用的项目。");
        }

        try
        {
            return kernel.Delegate(record, asOf, state);
        }
        catch (Exception ex) when (IsEvaluationFailure(ex))
        {
            throw new RuleEvaluationException(Name, id, ex);
        }
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Name} {Definition.Version}";
}

/// <summary>The per-thread scratch space of <see cref="CompiledProgramme.Screen(EnterpriseProfile, DateOnly, ScreeningBuffer)"/>.</summary>
public sealed class ScreeningBuffer
{
    internal ScreeningBuffer(EvaluationState state) => State = state;

    internal EvaluationState State { get; }

    /// <summary>The score of the last screened enterprise, for scored programmes.</summary>
    public decimal? Score => State.Score;

    /// <summary>The class of the last screened enterprise, for classifying programmes.</summary>
    public string? Classification => State.Classification;

    /// <summary>
    /// Declared output <paramref name="index"/> (in <see cref="CompiledProgramme.OutputNames"/> order) of the last
    /// screened record: its rounded and capped value when the record is eligible, null otherwise.
    /// </summary>
    public decimal? Output(int index) => State.Outputs[index];

    /// <summary>
    /// The outcomes a composite programme reads. Screening loops that run composite programmes share
    /// one instance across the buffers of one thread.
    /// </summary>
    internal ProgrammeOutcomes? Programmes
    {
        get => State.Programmes;
        set => State.Programmes = value;
    }
}

/// <summary>An expression failed while evaluating an enterprise (e.g. an overflow).</summary>
public sealed class RuleEvaluationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RuleEvaluationException(string programme, string profileId, Exception inner)
        : this(programme, profileId, inner, EvaluationFailure.Describe(inner))
    {
    }

    private RuleEvaluationException(string programme, string profileId, Exception inner, (string En, string Zh) what)
        : base($"Evaluating {programme} for '{profileId}' failed: {what.En} / 评估 {programme}（'{profileId}'）时出错：{what.Zh}", inner)
    {
        Programme = programme;
        ProfileId = profileId;
    }

    /// <summary>The programme being evaluated.</summary>
    public string Programme { get; }

    /// <summary>The enterprise being evaluated.</summary>
    public string ProfileId { get; }
}

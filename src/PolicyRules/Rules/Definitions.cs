using System.Collections.Immutable;

namespace PolicyRules.Rules;

/// <summary>How reliable the source of a programme or rule is (see <c>shared/spec/programmes.md</c>).</summary>
public enum RuleStatus
{
    /// <summary>Read from the official text.</summary>
    Verified,
    /// <summary>From consistent third-party copies of the text.</summary>
    Secondary,
    /// <summary>Not published in full: numbers are named parameters an author may change.</summary>
    Provisional,
}

/// <summary>How a value is shown to people in explanations.</summary>
public enum ValueUnit
{
    /// <summary>Shown as it is.</summary>
    None,
    /// <summary>A ratio shown as a percentage (0.1 → 10%).</summary>
    Percent,
    /// <summary>Money in yuan (元).</summary>
    Yuan,
    /// <summary>Money in ten-thousands of yuan (万元).</summary>
    TenThousandYuan,
    /// <summary>People.</summary>
    People,
    /// <summary>A count of items (patents, standards).</summary>
    Count,
    /// <summary>Calendar days.</summary>
    Days,
    /// <summary>Points of a score.</summary>
    Points,
}

/// <summary>A text in Chinese and English.</summary>
/// <param name="Zh">简体中文.</param>
/// <param name="En">English.</param>
public sealed record BilingualText(string Zh, string En);

/// <summary>The document and article a rule encodes.</summary>
/// <param name="Document">The document's number or short name, e.g. <c>国科发火〔2016〕32号</c>.</param>
/// <param name="Article">The article, e.g. <c>第十一条（四）</c>.</param>
/// <param name="DocumentTitle">The document's full title when the workflow declares it.</param>
public sealed record Citation(string Document, string Article, string? DocumentTitle)
{
    /// <summary>
    /// What a reader should know about how the article is read (an uncertain reading, a definition that
    /// differs elsewhere); the rule file's <c>NoteZh</c>/<c>NoteEn</c>. Explanations show it under the source.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public BilingualText? Note { get; init; }

    /// <summary>Title, number and article in one line.</summary>
    public override string ToString() =>
        DocumentTitle is null ? $"{Document} {Article}" : $"{DocumentTitle}（{Document}）{Article}";
}

/// <summary>A named value computed once per evaluation (a RulesEngine GlobalParam or LocalParam).</summary>
/// <param name="Name">The name expressions use.</param>
/// <param name="Expression">The expression and where it stands.</param>
/// <param name="Title">What it is, for explanations; null for intermediate values that are not shown.</param>
/// <param name="Unit">How its value is shown.</param>
/// <param name="Citation">The article that defines it, if any.</param>
/// <param name="NameLocation">Where the name stands in its file.</param>
public sealed record ParamDefinition(string Name, ExpressionSource Expression, BilingualText? Title, ValueUnit Unit, Citation? Citation, SourceLocation NameLocation);

/// <summary>Nested-rule operators, as RulesEngine names them.</summary>
public enum RuleOperator
{
    /// <summary>A leaf rule with an expression.</summary>
    None,
    /// <summary>All children must pass.</summary>
    AndAlso,
    /// <summary>At least one child must pass.</summary>
    OrElse,
}

/// <summary>One criterion: a boolean expression, or children combined by an operator.</summary>
public sealed record RuleDefinition
{
    /// <summary>The rule's name (RuleName), unique in its workflow.</summary>
    public required string Name { get; init; }

    /// <summary>The boolean expression of a leaf rule; null for a nested rule.</summary>
    public ExpressionSource? Expression { get; init; }

    /// <summary>How children combine; <see cref="RuleOperator.None"/> for a leaf.</summary>
    public RuleOperator Operator { get; init; }

    /// <summary>Child rules of a nested rule.</summary>
    public ImmutableArray<RuleDefinition> Children { get; init; } = [];

    /// <summary>Rule-local parameters, evaluated before the expression.</summary>
    public ImmutableArray<ParamDefinition> LocalParams { get; init; } = [];

    /// <summary>What the criterion requires, in both languages.</summary>
    public required BilingualText Title { get; init; }

    /// <summary>What users read when it fails (Properties.FailZh/FailEn, else RulesEngine's ErrorMessage, else derived from the title).</summary>
    public required BilingualText FailMessage { get; init; }

    /// <summary>The document and article the rule encodes.</summary>
    public Citation? Citation { get; init; }

    /// <summary>How the compared values are shown.</summary>
    public ValueUnit Unit { get; init; }

    /// <summary>The rule's own status, when it differs from its programme's.</summary>
    public RuleStatus? Status { get; init; }

    /// <summary>Where the rule's name stands in its file.</summary>
    public required SourceLocation Location { get; init; }
}

/// <summary>A programme that a composite programme builds on, as its metadata names it.</summary>
/// <param name="Name">The programme's name.</param>
/// <param name="Location">Where the name stands in the rule file.</param>
public sealed record ProgrammeReference(string Name, SourceLocation Location);

/// <summary>
/// What follows a programme after its last version ends (metadata <c>Successor</c>): named in the
/// "no version in force" outcome, so users learn where the policy went instead of getting a guess.
/// </summary>
/// <param name="Title">The successor's name, e.g. 科技和创新型中小企业.</param>
/// <param name="Citation">The document (and article) that establishes it.</param>
/// <param name="Programme">The programme of this rule set that encodes it, when there is one.</param>
public sealed record ProgrammeSuccessor(BilingualText Title, Citation Citation, string? Programme);

/// <summary>
/// One version of a programme: its metadata, parameters and rules, exactly as a rule file states
/// them (one RulesEngine workflow). Knows nothing of JSON or of compilation.
/// </summary>
public sealed record ProgrammeDefinition
{
    /// <summary>The programme's name, e.g. <c>HighTechEnterprise</c>; several versions may share it.</summary>
    public required string Name { get; init; }

    /// <summary>The RulesEngine WorkflowName (unique across files).</summary>
    public required string WorkflowName { get; init; }

    /// <summary>The version label, e.g. <c>2016</c>.</summary>
    public required string Version { get; init; }

    /// <summary>The programme's title.</summary>
    public required BilingualText Title { get; init; }

    /// <summary>Reliability of the source text.</summary>
    public RuleStatus Status { get; init; }

    /// <summary>First day this version applies.</summary>
    public DateOnly EffectiveFrom { get; init; }

    /// <summary>Last day this version applies; null while in force.</summary>
    public DateOnly? EffectiveTo { get; init; }

    /// <summary>The documents rules cite, by number, with their titles.</summary>
    public ImmutableDictionary<string, string> Documents { get; init; } = ImmutableDictionary<string, string>.Empty;

    /// <summary>The GlobalParam holding the total score, if the programme is scored.</summary>
    public string? ScoreParam { get; init; }

    /// <summary>The GlobalParams whose values make up the score, shown as its components.</summary>
    public ImmutableArray<string> ScoreComponents { get; init; } = [];

    /// <summary>The GlobalParam holding the classification, if the programme classifies.</summary>
    public string? ClassificationParam { get; init; }

    /// <summary>
    /// For population-level programmes (metadata <c>SelectTop</c>): the GlobalParam holding N, a
    /// whole-number constant. The eligible records are ranked by the score, highest first, and the first
    /// N are selected; the result depends on the whole input, not one record.
    /// </summary>
    public string? SelectTopParam { get; init; }

    /// <summary>
    /// The record kind the programme evaluates (metadata <c>Input</c>; <c>Enterprise</c> unless it says
    /// otherwise): <c>Enterprise</c>, <c>Person</c> or a kind a <c>*.record.json</c> file declares.
    /// </summary>
    public string Input { get; init; } = Records.RecordKinds.Enterprise;

    /// <summary>Where the <c>Input</c> value stands; null when the metadata leaves it out.</summary>
    public SourceLocation? InputLocation { get; init; }

    /// <summary>
    /// Programmes whose results this one reuses (metadata <c>Uses</c>): its expressions read them as
    /// <c>programmes.Eligible("Name")</c>, so their criteria are not restated here.
    /// </summary>
    public ImmutableArray<ProgrammeReference> Uses { get; init; } = [];

    /// <summary>
    /// What follows the programme after this version (metadata <c>Successor</c>): only the last version
    /// of a programme, and only one with an <see cref="EffectiveTo"/>, names one.
    /// </summary>
    public ProgrammeSuccessor? Successor { get; init; }

    /// <summary>
    /// Metadata <c>Overrides</c>: this programme deliberately replaces the same-named programme of
    /// another rules folder loaded with it (a bundled one, say). Without it, a programme defined in
    /// two folders is an error (PR1031), never a silent replacement.
    /// </summary>
    public bool Overrides { get; init; }

    /// <summary>Workflow-wide parameters, in order; each may use the ones before it.</summary>
    public ImmutableArray<ParamDefinition> Params { get; init; } = [];

    /// <summary>Top-level rules; the enterprise is eligible when all pass.</summary>
    public ImmutableArray<RuleDefinition> Rules { get; init; } = [];

    /// <summary>Declared numeric outputs (metadata <c>Outputs</c>, e.g. an award amount), computed only for eligible records.</summary>
    public ImmutableArray<OutputDefinition> Outputs { get; init; } = [];

    /// <summary>The file the programme was read from.</summary>
    public required string SourcePath { get; init; }

    /// <summary>Where the WorkflowName stands.</summary>
    public required SourceLocation Location { get; init; }
}

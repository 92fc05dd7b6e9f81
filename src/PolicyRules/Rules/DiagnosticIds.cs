namespace PolicyRules.Rules;

/// <summary>
/// The stable IDs of rule-file diagnostics. Each has a page under <c>docs/diagnostics/</c>;
/// the IDs never change meaning once shipped.
/// </summary>
public static class DiagnosticIds
{
    /// <summary>The file is not valid JSON.</summary>
    public const string InvalidJson = "PR1001";
    /// <summary>The JSON is valid but not a RulesEngine workflow with our metadata: a missing or mistyped field.</summary>
    public const string SchemaViolation = "PR1002";
    /// <summary>A nested rule's <c>Operator</c> is not And, AndAlso, Or or OrElse.</summary>
    public const string UnknownOperator = "PR1003";
    /// <summary>Two workflows declare the same programme and version.</summary>
    public const string DuplicateProgramme = "PR1004";
    /// <summary>Two rules or parameters in one workflow share a name.</summary>
    public const string DuplicateRule = "PR1005";
    /// <summary>An expression names a member the input model does not have.</summary>
    public const string UnknownMember = "PR1006";
    /// <summary>An expression does not parse.</summary>
    public const string ExpressionSyntax = "PR1007";
    /// <summary>A rule expression is not boolean.</summary>
    public const string NotBoolean = "PR1008";
    /// <summary>Operands of incompatible types (string vs number, decimal vs double, …).</summary>
    public const string TypeMismatch = "PR1009";
    /// <summary>An expression names a parameter that no GlobalParam or LocalParam defines.</summary>
    public const string UnknownParameter = "PR1010";
    /// <summary>A tier table has no else row, bounds out of order, or an unreadable row.</summary>
    public const string InvalidTierTable = "PR1012";
    /// <summary>Versions of one programme overlap or leave a hole in time, or a version ends before it starts.</summary>
    public const string EffectiveDates = "PR1013";
    /// <summary>A rule has no citation of the document and article it encodes.</summary>
    public const string MissingCitation = "PR1014";
    /// <summary>An expression reaches a type or member outside the allow-list.</summary>
    public const string OutsideAllowList = "PR1015";
    /// <summary>Binary floating point (double/float) in an expression: thresholds must be exact decimals.</summary>
    public const string FloatingPoint = "PR1016";
    /// <summary>Division by something that may be zero: use <c>Ratio.Of(a, b)</c>.</summary>
    public const string UnguardedDivision = "PR1017";
    /// <summary>Programme metadata refers to a parameter that does not exist or has the wrong type.</summary>
    public const string InvalidMetadata = "PR1018";
    /// <summary>A rules folder or file could not be read.</summary>
    public const string UnreadableFile = "PR1019";
    /// <summary>A composite programme names a programme that no rule file defines, or an expression reads one its <c>Uses</c> does not list.</summary>
    public const string UnknownProgrammeReference = "PR1020";
    /// <summary>Composite programmes use each other in a cycle.</summary>
    public const string ProgrammeCycle = "PR1021";
    /// <summary>A value outside the range its unit allows, such as a percent parameter written as 10 for 10% (a warning).</summary>
    public const string ValueOutOfRange = "PR1022";
    /// <summary>A JSON document in a rules folder that is not a rule file (a sample profile, say): skipped with this note (info).</summary>
    public const string NotARuleFile = "PR1023";
    /// <summary>A rule title states a percentage other than the percent parameter its rule compares with (a warning).</summary>
    public const string TitleContradictsParameter = "PR1024";
    /// <summary>A record declaration (<c>*.record.json</c>) the build cannot turn into a typed C# class (reported by the analyzers' record generator).</summary>
    public const string RecordNotGenerated = "PR1030";
    /// <summary>A programme defined in two rules folders loaded together, without <c>"Overrides": true</c> on the one that replaces the other.</summary>
    public const string ProgrammeInTwoFolders = "PR1031";
    /// <summary>Versions of one programme evaluate different record kinds (<c>Input</c>).</summary>
    public const string VersionsReadOtherKinds = "PR1033";
    /// <summary>A composite programme uses a programme that evaluates another record kind.</summary>
    public const string UsesOtherKind = "PR1034";
}

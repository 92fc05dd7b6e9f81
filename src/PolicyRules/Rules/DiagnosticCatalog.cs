namespace PolicyRules.Rules;

/// <summary>
/// The one table of diagnostics: each ID's title, category and severity, and which analyzer of the
/// build reports it. Everything else that describes a diagnostic is checked against it by
/// <c>DiagnosticCatalogTests</c> (a test fails on drift): <see cref="DiagnosticIds"/> and
/// <c>Sql.SqlDiagnosticIds</c>, the analyzers' descriptors (<c>src/PolicyRules.Analyzers/Descriptors.cs</c>),
/// release tracking (<c>AnalyzerReleases.*.md</c>), each page <c>docs/diagnostics/PRxxxx.md</c>, the docs
/// index and the README's table. A new diagnostic starts here (CONTRIBUTING.md, "Add a diagnostic").
/// </summary>
internal static class DiagnosticCatalog
{
    public static readonly DiagnosticEntry[] All =
    [
        new("PR1000", "Rule files cannot be checked in this compiler host", "PolicyRules.Host", DiagnosticLevel.Warning, "RuleFileAnalyzer"),
        new("PR1001", "Invalid JSON", "PolicyRules.RuleFile", DiagnosticLevel.Error, "RuleFileAnalyzer"),
        new("PR1002", "Not a valid workflow", "PolicyRules.RuleFile", DiagnosticLevel.Error, "RuleFileAnalyzer"),
        new("PR1003", "Unknown operator", "PolicyRules.RuleFile", DiagnosticLevel.Error, "RuleFileAnalyzer"),
        new("PR1004", "Duplicate programme or workflow", "PolicyRules.RuleFile", DiagnosticLevel.Error, "RuleFileAnalyzer"),
        new("PR1005", "Duplicate rule or parameter name", "PolicyRules.RuleFile", DiagnosticLevel.Error, "RuleFileAnalyzer"),
        new("PR1006", "Unknown input member", "PolicyRules.Expression", DiagnosticLevel.Error, "RuleFileAnalyzer"),
        new("PR1007", "Expression does not parse", "PolicyRules.Expression", DiagnosticLevel.Error, "RuleFileAnalyzer"),
        new("PR1008", "Expression is not boolean", "PolicyRules.Expression", DiagnosticLevel.Error, "RuleFileAnalyzer"),
        new("PR1009", "Type mismatch", "PolicyRules.Expression", DiagnosticLevel.Error, "RuleFileAnalyzer"),
        new("PR1010", "Unknown parameter", "PolicyRules.Expression", DiagnosticLevel.Error, "RuleFileAnalyzer"),
        new("PR1012", "Invalid tier table", "PolicyRules.Expression", DiagnosticLevel.Error, "RuleFileAnalyzer"),
        new("PR1013", "Versions overlap or leave a gap", "PolicyRules.RuleFile", DiagnosticLevel.Error, "RuleFileAnalyzer"),
        new("PR1014", "Rule without citation", "PolicyRules.RuleFile", DiagnosticLevel.Warning, "RuleFileAnalyzer"),
        new("PR1015", "Reach outside the allow-list", "PolicyRules.Security", DiagnosticLevel.Error, "RuleFileAnalyzer"),
        new("PR1016", "Binary floating point in an expression", "PolicyRules.Expression", DiagnosticLevel.Error, "RuleFileAnalyzer"),
        new("PR1017", "Division by a value that may be zero", "PolicyRules.Expression", DiagnosticLevel.Error, "RuleFileAnalyzer"),
        new("PR1018", "Invalid metadata reference", "PolicyRules.RuleFile", DiagnosticLevel.Error, "RuleFileAnalyzer"),
        new("PR1019", "Unreadable rule file", "PolicyRules.RuleFile", DiagnosticLevel.Error, "RuleFileAnalyzer"),
        new("PR1020", "Unknown programme reference", "PolicyRules.RuleFile", DiagnosticLevel.Error, "RuleFileAnalyzer"),
        new("PR1021", "Programmes use each other in a cycle", "PolicyRules.RuleFile", DiagnosticLevel.Error, "RuleFileAnalyzer"),
        new("PR1022", "Value outside the range of its unit", "PolicyRules.RuleFile", DiagnosticLevel.Warning, "RuleFileAnalyzer"),
        new("PR1023", "Not a rule file", "PolicyRules.RuleFile", DiagnosticLevel.Info, "RuleFileAnalyzer"),
        new("PR1024", "Title contradicts its parameter", "PolicyRules.RuleFile", DiagnosticLevel.Warning, "RuleFileAnalyzer"),
        new("PR1030", "Record declaration cannot become a C# class", "PolicyRules.RuleFile", DiagnosticLevel.Error, "RecordGenerator"),
        new("PR1031", "Programme defined in two rules folders", "PolicyRules.RuleFile", DiagnosticLevel.Error, "RuleFileAnalyzer"),
        new("PR1032", "No exact SQL translation", "PolicyRules.Sql", DiagnosticLevel.Error, null),
        new("PR1033", "Versions read different record kinds", "PolicyRules.RuleFile", DiagnosticLevel.Error, "RuleFileAnalyzer"),
        new("PR1034", "Programme uses one of another record kind", "PolicyRules.RuleFile", DiagnosticLevel.Error, "RuleFileAnalyzer"),
        new("PR2001", "Unknown programme name", "PolicyRules.Usage", DiagnosticLevel.Error, "ProgrammeNameAnalyzer"),
        new("PR2002", "Input type does not match the programme", "PolicyRules.Usage", DiagnosticLevel.Error, "ProgrammeInputAnalyzer"),
        new("PR2003", "Evaluated as of the clock", "PolicyRules.Usage", DiagnosticLevel.Warning, "ProgrammeNameAnalyzer"),
    ];
}

/// <summary>How severe a diagnostic is, as its page, the tables and release tracking state it.</summary>
internal enum DiagnosticLevel
{
    /// <summary>A note; nothing is refused.</summary>
    Info,
    /// <summary>Loaded, but probably not what the author meant.</summary>
    Warning,
    /// <summary>Refused.</summary>
    Error,
}

/// <summary>One row of <see cref="DiagnosticCatalog"/>.</summary>
/// <param name="Id">The stable ID (never reused).</param>
/// <param name="Title">The title: page heading, descriptor title and index entry.</param>
/// <param name="Category">The analyzer category (<c>PolicyRules.RuleFile</c>, <c>PolicyRules.Expression</c>, …).</param>
/// <param name="Level">The default severity.</param>
/// <param name="ReportedBy">The analyzer or generator of the build that reports it (release tracking's notes); null for one the build never reports.</param>
internal sealed record DiagnosticEntry(string Id, string Title, string Category, DiagnosticLevel Level, string? ReportedBy);

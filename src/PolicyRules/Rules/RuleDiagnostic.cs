namespace PolicyRules.Rules;

/// <summary>How serious a <see cref="RuleDiagnostic"/> is.</summary>
public enum DiagnosticSeverity
{
    /// <summary>Worth knowing; nothing is wrong.</summary>
    Info,
    /// <summary>The rules load, but something is likely wrong or incomplete.</summary>
    Warning,
    /// <summary>The rules cannot be loaded.</summary>
    Error,
}

/// <summary>A problem found in a rule file, located on the exact token.</summary>
/// <param name="Id">Stable identifier, <c>PR1xxx</c> (see <see cref="DiagnosticIds"/>).</param>
/// <param name="Severity">Error, warning or info.</param>
/// <param name="Message">What is wrong and, where possible, how to fix it.</param>
/// <param name="Location">The file, line and column.</param>
public sealed record RuleDiagnostic(string Id, DiagnosticSeverity Severity, string Message, SourceLocation Location)
{
    /// <summary>Another place the diagnostic concerns, such as the first of two duplicates.</summary>
    public SourceLocation? RelatedLocation { get; init; }

    /// <summary>The compiler's format: <c>path(line,col): error PR1001: message</c>.</summary>
    public override string ToString() =>
        $"{Location}: {Severity.ToString().ToLowerInvariant()} {Id}: {Message}";
}

/// <summary>Thrown when rule files cannot be loaded; carries every diagnostic found, not just the first.</summary>
public sealed class RuleLoadException : Exception
{
    /// <summary>Creates the exception from the diagnostics that stopped the load.</summary>
    public RuleLoadException(IReadOnlyList<RuleDiagnostic> diagnostics)
        : base(Describe(diagnostics))
    {
        Diagnostics = diagnostics;
    }

    /// <summary>Every diagnostic, errors and warnings, in file order.</summary>
    public IReadOnlyList<RuleDiagnostic> Diagnostics { get; }

    private static string Describe(IReadOnlyList<RuleDiagnostic> diagnostics)
    {
        ArgumentNullException.ThrowIfNull(diagnostics);
        var errors = diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        return $"The rules could not be loaded ({errors.Count} error(s)) / 规则无法加载（{errors.Count} 个错误）:"
            + Environment.NewLine + string.Join(Environment.NewLine, errors);
    }
}

namespace PolicyRules.Rules;

/// <summary>
/// A place in a rule file: 1-based line and column in UTF-16 characters (what editors and the
/// compiler show), with the end of the span. Formats as <c>path(line,col)</c>, the compiler's form.
/// </summary>
public sealed record SourceLocation(string Path, int Line, int Column, int EndLine, int EndColumn)
{
    /// <summary>A location for a whole file whose content could not be positioned.</summary>
    public static SourceLocation FileOnly(string path) => new(path, 1, 1, 1, 1);

    /// <inheritdoc/>
    public override string ToString() => $"{Path}({Line},{Column})";
}

namespace PolicyRules.Input;

/// <summary>
/// A value that could not be read. For CSV, <see cref="Row"/> is the 1-based data row (0 for the
/// header, which reads as "header (line 1)") and <see cref="Line"/> the file line it starts on; for JSON both are the line; for
/// Parquet, <see cref="Row"/> is the 1-based row of the file (0 for the file's schema) and
/// <see cref="Line"/> is 0, a binary file having no lines.
/// </summary>
/// <param name="Source">The file.</param>
/// <param name="Row">The data row (CSV, Parquet) or line (JSON).</param>
/// <param name="Line">The 1-based line in the file; 0 for Parquet.</param>
/// <param name="Column">The column (CSV, Parquet) or property name (JSON); the column number for JSON is in <paramref name="Reason"/>.</param>
/// <param name="Reason">What is wrong, in English and Chinese.</param>
public sealed record InputError(string Source, int Row, int Line, string Column, string Reason)
{
    /// <inheritdoc/>
    public override string ToString() => InputErrorText.Format(this);
}

/// <summary>Input that cannot be read at all (a missing column, malformed JSON), with every error found.</summary>
public sealed class ProfileInputException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ProfileInputException(IReadOnlyList<InputError> errors)
        : base(string.Join(Environment.NewLine, errors))
    {
        Errors = errors;
    }

    /// <summary>The errors, in input order.</summary>
    public IReadOnlyList<InputError> Errors { get; }
}

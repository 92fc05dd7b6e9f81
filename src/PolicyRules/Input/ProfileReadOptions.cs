namespace PolicyRules.Input;

/// <summary>How an input file is read, whatever its format (<see cref="ProfileReaders"/>).</summary>
public sealed record ProfileReadOptions
{
    /// <summary>The defaults: detect the encoding, first worksheet.</summary>
    public static ProfileReadOptions Default { get; } = new();

    /// <summary>The encoding of a CSV file; <see cref="InputEncoding.Auto"/> (the default) detects it.</summary>
    public InputEncoding Encoding { get; init; } = InputEncoding.Auto;

    /// <summary>The worksheet of an .xlsx file to read; null (the default) reads the first.</summary>
    public string? Sheet { get; init; }
}

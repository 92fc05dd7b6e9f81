using System.Collections.Immutable;

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

    /// <summary>
    /// The application's own input formats, by file extension (<c>.ext</c>, letter case aside): an input
    /// whose extension is listed here is opened by its factory, before (and instead of) the formats the
    /// library reads. Add one with <see cref="WithReader"/>.
    /// </summary>
    public ImmutableDictionary<string, Func<ProfileReaderRequest, IProfileReader>> Readers { get; init; } =
        ImmutableDictionary.Create<string, Func<ProfileReaderRequest, IProfileReader>>(StringComparer.OrdinalIgnoreCase);

    /// <summary>These options, with <paramref name="open"/> reading files whose extension is <paramref name="extension"/> (<c>.ext</c> or <c>ext</c>).</summary>
    /// <exception cref="ArgumentException">The extension is empty or holds a path separator.</exception>
    public ProfileReadOptions WithReader(string extension, Func<ProfileReaderRequest, IProfileReader> open)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(extension);
        ArgumentNullException.ThrowIfNull(open);
        var normalised = extension.StartsWith('.') ? extension : "." + extension;
        if (normalised.Length < 2 || normalised.IndexOfAny(['/', '\\']) >= 0 || normalised.LastIndexOf('.') != 0)
        {
            throw new ArgumentException($"'{extension}' is not a file extension (e.g. .myformat). / '{extension}' 不是文件扩展名（例如 .myformat）。", nameof(extension));
        }

        return this with { Readers = Readers.SetItem(normalised, open) };
    }
}

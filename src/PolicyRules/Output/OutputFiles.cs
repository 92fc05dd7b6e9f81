namespace PolicyRules.Output;

/// <summary>
/// The outputs of one run, written so that nothing is lost: every output is refused when it is one of
/// the run's inputs or another of its outputs (by file identity: device and inode, through symbolic
/// and hard links, whatever the spelling); each is written to a temporary file in its own folder and
/// renamed into place only by <see cref="Commit"/>. A run that fails (an error, fail-fast, a full disk,
/// a crash) leaves no output that looks complete and keeps any earlier output whole; two runs writing
/// the same output never interleave — each file is one run's, whole.
/// </summary>
/// <remarks>
/// Every library writer (screening results and rejects, the reserve pool, the HTML report, profile
/// writers) goes through this class, so a new output kind (another format, standard output) adds a
/// case to <see cref="Create"/> and keeps these guarantees.
/// <code>
/// using var outputs = new OutputFiles([inputPath]);
/// using (var stream = outputs.Create(resultsPath)) { /* write */ }
/// outputs.Commit(); // or dispose without committing: nothing appears
/// </code>
/// A temporary file is named <c>.&lt;name&gt;.&lt;random&gt;.partial</c>; one that survives a crash
/// is safe to delete. An output that is a symbolic link is written to the link's final target.
/// </remarks>
public sealed class OutputFiles : IDisposable
{
    private readonly List<(string Path, string Identity)> _inputs = [];
    private readonly List<(string Path, string Identity)> _outputs = [];
    private readonly List<(string Temporary, string Final, Stream Stream)> _pending = [];
    private bool _committed;

    /// <summary>Starts a run that reads <paramref name="inputs"/>: no output may be one of them.</summary>
    public OutputFiles(IEnumerable<string> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        foreach (var input in inputs)
        {
            _inputs.Add((input, FileIdentity.Of(input)));
        }
    }

    /// <summary>
    /// Checks, before any work, that none of <paramref name="outputs"/> is one of <paramref name="inputs"/>
    /// or another of <paramref name="outputs"/>.
    /// </summary>
    /// <exception cref="OutputConflictException">The first output that conflicts.</exception>
    public static void Check(IEnumerable<string> inputs, IEnumerable<string> outputs)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        using var run = new OutputFiles(inputs);
        foreach (var output in outputs)
        {
            run.Reserve(output);
        }
    }

    /// <summary>
    /// Registers <paramref name="path"/> as an output of this run and opens its temporary file for
    /// writing; the file takes its place at <see cref="Commit"/>. Dispose the stream before committing.
    /// </summary>
    /// <exception cref="OutputConflictException">The path is an input or another output of this run.</exception>
    public Stream Create(string path)
    {
        ObjectDisposedException.ThrowIf(_committed, this);
        var final = Reserve(path);
        var directory = Path.GetDirectoryName(final) ?? ".";
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(final)}.{Guid.NewGuid():N}.partial");
        var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
        _pending.Add((temporary, final, stream));
        return stream;
    }

    /// <summary>
    /// As <see cref="Create"/>, for an output another program writes by name (a database engine's
    /// <c>COPY … TO</c>): registers <paramref name="path"/>, creates its temporary file empty and returns
    /// that file's path, for the writer to overwrite; it takes its place at <see cref="Commit"/>.
    /// </summary>
    /// <exception cref="OutputConflictException">The path is an input or another output of this run.</exception>
    internal string CreateForWriter(string path)
    {
        Create(path).Dispose();
        var (temporary, final, _) = _pending[^1];
        _pending[^1] = (temporary, final, Stream.Null);
        return temporary;
    }

    /// <summary>Moves every output into place (each rename is atomic); after this the run's outputs are final.</summary>
    public void Commit()
    {
        ObjectDisposedException.ThrowIf(_committed, this);
        foreach (var (_, _, stream) in _pending)
        {
            stream.Dispose(); // flushes; a full disk fails here, before anything is moved
        }

        foreach (var (temporary, final, _) in _pending)
        {
            File.Move(temporary, final, overwrite: true);
        }

        _pending.Clear();
        _committed = true;
    }

    /// <summary>Discards the temporary files of a run that did not commit.</summary>
    public void Dispose()
    {
        foreach (var (temporary, _, stream) in _pending)
        {
            try
            {
                stream.Dispose();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The write that failed already failed the run; the file goes anyway.
            }

            try
            {
                File.Delete(temporary);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Left behind under its .partial name, which no reader takes for a result.
            }
        }

        _pending.Clear();
        _committed = true;
    }

    /// <summary>Records an output of the same run written by another step (so this run's outputs may not be it).</summary>
    /// <exception cref="OutputConflictException">The path is an input or another output of this run.</exception>
    internal void Claim(string path) => Reserve(path);

    /// <summary>Checks and records an output; returns the path to write (a symbolic link's final target).</summary>
    private string Reserve(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var identity = FileIdentity.Of(path);
        foreach (var (input, inputIdentity) in _inputs)
        {
            if (inputIdentity == identity)
            {
                throw new OutputConflictException(path, input, withInput: true);
            }
        }

        foreach (var (output, outputIdentity) in _outputs)
        {
            if (outputIdentity == identity)
            {
                throw new OutputConflictException(path, output, withInput: false);
            }
        }

        _outputs.Add((path, identity));
        var full = Path.GetFullPath(path);
        return new FileInfo(full).LinkTarget is not null && new FileInfo(full).ResolveLinkTarget(returnFinalTarget: true) is { } target ? target.FullName : full;
    }
}

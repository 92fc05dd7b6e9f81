using System.Text;
using PolicyRules.Compilation;
using PolicyRules.Screening;

namespace PolicyRules.Cli;

/// <summary>
/// <c>-</c> as a file name: standard input for <c>--input</c>, standard output for <c>--output</c>,
/// so that <c>screen</c> sits in a shell pipeline.
/// </summary>
internal static class Pipeline
{
    public const string Standard = "-";

    /// <summary>
    /// Copies standard input to a private temporary file, named <c>stdin.parquet</c> when it starts
    /// with Parquet's magic bytes and <c>stdin.csv</c> otherwise: Parquet is read from its footer and
    /// a target that reads a population-level programme's selection row by row needs a first ranking
    /// pass (TargetCollector.NeedsRanksBeforehand), neither of which a pipe allows.
    /// </summary>
    public static SpooledInput SpoolStandardInput()
    {
        var directory = Directory.CreateTempSubdirectory("policyrules-stdin-").FullName;
        var data = Path.Combine(directory, "stdin.data");
        using (var stdin = Console.OpenStandardInput())
        using (var file = File.Create(data))
        {
            stdin.CopyTo(file);
        }

        Span<byte> magic = stackalloc byte[4];
        int read;
        using (var file = File.OpenRead(data))
        {
            read = file.ReadAtLeast(magic, 4, throwOnEndOfStream: false);
        }

        var path = Path.Combine(directory, read == 4 && magic.SequenceEqual("PAR1"u8) ? "stdin.parquet" : "stdin.csv");
        File.Move(data, path);
        return new SpooledInput(directory, path);
    }

    /// <summary>
    /// Screens into CSV on standard output, streaming (rows appear as they are screened), with the
    /// rejects in <paramref name="rejectsPath"/>. The results bypass the files' write-and-rename: a
    /// pipe has no name to rename to, and its reader sees the exit code.
    /// </summary>
    public static ScreeningSummary ScreenToStandardOutput(TextWriter stdout, string inputPath, string rejectsPath, IReadOnlyList<CompiledProgramme> programmes, DateOnly asOf, Action<long> progress, ScreeningOptions options)
    {
        // Console.Out flushes on every write; a buffered writer on the same stream does not.
        using var buffered = ReferenceEquals(stdout, Console.Out)
            ? new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 1 << 16)
            : null;
        var writer = buffered ?? stdout;
        var summary = ScreeningJob.RunInto(inputPath, null, columns => new CsvResultSink(writer, columns, options.RawText), rejectsPath, programmes, asOf, progress, options);
        writer.Flush();
        return summary;
    }
}

/// <summary>Standard input copied to a temporary file, deleted with its folder on disposal.</summary>
internal sealed class SpooledInput(string directory, string path) : IDisposable
{
    public string Path { get; } = path;

    public void Dispose()
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: the temporary folder is the system's to clean.
        }
    }
}

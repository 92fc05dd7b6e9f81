using System.Collections.Immutable;
using System.Globalization;
using nietras.SeparatedValues;
using PolicyRules.Compilation;
using PolicyRules.Input;
using PolicyRules.Model;

namespace PolicyRules.Screening;

/// <summary>
/// Screens a CSV of enterprises against programmes, streaming: one output row per readable input
/// row (in input order) and one rejects row per unreadable one, so read = written + rejected.
/// </summary>
/// <remarks>
/// Output columns: <c>id</c>, then per programme <c>P.eligible</c>, <c>P.score</c> (scored
/// programmes), <c>P.classification</c> (classifying programmes) and <c>P.failed</c> (failed
/// top-level criteria joined by <c>;</c>). The rejects file has <c>row,line,id,column,reason</c>.
/// </remarks>
public static class CsvScreening
{
    /// <summary>The rejects file written beside <paramref name="outputPath"/>.</summary>
    public static string RejectsPathFor(string outputPath) => outputPath + ".rejects.csv";

    /// <summary>Runs the screening.</summary>
    /// <param name="inputPath">Contract CSV of enterprises.</param>
    /// <param name="outputPath">Result CSV to write.</param>
    /// <param name="programmes">The programme versions to apply (see <see cref="PolicyEngine.GetProgramme"/>).</param>
    /// <param name="asOf">The evaluation date.</param>
    /// <param name="progress">Called with the number of rows read so far, every few thousand rows.</param>
    /// <exception cref="ProfileInputException">The input's header lacks a column the programmes need.</exception>
    /// <param name="parallel">
    /// Parse on one thread while evaluating and writing on another, through a small bounded queue, so
    /// two cores share the work and memory stays flat; output order is the input order either way.
    /// </param>
    public static ScreeningSummary Run(string inputPath, string outputPath, IReadOnlyList<CompiledProgramme> programmes, DateOnly asOf, Action<long>? progress = null, bool parallel = true)
    {
        ArgumentNullException.ThrowIfNull(inputPath);
        ArgumentNullException.ThrowIfNull(outputPath);
        ArgumentNullException.ThrowIfNull(programmes);
        var required = FieldSet.Empty;
        foreach (var programme in programmes)
        {
            required = required.Union(programme.RequiredFields);
        }

        using var reader = ProfileCsvReader.Open(inputPath, required);
        var rejectsPath = RejectsPathFor(outputPath);
        if (Path.GetDirectoryName(Path.GetFullPath(outputPath)) is { } directory)
        {
            Directory.CreateDirectory(directory);
        }

        using var output = Sep.New(',').Writer(o => o with { Escape = true, CultureInfo = CultureInfo.InvariantCulture }).ToFile(outputPath);
        using var rejects = Sep.New(',').Writer(o => o with { Escape = true }).ToFile(rejectsPath);
        foreach (var name in (string[])["row", "line", "id", "column", "reason"])
        {
            rejects.Header.Add(name);
        }

        var layout = new OutputLayout(output, programmes);
        var buffers = programmes.Select(p => p.CreateBuffer()).ToArray();
        var eligible = new long[programmes.Count];
        var failures = programmes.Select(p => new long[p.TopLevelRuleNames.Length]).ToArray();
        var failed = new char[256];
        long read = 0, written = 0, rejected = 0;

        foreach (var record in parallel ? Pipelined(reader) : reader.ReadAll())
        {
            read++;
            if (progress is not null && read % 4096 == 0)
            {
                progress(read);
            }

            if (record.Profile is not { } profile)
            {
                Reject(rejects, record, record.Errors.Select(e => e.Column), record.Errors.Select(e => e.Reason));
                rejected++;
                continue;
            }

            RuleEvaluationException? error = null;
            for (var i = 0; i < programmes.Count && error is null; i++)
            {
                try
                {
                    programmes[i].Screen(profile, asOf, buffers[i]);
                }
                catch (RuleEvaluationException ex)
                {
                    error = ex;
                }
            }

            if (error is not null)
            {
                Reject(rejects, record, [error.Programme], [error.Message]);
                rejected++;
                continue;
            }

            using var row = output.NewRow();
            row[layout.Id].Set(profile.Id);
            for (var i = 0; i < programmes.Count; i++)
            {
                var programme = programmes[i];
                var buffer = buffers[i];
                var columns = layout.Programmes[i];
                var length = 0;
                var isEligible = true;
                for (var rule = 0; rule < programme.TopLevelRuleNames.Length; rule++)
                {
                    if (programme.Failed(buffer, rule))
                    {
                        isEligible = false;
                        failures[i][rule]++;
                        length = Append(ref failed, length, programme.TopLevelRuleNames[rule]);
                    }
                }

                if (isEligible)
                {
                    eligible[i]++;
                }

                row[columns.Eligible].Set(isEligible ? "true" : "false");
                if (columns.Score >= 0)
                {
                    if (buffer.Score is { } score)
                    {
                        row[columns.Score].Format(score);
                    }
                    else
                    {
                        row[columns.Score].Set("");
                    }
                }

                if (columns.Classification >= 0)
                {
                    row[columns.Classification].Set(buffer.Classification ?? "");
                }

                row[columns.Failed].Set(failed.AsSpan(0, length));
            }

            written++;
        }

        progress?.Invoke(read);
        return new ScreeningSummary
        {
            Read = read,
            Written = written,
            Rejected = rejected,
            RejectsPath = rejectsPath,
            Programmes = [.. programmes.Select((p, i) => new ProgrammeSummary(p.Name, p.Definition.Version, eligible[i],
                [.. p.TopLevelRuleNames.Select((r, j) => new KeyValuePair<string, long>(r, failures[i][j]))]))],
        };
    }

    private const int BatchSize = 1024;
    private const int BatchesInFlight = 4;

    /// <summary>The reader's records, parsed on a separate thread a few batches ahead of the caller.</summary>
    private static IEnumerable<ProfileRecord> Pipelined(ProfileCsvReader reader)
    {
        using var queue = new System.Collections.Concurrent.BlockingCollection<ProfileRecord[]>(BatchesInFlight);
        using var stop = new CancellationTokenSource();
        var producer = Task.Run(() =>
        {
            try
            {
                var batch = new ProfileRecord[BatchSize];
                var count = 0;
                foreach (var record in reader.ReadAll())
                {
                    batch[count++] = record;
                    if (count == BatchSize)
                    {
                        queue.Add(batch, stop.Token);
                        batch = new ProfileRecord[BatchSize];
                        count = 0;
                    }
                }

                if (count > 0)
                {
                    queue.Add(batch[..count], stop.Token);
                }
            }
            finally
            {
                queue.CompleteAdding();
            }
        });

        try
        {
            foreach (var batch in queue.GetConsumingEnumerable())
            {
                foreach (var record in batch)
                {
                    yield return record;
                }
            }
        }
        finally
        {
            // The consumer stopped early (an exception while writing): let the producer finish.
            stop.Cancel();
            try
            {
                producer.Wait();
            }
            catch (AggregateException ex) when (ex.InnerExceptions.All(e => e is OperationCanceledException))
            {
            }
        }

        // Surface a reading failure (IO, malformed input the parser cannot skip) to the caller.
        producer.GetAwaiter().GetResult();
    }

    private static int Append(ref char[] buffer, int length, string name)
    {
        var needed = length + name.Length + 1;
        if (needed > buffer.Length)
        {
            Array.Resize(ref buffer, Math.Max(needed, buffer.Length * 2));
        }

        if (length > 0)
        {
            buffer[length++] = ';';
        }

        name.CopyTo(buffer.AsSpan(length));
        return length + name.Length;
    }

    private static void Reject(SepWriter rejects, ProfileRecord record, IEnumerable<string> columns, IEnumerable<string> reasons)
    {
        using var row = rejects.NewRow();
        row["row"].Format(record.Row);
        row["line"].Format(record.Line);
        row["id"].Set(record.Id);
        row["column"].Set(string.Join(";", columns));
        row["reason"].Set(string.Join(" | ", reasons));
    }

    /// <summary>Column indices of the output, fixed once so rows are written by index.</summary>
    private sealed class OutputLayout
    {
        public OutputLayout(SepWriter writer, IReadOnlyList<CompiledProgramme> programmes)
        {
            var index = 0;
            writer.Header.Add("id");
            Id = index++;
            var columns = new List<ProgrammeColumns>();
            foreach (var programme in programmes)
            {
                var name = programme.Name;
                writer.Header.Add(name + ".eligible");
                var eligible = index++;
                var score = -1;
                var classification = -1;
                if (programme.Definition.ScoreParam is not null)
                {
                    writer.Header.Add(name + ".score");
                    score = index++;
                }

                if (programme.Definition.ClassificationParam is not null)
                {
                    writer.Header.Add(name + ".classification");
                    classification = index++;
                }

                writer.Header.Add(name + ".failed");
                columns.Add(new ProgrammeColumns(eligible, score, classification, index++));
            }

            Programmes = [.. columns];
        }

        public int Id { get; }

        public ImmutableArray<ProgrammeColumns> Programmes { get; }
    }

    private readonly record struct ProgrammeColumns(int Eligible, int Score, int Classification, int Failed);
}

using System.Collections.Immutable;
using System.Globalization;
using nietras.SeparatedValues;
using PolicyRules.Bulk;
using PolicyRules.Compilation;
using PolicyRules.Evaluation;
using PolicyRules.Input;
using PolicyRules.Model;
using PolicyRules.Output;

namespace PolicyRules.Gaps;

/// <summary>One enterprise of the reserve pool: what it fails and what it lacks.</summary>
public sealed record ReservePoolEntry
{
    /// <summary>1 for the enterprise that lacks least (see <see cref="ReservePool"/> for the order).</summary>
    public required int Rank { get; init; }

    /// <summary>The enterprise's id.</summary>
    public required string Id { get; init; }

    /// <summary>The enterprise's name, as the input gives it (empty when the input has none).</summary>
    public string Name { get; init; } = "";

    /// <summary>Its position among the enterprises considered (0-based), the last tie-breaker.</summary>
    public required long InputIndex { get; init; }

    /// <summary>The failed top-level criteria, in criterion order.</summary>
    public required ImmutableArray<CriterionGap> Gaps { get; init; }

    /// <summary>How many failed criteria no change of a single number meets.</summary>
    public int NotClosable => Gaps.Count(g => !g.Closable);

    /// <summary>
    /// Over the failed criteria, the largest of each one's distance: its smallest relative change among
    /// the alternatives that break no other criterion, taken among the rises (<see cref="GapLever.Rises"/>)
    /// when there is such a rise, else among the cuts; null when some criterion has none (not closable,
    /// only changes from zero, or only changes that break another criterion).
    /// </summary>
    public decimal? LargestRelativeChange { get; init; }
}

/// <summary>What a reserve-pool run did: every row read is eligible, in the pool, too far or rejected.</summary>
public sealed record ReservePoolSummary
{
    /// <summary>Data rows read.</summary>
    public required long Read { get; init; }

    /// <summary>Rows that already meet every criterion (not in the pool).</summary>
    public required long Eligible { get; init; }

    /// <summary>Rows written to the pool: failing at least one and at most <see cref="ReservePoolOptions.MaxFailed"/> criteria.</summary>
    public required long Pooled { get; init; }

    /// <summary>Rows failing more criteria than <see cref="ReservePoolOptions.MaxFailed"/>.</summary>
    public required long TooFar { get; init; }

    /// <summary>Rows written to the rejects file.</summary>
    public required long Rejected { get; init; }

    /// <summary>The rejects file.</summary>
    public required string RejectsPath { get; init; }
}

/// <summary>How <see cref="ReservePool.Run"/> selects and reads.</summary>
public sealed record ReservePoolOptions
{
    /// <summary>Enterprises failing more top-level criteria than this stay out of the pool (default 2).</summary>
    public int MaxFailed { get; init; } = 2;

    /// <summary>Stop at the first unreadable row (throwing its errors) instead of writing it to the rejects file.</summary>
    public bool FailFast { get; init; }

    /// <summary>How the input file is read (encoding, worksheet); defaults detect the encoding and read the first sheet.</summary>
    public ProfileReadOptions Input { get; init; } = ProfileReadOptions.Default;

    /// <summary>Read, parse and analyse gaps on every core (the shared <see cref="RecordLoop{TSlot}"/>); the pool is the same either way.</summary>
    public bool Parallel { get; init; } = true;

    /// <summary>
    /// Write text cells (ids, names, criteria, gaps, reasons) exactly as read, even when a spreadsheet
    /// would run them as formulas; by default such cells get a leading apostrophe (<see cref="SpreadsheetText"/>).
    /// </summary>
    public bool RawText { get; init; }

    /// <summary>Bytes of pool rows held in memory before a sorted run goes to a temporary file beside the output (<see cref="PoolSorter"/>).</summary>
    internal long SortBudget { get; init; } = 16L << 20;
}

/// <summary>
/// The plan's high-tech reserve pool (高企后备库, programmes.md §3) for any programme: the enterprises
/// that fail it on at most N criteria, each with its gaps (<see cref="GapAnalyser"/>), those that lack
/// least first.
/// </summary>
/// <remarks>
/// <para>Order (rank 1 first):</para>
/// <list type="number">
/// <item>fewer failed criteria;</item>
/// <item>fewer failed criteria that no single number closes (yes/no facts such as a certificate);</item>
/// <item>smaller largest relative change: for each failed criterion take its smallest relative change
/// (|change| / current value) among the alternatives that break no other criterion — among the rises
/// (more R&amp;D, more S&amp;T staff, a better rank) when there is one, and only otherwise among the cuts
/// (fewer staff, less revenue), as the gap report lists rises first — then the largest of those over
/// the enterprise's failed criteria: "how far is its hardest gap"; a criterion without such an
/// alternative, or with only changes from zero, counts as infinitely far;</item>
/// <item>input order.</item>
/// </list>
/// <para>
/// Output (CSV): <c>rank,id,failedCount,notClosable,largestRelativeChange,failed,gapsZh,gapsEn</c>;
/// <c>largestRelativeChange</c> is a fraction (0.0133 = 1.33%), empty when infinite; <c>failed</c>
/// joins rule names with <c>;</c>; the gap columns join one line per criterion
/// (<see cref="GapText.OneLine"/>) with <c> | </c>. Unreadable rows, and rows an expression cannot
/// evaluate, go to <c>&lt;output&gt;.rejects.csv</c> as in screening (<see cref="RejectsFile"/>), so
/// read = eligible + pooled + too far + rejected.
/// </para>
/// </remarks>
public static class ReservePool
{
    /// <summary>The enterprises of <paramref name="profiles"/> that fail <paramref name="programme"/> on 1 to <paramref name="maxFailed"/> criteria, ranked.</summary>
    /// <exception cref="RuleEvaluationException">An expression failed on a profile.</exception>
    public static ImmutableArray<ReservePoolEntry> Select(CompiledProgramme programme, IEnumerable<EnterpriseProfile> profiles, DateOnly asOf, int maxFailed = 2)
    {
        ArgumentNullException.ThrowIfNull(programme);
        ArgumentNullException.ThrowIfNull(profiles);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxFailed, 1);
        var buffer = programme.CreateBuffer();
        var entries = new List<ReservePoolEntry>();
        long index = 0;
        foreach (var profile in profiles)
        {
            if (Consider(programme, profile, asOf, maxFailed, buffer, index++, out _) is { } entry)
            {
                entries.Add(entry);
            }
        }

        return Ranked(entries);
    }

    /// <summary>Reads enterprises from a file (CSV, or Parquet by extension), writes the ranked pool as CSV and unreadable rows to the rejects file.</summary>
    /// <exception cref="ProfileInputException">
    /// The input lacks a column the programme needs; or, with <see cref="ReservePoolOptions.FailFast"/>, the first unreadable row.
    /// </exception>
    public static ReservePoolSummary Run(string inputPath, string outputPath, CompiledProgramme programme, DateOnly asOf, ReservePoolOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(inputPath);
        ArgumentNullException.ThrowIfNull(outputPath);
        ArgumentNullException.ThrowIfNull(programme);
        options ??= new ReservePoolOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxFailed, 1, nameof(options));

        // Both outputs are checked against the input before anything is read, and appear only when the pool is complete.
        var rejectsPath = RejectsFile.PathFor(outputPath);
        using var outputs = new OutputFiles([inputPath]);
        var outputStream = outputs.Create(outputPath);
        var rejectsStream = outputs.Create(rejectsPath);
        var fields = programme.FieldsRead(asOf);
        using var input = ProfileReaders.Open(inputPath, RecordSchema.Enterprise, fields, fields.With(RecordSchema.Enterprise.NameField!), options.Input);
        // The pool is sorted in bounded memory (runs on disk past the budget), as rows of text: the gap
        // analyses themselves are dropped on the worker that made them.
        using var pool = new PoolSorter(options.SortBudget, outputPath);
        long eligible = 0, tooFar = 0;
        RecordLoop<PoolSlot>.Counts counts;
        using (var rejects = RejectsFile.Open(rejectsStream))
        {
            // The gap analyses, the costly part, run on the workers; the pool is assembled in input order.
            var loop = new RecordLoop<PoolSlot>
            {
                NewSlot = static () => new PoolSlot(),
                NewEvaluator = () =>
                {
                    var buffer = programme.CreateBuffer();
                    return (record, index, slot) => slot.Row = Consider(programme, record.Profile!, asOf, options.MaxFailed, buffer, index, out slot.Eligible) is { } entry ? PoolRow.Of(entry) : null;
                },
                Parallelism = options.Parallel ? Environment.ProcessorCount : 0,
                FailFast = options.FailFast,
                UniqueIdColumn = RecordSchema.Enterprise.IdField.Name,
                Accept = (_, _, slot) =>
                {
                    if (slot.Row is { } row)
                    {
                        pool.Add(row);
                    }
                    else if (slot.Eligible)
                    {
                        eligible++;
                    }
                    else
                    {
                        tooFar++;
                    }
                },
                Reject = (record, column, reason) => RejectsFile.Write(rejects, record, column, reason, options.RawText),
            };
            counts = loop.Run(input);
        }

        var rank = 0;
        using (var writer = Sep.New(',').Writer(o => o with { Escape = true, CultureInfo = CultureInfo.InvariantCulture }).To(outputStream))
        {
            foreach (var name in (string[])["rank", "id", "name", "failedCount", "notClosable", "largestRelativeChange", "failed", "gapsZh", "gapsEn"])
            {
                writer.Header.Add(name);
            }

            foreach (var entry in pool.Sorted())
            {
                using var row = writer.NewRow();
                row["rank"].Format(++rank);
                SpreadsheetText.Set(row["id"], entry.Id, options.RawText);
                SpreadsheetText.Set(row["name"], entry.Name, options.RawText);
                row["failedCount"].Format(entry.Key.Failed);
                row["notClosable"].Format(entry.Key.NotClosable);
                row["largestRelativeChange"].Set(entry.Key.Largest is { } largest
                    ? Math.Round(largest, 4, MidpointRounding.ToPositiveInfinity).ToString("0.####", CultureInfo.InvariantCulture)
                    : "");
                SpreadsheetText.Set(row["failed"], entry.Failed, options.RawText);
                SpreadsheetText.Set(row["gapsZh"], entry.GapsZh, options.RawText);
                SpreadsheetText.Set(row["gapsEn"], entry.GapsEn, options.RawText);
            }
        }

        outputs.Commit();
        return new ReservePoolSummary
        {
            Read = counts.Read,
            Eligible = eligible,
            Pooled = rank,
            TooFar = tooFar,
            Rejected = counts.Rejected,
            RejectsPath = rejectsPath,
        };
    }

    /// <summary>The pool entry of one enterprise, or null when it is eligible or fails more than <paramref name="maxFailed"/> criteria.</summary>
    private static ReservePoolEntry? Consider(CompiledProgramme programme, EnterpriseProfile profile, DateOnly asOf, int maxFailed, ScreeningBuffer buffer, long index, out bool eligible)
    {
        eligible = programme.Screen(profile, asOf, buffer);
        if (eligible)
        {
            return null;
        }

        if (FailedCriteria.CountIn(programme, buffer) > maxFailed)
        {
            return null;
        }

        return Entry(programme, profile, asOf, index);
    }

    /// <summary>The unranked pool entry of a profile that fails <paramref name="programme"/>: its gaps and hardest gap.</summary>
    internal static ReservePoolEntry Entry(CompiledProgramme programme, EnterpriseProfile profile, DateOnly asOf, long index)
    {
        var gaps = GapAnalyser.Analyse(programme, profile, asOf);
        return new ReservePoolEntry { Rank = 0, Id = profile.Id, Name = profile.Name, InputIndex = index, Gaps = gaps, LargestRelativeChange = Largest(gaps) };
    }

    private static decimal? Largest(ImmutableArray<CriterionGap> gaps)
    {
        decimal largest = 0;
        foreach (var gap in gaps)
        {
            // Measured as the report advises: by a rise when one is clean and has a size, a cut only otherwise.
            var clean = gap.Levers.Where(l => l.NewlyFailed.IsEmpty && l.RelativeChange is not null).ToList();
            var best = (clean.Exists(l => l.Rises) ? clean.Where(l => l.Rises) : clean).Min(l => l.RelativeChange);
            if (best is not { } value)
            {
                return null;
            }

            largest = Math.Max(largest, value);
        }

        return largest;
    }

    private static ImmutableArray<ReservePoolEntry> Ranked(List<ReservePoolEntry> entries)
    {
        entries.Sort(Order);
        return [.. entries.Select((e, i) => e with { Rank = i + 1 })];
    }

    /// <summary>The pool's order (see the remarks of <see cref="ReservePool"/>): those lacking least first, then input order.</summary>
    internal static IComparer<ReservePoolEntry> Order { get; } = Comparer<ReservePoolEntry>.Create(static (a, b) => PoolKey.Of(a).CompareTo(PoolKey.Of(b)));
}

/// <summary>One row's pool outcome, from a worker to the in-order stage.</summary>
internal sealed class PoolSlot
{
    public PoolRow? Row;
    public bool Eligible;
}

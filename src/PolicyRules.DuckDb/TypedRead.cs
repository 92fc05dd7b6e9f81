using DuckDB.NET.Data;
using PolicyRules.Input;
using PolicyRules.Screening;

namespace PolicyRules.DuckDb;

/// <summary>
/// <c>screen --engine duckdb</c> over a CSV file whose date, count and number columns DuckDB may read
/// typed (<see cref="PlainColumn"/>): checking every text's shape in the query cost more than the
/// criteria (a regular expression per value). Whether every such cell is plain is decided by
/// <see cref="PlainCells"/> on another thread, after the preflight (<see cref="CsvPreflight"/>), while
/// the typed query already runs with DuckDB's default line limit; its outputs are committed only once
/// the answer is yes (the preflight passed, no longer line, every cell plain). A refusal of the
/// preflight is the run's error, whatever the typed query met first. On no — or should the typed query fail or disagree with
/// this library's reader while the answer is no — its files are dropped and the caller runs the query
/// that checks every text (the same results, slower). Written to a stream, or to an application's sinks
/// (<see cref="ScreeningOptions.Sinks"/>, each made once per run), which cannot be taken back, the typed
/// query waits for the answer instead.
/// </summary>
/// <remarks>
/// A file that takes the checked query after all is read twice in part, and the progress shown starts
/// again from 0: the price of not waiting for the check on the common, clean file.
/// </remarks>
internal sealed class TypedRead : IDisposable
{
    private readonly CancellationTokenSource _stop;
    private readonly Task<bool> _answer;

    private TypedRead(CancellationTokenSource stop, Task<bool> answer)
    {
        _stop = stop;
        _answer = answer;
    }

    /// <summary>
    /// Starts the check of <paramref name="inputPath"/>'s <paramref name="typed"/> columns on another
    /// thread, once <paramref name="preflight"/> (running) has passed — or, <paramref name="sideBySide"/>,
    /// beside it, when nothing else runs until the answer comes (a typed query that cannot speculate): the
    /// answer is yes only when the preflight passed with no line longer than DuckDB's default limit (the
    /// typed query's) and every cell is plain; a refusal of the preflight is the run's error. One after the
    /// other, the two passes leave DuckDB's speculating query the other core.
    /// </summary>
    public static TypedRead Start(string inputPath, IReadOnlyDictionary<string, PlainColumn> typed, Task<CsvPreflight.Shape> preflight, bool sideBySide = false)
    {
        var stop = new CancellationTokenSource();
        if (sideBySide)
        {
            var plain = Task.Run(() => PlainCells.Check(inputPath, typed, stop.Token), stop.Token);
            return new TypedRead(stop, Task.Run(async () =>
            {
                await Task.WhenAll(preflight, plain).ConfigureAwait(false); // both done (the file no longer read); the preflight's error first
                return WithinDefaultLine(await preflight.ConfigureAwait(false)) && await plain.ConfigureAwait(false);
            }));
        }

        return new TypedRead(stop, Task.Run(() => WithinDefaultLine(preflight.GetAwaiter().GetResult()) && PlainCells.Check(inputPath, typed, stop.Token), stop.Token));
    }

    /// <summary>A decision on <paramref name="answer"/>, the check's answer given, with the preflight's (a test seam: the answer's timing in a whole run).</summary>
    internal static TypedRead Given(Task<bool> answer, Task<CsvPreflight.Shape> preflight) =>
        new(new CancellationTokenSource(), Task.Run(async () => WithinDefaultLine(await preflight.ConfigureAwait(false)) && await answer.ConfigureAwait(false)));

    private static bool WithinDefaultLine(CsvPreflight.Shape shape) => shape.MaxLineSize == CsvPreflight.DuckDbDefaultMaxLineSize;

    /// <summary>
    /// Runs <paramref name="run"/> (the typed query, given the progress to report and the check to make
    /// before committing its files) when the file's cells allow it; null when the checked query must run.
    /// </summary>
    public ScreeningSummary? Screen(bool speculate, Action<long>? progress, Func<Action<long>, Action, ScreeningSummary> run) =>
        Screen(_answer, speculate, progress, run);

    /// <summary>Stops the check if it still runs, and waits for it: the file is not read after the run.</summary>
    public void Dispose()
    {
        _stop.Cancel();
        try
        {
            _answer.Wait(CancellationToken.None);
        }
        catch (AggregateException)
        {
            // cancelled, or the file's own error, which the checked query reports
        }

        _stop.Dispose();
    }

    /// <summary>As <see cref="Screen(bool, Action{long}, Func{Action{long}, Action, ScreeningSummary})"/>, given the check's answer to come (a test seam: the answer's timing).</summary>
    internal static ScreeningSummary? Screen(Task<bool> check, bool speculate, Action<long>? progress, Func<Action<long>, Action, ScreeningSummary> run)
    {
        try
        {
            if ((!speculate || check.IsCompleted) && !Plain(check))
            {
                return null; // told already: a file with an unusual cell near its start runs no typed query
            }

            void Progressed(long written)
            {
                if (check.IsCompleted && !Plain(check))
                {
                    throw new OperationCanceledException("A cell is not plain: the checked query runs instead.");
                }

                progress?.Invoke(written);
            }

            return run(Progressed, () =>
            {
                if (!Plain(check))
                {
                    throw new OperationCanceledException("A cell is not plain: the checked query runs instead.");
                }
            });
        }
        catch (Exception ex) when (ex is OperationCanceledException or DuckDBException or ProfileInputException)
        {
            // A refusal of the preflight, which Plain throws, is the run's error: its own words, not DuckDB's.
            if (Plain(check))
            {
                throw;
            }

            return null; // the files of the typed query were never committed
        }
    }

    /// <summary>The check's answer; a file it could not read takes the checked query, which reports why.</summary>
    private static bool Plain(Task<bool> check)
    {
        try
        {
            return check.GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or OperationCanceledException)
        {
            return false;
        }
    }
}

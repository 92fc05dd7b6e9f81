using DuckDB.NET.Data;
using PolicyRules.Input;
using PolicyRules.Screening;

namespace PolicyRules.DuckDb;

/// <summary>
/// <c>screen --engine duckdb</c> over a CSV file whose date, count and number columns DuckDB may read
/// typed (<see cref="PlainColumn"/>): checking every text's shape in the query cost more than the
/// criteria (a regular expression per value). Whether every such cell is plain is decided by
/// <see cref="PlainCells"/> on another thread while the typed query already runs; its outputs are
/// committed only once the answer is yes. On no — or should the typed query fail or disagree with
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

    /// <summary>Starts the check of <paramref name="inputPath"/>'s <paramref name="typed"/> columns on another thread (before the preflight, which it overlaps).</summary>
    public static TypedRead Start(string inputPath, IReadOnlyDictionary<string, PlainColumn> typed)
    {
        var stop = new CancellationTokenSource();
        return new TypedRead(stop, Task.Run(() => PlainCells.Check(inputPath, typed, stop.Token), stop.Token));
    }

    /// <summary>A decision on <paramref name="answer"/>, the check's answer given (a test seam: the answer's timing in a whole run).</summary>
    internal static TypedRead Given(Task<bool> answer) => new(new CancellationTokenSource(), answer);

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
        catch (Exception ex) when (ex is OperationCanceledException or DuckDBException or ProfileInputException && !Plain(check))
        {
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

namespace PolicyRules.Extensions.DependencyInjection;

/// <summary>
/// Runs an action once a stream of signals has been quiet for a while: every signal (re)starts the
/// countdown, so a burst of file events gives one reload after the burst. A signal that arrives
/// while the action runs starts a new countdown, so nothing written during a reload is missed.
/// </summary>
internal sealed class Debouncer : IDisposable
{
    private readonly TimeSpan _quiet;
    private readonly ITimer _timer;
    private readonly Lock _gate = new();
    private bool _disposed;
    private long _signals;

    public Debouncer(TimeSpan quiet, TimeProvider time, Action action)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(action);
        _quiet = quiet;
        _timer = time.CreateTimer(_ => action(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>How many signals have (re)started the countdown (for tests: a watcher event has arrived).</summary>
    public long Signals => Interlocked.Read(ref _signals);

    /// <summary>(Re)starts the countdown; ignored once disposed.</summary>
    public void Signal()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _timer.Change(_quiet, Timeout.InfiniteTimeSpan);
            Interlocked.Increment(ref _signals); // after Change: whoever sees the count sees the countdown running

        }
    }

    /// <summary>Cancels a pending countdown; an action already running finishes.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _timer.Dispose();
        }
    }
}

using System.Globalization;

namespace PolicyRules.Cli;

/// <summary>
/// Progress for runs without a terminal (a pipe, a log file, a scheduler): a line on standard error
/// with the rows read, the elapsed time and rows per second, at most once per interval — never per row.
/// </summary>
/// <param name="stderr">Where the lines go.</param>
/// <param name="interval">The least time between two lines (zero: a line at every report, every few thousand rows).</param>
/// <param name="elapsed">The time since the run started (a stopwatch; tests may pass their own clock).</param>
internal sealed class ScreeningProgress(TextWriter stderr, TimeSpan interval, Func<TimeSpan> elapsed)
{
    public const double DefaultIntervalSeconds = 10;

    private TimeSpan _last = TimeSpan.Zero;

    /// <summary>Called by the screening with the rows read so far.</summary>
    public void Report(long rows)
    {
        var now = elapsed();
        if (now - _last < interval)
        {
            return;
        }

        _last = now;
        var rate = rows / Math.Max(now.TotalSeconds, 0.001);
        stderr.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"进度 Progress: {rows:N0} 行 rows · 用时 elapsed {now:hh\\:mm\\:ss} · {rate:N0} 行/秒 rows/s"));
    }
}

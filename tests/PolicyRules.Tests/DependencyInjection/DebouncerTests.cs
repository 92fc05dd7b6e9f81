using Microsoft.Extensions.Time.Testing;
using PolicyRules.Extensions.DependencyInjection;

namespace PolicyRules.Tests.DependencyInjection;

/// <summary>The countdown behind hot reload, on a fake clock: one action per quiet period after a burst.</summary>
public sealed class DebouncerTests
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(300);

    [Fact]
    public void A_burst_runs_the_action_once_after_the_last_signal()
    {
        var clock = new FakeTimeProvider();
        var runs = 0;
        using var debouncer = new Debouncer(Quiet, clock, () => runs++);

        for (var i = 0; i < 10; i++)
        {
            debouncer.Signal();
            clock.Advance(TimeSpan.FromMilliseconds(200)); // each signal restarts the countdown
        }

        Assert.Equal(0, runs);
        clock.Advance(TimeSpan.FromMilliseconds(99));
        Assert.Equal(0, runs);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, runs);
        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(1, runs);
        Assert.Equal(10, debouncer.Signals);
    }

    [Fact]
    public void A_signal_during_the_action_runs_it_again_after_another_quiet_period()
    {
        var clock = new FakeTimeProvider();
        var runs = 0;
        Debouncer? debouncer = null;
        debouncer = new Debouncer(Quiet, clock, () =>
        {
            if (++runs == 1)
            {
                debouncer!.Signal(); // a file written while the reload reads the folder
            }
        });
        using (debouncer)
        {
            debouncer.Signal();
            clock.Advance(Quiet);
            Assert.Equal(1, runs);
            clock.Advance(Quiet);
            Assert.Equal(2, runs);
        }
    }

    [Fact]
    public void Disposing_cancels_a_pending_countdown_and_ignores_later_signals()
    {
        var clock = new FakeTimeProvider();
        var runs = 0;
        var debouncer = new Debouncer(Quiet, clock, () => runs++);
        debouncer.Signal();
        debouncer.Dispose();
        debouncer.Signal();
        clock.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(0, runs);
        Assert.Equal(1, debouncer.Signals);
        debouncer.Dispose(); // twice is fine
    }
}

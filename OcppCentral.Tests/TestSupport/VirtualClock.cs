using Microsoft.Extensions.Time.Testing;

namespace OcppCentral.Tests.TestSupport;

/// <summary>
/// Virtual time for the in-process server and the simulator's chargers: a <see cref="FakeTimeProvider"/> that starts
/// at the real now (whole milliseconds, as the server stores times) and moves only when a test moves it, either one
/// explicit <see cref="FakeTimeProvider.Advance"/> or, for a simulated charger's whole run, <see cref="RunAsync{T}"/>.
/// </summary>
public sealed class VirtualClock : FakeTimeProvider
{
    /// <summary>How far one step of <see cref="RunAsync{T}"/> moves the clock: a tenth of the quickest simulated interval.</summary>
    public static readonly TimeSpan Step = TimeSpan.FromMilliseconds(100);

    private readonly Lock _gate = new();
    private int _running;
    private bool _pumping;

    public VirtualClock()
        : base(DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()))
    {
    }

    /// <summary>
    /// Moves the clock on while <paramref name="work"/> runs, <see cref="Step"/> at a time. The network and the server
    /// still run in real time, so a step is taken only after the real world had a turn (one pass through the timer
    /// queue, about a millisecond): the charger's timers then fire in their order, never all at once. Runs started
    /// together share one pump, so the clock moves no faster with several of them.
    /// </summary>
    public async Task<T> RunAsync<T>(Task<T> work)
    {
        await RunAsync((Task)work);
        return await work;
    }

    /// <inheritdoc cref="RunAsync{T}"/>
    public async Task RunAsync(Task work)
    {
        lock (_gate)
        {
            _running++;
            if (!_pumping)
            {
                _pumping = true;
                _ = PumpAsync();
            }
        }
        try
        {
            await work.ConfigureAwait(false);
        }
        finally
        {
            lock (_gate)
                _running--;
        }
    }

    private async Task PumpAsync()
    {
        while (true)
        {
            // Real time on purpose: this is the pace of the virtual clock, not a wait for an event.
            await Task.Delay(TimeSpan.FromMilliseconds(1), TimeProvider.System).ConfigureAwait(false);
            lock (_gate)
            {
                if (_running == 0)
                {
                    _pumping = false;
                    return;
                }
            }
            Advance(Step);
        }
    }
}

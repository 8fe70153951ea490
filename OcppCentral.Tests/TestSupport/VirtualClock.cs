using Microsoft.Extensions.Time.Testing;

namespace OcppCentral.Tests.TestSupport;

/// <summary>
/// Virtual time for the in-process server and the simulator's chargers: a <see cref="FakeTimeProvider"/> that starts
/// at the real now (whole milliseconds, as the server stores times) and moves only when a test moves it, either one
/// explicit <see cref="FakeTimeProvider.Advance"/> or, for a simulated charger's whole run, <see cref="RunAsync{T}"/>.
/// </summary>
public sealed class VirtualClock : FakeTimeProvider
{
    /// <summary>How far one step of <see cref="RunAsync{T}"/> moves the clock: small against a simulated charger's one-second meter interval.</summary>
    public static readonly TimeSpan Step = TimeSpan.FromMilliseconds(100);

    private readonly Lock _gate = new();
    private int _running;
    private Task? _pump;

    public VirtualClock()
        : base(DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()))
    {
    }

    /// <summary>
    /// Moves the clock on while <paramref name="work"/> runs, <see cref="Step"/> at a time. The network and the server
    /// still run in real time, so a step is taken only after the real world had a turn (about a millisecond): the
    /// charger's timers fire one by one in their order, and a message in flight sees the clock move at most about
    /// 100 times faster than real time (a clock-skew check with minutes of margin holds unless a message takes
    /// seconds). Everything the charger sends carries the virtual time, so the pace changes no result. Runs at the
    /// same time share one pump, so the clock moves no faster with several of them.
    /// </summary>
    public async Task<T> RunAsync<T>(Task<T> work)
    {
        await RunAsync((Task)work);
        return await work;
    }

    /// <inheritdoc cref="RunAsync{T}"/>
    public async Task RunAsync(Task work)
    {
        Task pump;
        lock (_gate)
        {
            _running++;
            pump = _pump ??= PumpAsync();
        }
        try
        {
            // A timer callback that throws stops the pump: that failure is the test's, not a hang until CancelAfter.
            if (await Task.WhenAny(work, pump).ConfigureAwait(false) == pump)
                await pump.ConfigureAwait(false);
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
        try
        {
            while (true)
            {
                // Real time on purpose: this is the pace of the virtual clock, not a wait for an event.
                await Task.Delay(TimeSpan.FromMilliseconds(1), TimeProvider.System).ConfigureAwait(false);
                lock (_gate)
                {
                    if (_running == 0)
                    {
                        _pump = null;
                        return;
                    }
                }
                Advance(Step);
            }
        }
        catch
        {
            lock (_gate)
                _pump = null;
            throw;
        }
    }
}

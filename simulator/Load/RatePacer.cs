namespace ChargeMonitor.Simulator.Load;

/// <summary>
/// Spreads calls evenly over time for <c>--rate</c>: the k-th call overall is due k/rate seconds after the start,
/// whichever charger sends it. A charger that falls behind sends at once, so the total keeps the rate while the server can.
/// </summary>
public sealed class RatePacer(double callsPerSecond, TimeProvider time)
{
    private readonly long _start = time.GetTimestamp();
    private long _next = -1;

    public static TimeSpan DueOffset(long slot, double callsPerSecond) => TimeSpan.FromSeconds(slot / callsPerSecond);

    public async Task WaitTurnAsync(CancellationToken ct)
    {
        var slot = Interlocked.Increment(ref _next);
        var wait = DueOffset(slot, callsPerSecond) - time.GetElapsedTime(_start);
        if (wait > TimeSpan.Zero)
            await Task.Delay(wait, time, ct).ConfigureAwait(false);
    }
}

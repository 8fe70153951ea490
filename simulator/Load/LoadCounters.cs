namespace ChargeMonitor.Simulator.Load;

/// <summary>Totals every load charger adds to, without locks, and the moment the measured window began.</summary>
internal sealed class LoadCounters
{
    /// <summary>Every acknowledged MeterValues of the run, warm-up included.</summary>
    public long Acknowledged;

    /// <summary>Acknowledged MeterValues that were sent inside the measured window (see <see cref="IsMeasured"/>).</summary>
    public long MeasuredAcknowledged;

    public long CallErrors;
    public long Timeouts;
    public long ConnectErrors;
    public long Disconnects;
    public long Connected;

    /// <summary>Calls of the server the chargers answered (the display read after each boot).</summary>
    public long ServerCallsAnswered;

    // A TimeProvider timestamp; long.MaxValue while the window has not begun, so no call is measured before it.
    private long _measuringSince = long.MaxValue;

    public static long Read(ref long counter) => Interlocked.Read(ref counter);

    /// <summary>Opens the measured window at <paramref name="timestamp"/>; called once, when the warm-up ends.</summary>
    public void StartMeasuring(long timestamp) => Interlocked.Exchange(ref _measuringSince, timestamp);

    /// <summary>Whether a call sent at the timestamp <paramref name="sent"/> belongs to the measured window.</summary>
    public bool IsMeasured(long sent) => sent >= Interlocked.Read(ref _measuringSince);
}

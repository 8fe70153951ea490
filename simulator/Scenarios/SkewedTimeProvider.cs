namespace ChargeMonitor.Simulator.Scenarios;

/// <summary>
/// A charger clock that is off by <see cref="Offset"/> (the clock-skew scenario). Only the wall-clock reading is
/// shifted; timers and elapsed time run at the inner provider's pace, as a wrong but ticking clock does.
/// </summary>
public sealed class SkewedTimeProvider(TimeProvider inner, TimeSpan offset) : TimeProvider
{
    public TimeSpan Offset => offset;

    public override DateTimeOffset GetUtcNow() => inner.GetUtcNow() + offset;

    public override TimeZoneInfo LocalTimeZone => inner.LocalTimeZone;

    public override long TimestampFrequency => inner.TimestampFrequency;

    public override long GetTimestamp() => inner.GetTimestamp();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        inner.CreateTimer(callback, state, dueTime, period);
}

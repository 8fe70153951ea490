namespace OcppCentral.Transport;

/// <summary>
/// Counts a charger's bad frames (unparsable, or refused with a CALLERROR) over a sliding minute. A flood is a
/// broken or hostile client and is disconnected; a charger with one buggy message type stays well under a
/// generous limit and keeps working (docs/ocpp-endpoint.md, <see cref="OcppTransportOptions.MaxBadFramesPerMinute"/>).
/// The receive loop and the answers of the CALLs in hand add to it at the same time, so it locks.
/// </summary>
public sealed class BadFrameWindow(int maxPerMinute, TimeProvider time)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly Queue<DateTimeOffset> _seen = new();
    private readonly Lock _lock = new();

    /// <summary>Records one bad frame.</summary>
    /// <returns>True when the frames of the last minute are now above the limit.</returns>
    public bool Add()
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            while (_seen.Count > 0 && now - _seen.Peek() >= Window)
                _seen.Dequeue();
            _seen.Enqueue(now);
            return _seen.Count > maxPerMinute;
        }
    }
}

namespace OcppCentral.Transport;

/// <summary>
/// Counts a charger's bad frames (unparsable, or refused with a CALLERROR) over a sliding minute. A flood is a
/// broken or hostile client and is disconnected; a charger with one buggy message type stays well under a
/// generous limit and keeps working (SPEC 3, <see cref="OcppTransportOptions.MaxBadFramesPerMinute"/>).
/// Used by one receive loop only, so it needs no locking.
/// </summary>
public sealed class BadFrameWindow(int maxPerMinute, TimeProvider time)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly Queue<DateTimeOffset> _seen = new();

    /// <summary>Records one bad frame.</summary>
    /// <returns>True when the frames of the last minute are now above the limit.</returns>
    public bool Add()
    {
        var now = time.GetUtcNow();
        while (_seen.Count > 0 && now - _seen.Peek() >= Window)
            _seen.Dequeue();
        _seen.Enqueue(now);
        return _seen.Count > maxPerMinute;
    }
}

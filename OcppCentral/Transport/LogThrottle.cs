namespace OcppCentral.Transport;

/// <summary>
/// Lets one log line through per interval and counts the ones it holds back, so a charger repeating the same mistake
/// costs a line a minute, not a line a frame. Used by one receive loop only, so it needs no locking.
/// </summary>
public sealed class LogThrottle(TimeSpan interval, TimeProvider time)
{
    private DateTimeOffset _next = DateTimeOffset.MinValue;
    private int _heldBack;

    /// <returns>True when this one is to be logged; <paramref name="heldBack"/> then counts those held back since the last.</returns>
    public bool TryPass(out int heldBack)
    {
        var now = time.GetUtcNow();
        if (now < _next)
        {
            _heldBack++;
            heldBack = 0;
            return false;
        }
        heldBack = _heldBack;
        _heldBack = 0;
        _next = now + interval;
        return true;
    }
}

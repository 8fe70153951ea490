namespace ChargeMonitor.Simulator.Chargers;

/// <summary>
/// Errors a charger met, thread-safe. A failure that repeats (the same refused reconnect every 30 s) is kept
/// once, and the list is capped, so a long run against a dead server stays readable.
/// </summary>
internal sealed class ErrorLog
{
    private const int Cap = 200;
    private readonly Lock _gate = new();
    private readonly List<string> _errors = [];
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    /// <summary>Distinct errors kept, as the report lists them.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
                return _errors.Count;
        }
    }

    public void Add(string error)
    {
        lock (_gate)
        {
            if (_errors.Count < Cap && _seen.Add(error))
                _errors.Add(error);
        }
    }

    public IReadOnlyList<string> Snapshot()
    {
        lock (_gate)
            return _errors.ToList();
    }
}

namespace OcppCentral.Cluster;

/// <summary>
/// Timings of several instances on one PostgreSQL database (section <c>Cluster</c>, docs/deployment.md). Every default is
/// stated here; none of it applies on SQLite.
/// </summary>
public sealed class ClusterOptions
{
    /// <summary>
    /// How often an instance records that it is alive, and sweeps for what a lost notification would have told it (a charger
    /// that moved, a command routed to it, an answer it waits for, an instance that died). Default 5 s; 100 ms to 5 minutes.
    /// </summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long an instance may go without a heartbeat before the others count it dead: the chargers it held are then held
    /// nowhere, and the commands routed to it end. Default 30 s; at least three heartbeat intervals.
    /// </summary>
    public TimeSpan InstanceTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <returns>What is wrong with these settings, or null.</returns>
    public string? Problem()
    {
        if (HeartbeatInterval < TimeSpan.FromMilliseconds(100) || HeartbeatInterval > TimeSpan.FromMinutes(5))
            return "Cluster:HeartbeatInterval must be between 100 ms and 5 minutes";
        if (InstanceTimeout < 3 * HeartbeatInterval)
            return "Cluster:InstanceTimeout must be at least three times Cluster:HeartbeatInterval";
        return null;
    }
}

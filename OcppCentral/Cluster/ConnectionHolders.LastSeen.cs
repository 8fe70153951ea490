using System.Collections.Concurrent;
using OcppCentral.Transport;

namespace OcppCentral.Cluster;

/// <summary>
/// <c>lastSeen</c> across instances (docs/deployment.md): a connection keeps the time of its charger's last message in memory,
/// which only its own instance sees. At each heartbeat the holder stores it for the chargers it has heard from since the last
/// one, in one write for all of them, so every instance reads a lastSeen at most about one
/// <see cref="ClusterOptions.HeartbeatInterval"/> old, and nothing is written per message.
/// </summary>
public sealed partial class ConnectionHolders
{
    // What was last stored for each connection here (in Unix milliseconds).
    private readonly ConcurrentDictionary<ChargerConnection, long> _storedSeenMs = new();

    /// <summary>Stores the lastSeen of the chargers connected here that sent something since it was last stored.</summary>
    public async Task RecordLastSeenAsync(CancellationToken ct)
    {
        if (!instance.Shared)
            return;
        var ids = new List<string>();
        var seenMs = new List<long>();
        var connections = new List<ChargerConnection>();
        foreach (var id in registry.ConnectedIds)
        {
            if (!registry.TryGet(id, out var connection))
                continue;
            var ms = connection.LastSeen.ToUnixTimeMilliseconds();
            if (ms > _storedSeenMs.GetValueOrDefault(connection))
            {
                ids.Add(id);
                seenMs.Add(ms);
                connections.Add(connection);
            }
        }
        // Departed connections are forgotten here (their departure stores their lastSeen itself).
        foreach (var connection in _storedSeenMs.Keys)
        {
            if (!registry.TryGet(connection.ChargePointId, out var current) || current != connection)
                _storedSeenMs.TryRemove(connection, out _);
        }
        if (ids.Count == 0)
            return;
        await store.RecordLastSeenAsync(ids, seenMs, ct).ConfigureAwait(false);
        for (var i = 0; i < connections.Count; i++)
            _storedSeenMs[connections[i]] = seenMs[i];
    }
}

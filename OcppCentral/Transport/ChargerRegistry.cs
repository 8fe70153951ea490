using System.Collections.Concurrent;
using System.Net.WebSockets;

namespace OcppCentral.Transport;

/// <summary>
/// The chargers connected right now. A second connection for the same id replaces the first, which is closed
/// (docs/ocpp-endpoint.md). At shutdown the registry stops admitting connections and closes the ones it has.
/// </summary>
public sealed class ChargerRegistry(ILogger<ChargerRegistry> logger)
{
    private readonly ConcurrentDictionary<string, ChargerConnection> _connections = new(StringComparer.Ordinal);
    private readonly Lock _admission = new();
    private volatile bool _accepting = true;

    public int Count => _connections.Count;

    /// <summary>False once shutdown has begun: the endpoint then refuses upgrades with 503.</summary>
    public bool IsAccepting => _accepting;

    public bool TryGet(string chargePointId, out ChargerConnection connection) =>
        _connections.TryGetValue(chargePointId, out connection!);

    public bool IsConnected(string chargePointId) => _connections.ContainsKey(chargePointId);

    /// <summary>The ids of the chargers connected at this moment.</summary>
    public IReadOnlyCollection<string> ConnectedIds => _connections.Keys.ToArray();

    /// <summary>Registers a new connection and starts closing the one it replaces, if any.</summary>
    /// <returns>False when the server is shutting down; the caller closes the connection.</returns>
    public bool TryAdd(ChargerConnection connection)
    {
        ChargerConnection? replaced = null;
        lock (_admission)
        {
            if (!_accepting)
                return false;
            _connections.AddOrUpdate(connection.ChargePointId, connection, (_, old) =>
            {
                replaced = old;
                return connection;
            });
        }
        if (replaced is not null)
        {
            logger.LogInformation("{ChargePointId} connected again; closing its previous connection", connection.ChargePointId);
            // Not awaited: the new connection starts at once; the old one gets CloseGrace to finish its message in hand.
            _ = replaced.CloseAsync(WebSocketCloseStatus.PolicyViolation, "Replaced by a newer connection", DisconnectReasons.Replaced);
        }
        return true;
    }

    /// <summary>Removes the connection only if it is still the current one (a replaced connection must not evict its successor).</summary>
    public void Remove(ChargerConnection connection) =>
        _connections.TryRemove(new KeyValuePair<string, ChargerConnection>(connection.ChargePointId, connection));

    /// <summary>
    /// Graceful shutdown: admits no more connections, closes every charger with EndpointUnavailable (1001) once its
    /// message in hand is answered, and waits until each has departed (lastSeen stored), or until <paramref name="ct"/>.
    /// </summary>
    public async Task CloseAllAsync(CancellationToken ct)
    {
        ChargerConnection[] open;
        lock (_admission)
        {
            _accepting = false;
            open = [.. _connections.Values];
        }
        logger.LogInformation("Closing {Count} charger connection(s) for shutdown", open.Length);
        try
        {
            await Task.WhenAll(open.Select(async connection =>
            {
                await connection.CloseAsync(WebSocketCloseStatus.EndpointUnavailable, "Server shutting down", DisconnectReasons.ServerShutdown).ConfigureAwait(false);
                await connection.Departed.WaitAsync(ct).ConfigureAwait(false);
            })).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            logger.LogWarning("Shutdown timeout: {Count} charger connection(s) had not ended", open.Count(c => !c.Departed.IsCompleted));
        }
    }
}

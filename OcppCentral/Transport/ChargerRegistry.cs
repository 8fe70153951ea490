using System.Collections.Concurrent;
using System.Net.WebSockets;

namespace OcppCentral.Transport;

/// <summary>The chargers connected right now. A second connection for the same id replaces the first (SPEC 3).</summary>
public sealed class ChargerRegistry(ILogger<ChargerRegistry> logger)
{
    private readonly ConcurrentDictionary<string, ChargerConnection> _connections = new(StringComparer.Ordinal);

    public int Count => _connections.Count;

    public bool TryGet(string chargePointId, out ChargerConnection connection) =>
        _connections.TryGetValue(chargePointId, out connection!);

    public bool IsConnected(string chargePointId) => _connections.ContainsKey(chargePointId);

    public IReadOnlyCollection<ChargerConnection> All => (IReadOnlyCollection<ChargerConnection>)_connections.Values;

    /// <summary>Registers a new connection and closes the one it replaces, if any.</summary>
    public async Task AddAsync(ChargerConnection connection, CancellationToken ct)
    {
        ChargerConnection? replaced = null;
        _connections.AddOrUpdate(connection.ChargePointId, connection, (_, old) =>
        {
            replaced = old;
            return connection;
        });
        if (replaced is not null)
        {
            logger.LogInformation("{ChargePointId} connected again; closing its previous connection", connection.ChargePointId);
            await replaced.CloseAsync(WebSocketCloseStatus.PolicyViolation, "Replaced by a newer connection", ct).ConfigureAwait(false);
        }
    }

    /// <summary>Removes the connection only if it is still the current one (a replaced connection must not evict its successor).</summary>
    public void Remove(ChargerConnection connection) =>
        _connections.TryRemove(new KeyValuePair<string, ChargerConnection>(connection.ChargePointId, connection));

    public async Task CloseAllAsync(CancellationToken ct)
    {
        var closing = _connections.Values.Select(c => c.CloseAsync(WebSocketCloseStatus.EndpointUnavailable, "Server shutting down", ct));
        await Task.WhenAll(closing).ConfigureAwait(false);
    }
}

using System.Collections.Concurrent;
using System.Net.WebSockets;
using Microsoft.Extensions.Options;
using OcppCentral.Admission;
using OcppCentral.Storage;
using OcppCentral.Transport;

namespace OcppCentral.Cluster;

/// <summary>
/// Which instance holds each charger's connection (docs/deployment.md). A connection accepted here is claimed in the
/// database with the next connection epoch, and the other instances are notified; the one holding an older connection of
/// the same charger closes it as Replaced, as a single instance does (ChargerRegistry). A notification lost (the listening
/// connection dropped) is made up for by <see cref="SweepAsync"/>, which compares the epochs this instance holds with the
/// table's. A change of a charger's record made through another instance reaches its holder (ConnectionHolders.Changes.cs),
/// and the holder records what it saw of its chargers' lastSeen at each heartbeat (ConnectionHolders.LastSeen.cs). Does
/// nothing on SQLite.
/// </summary>
public sealed partial class ConnectionHolders(InstanceIdentity instance, ClusterStore store, ChargerRegistry registry, ChargePointStore chargers,
    MessageLog messageLog, IOptions<ClusterOptions> options, TimeProvider time, ILogger<ConnectionHolders> logger)
{
    private readonly ConcurrentDictionary<string, Held> _held = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<ChargerConnection, byte> _claiming = new();
    // Connections closed as replaced by a newer one elsewhere: they stay registered here for their close's grace, and must
    // never be claimed again meanwhile (a sweep would otherwise take the charger back from the instance it moved to).
    private readonly ConcurrentDictionary<ChargerConnection, byte> _replaced = new();

    private sealed record Held(ChargerConnection Connection, long Epoch);

    /// <summary>The charger's connection was registered here: records this instance as its holder. Never throws.</summary>
    public async Task ClaimAsync(ChargerConnection connection)
    {
        if (!instance.Shared || _replaced.ContainsKey(connection) || !_claiming.TryAdd(connection, 0))
            return;
        try
        {
            var epoch = await store.ClaimAsync(connection.ChargePointId, instance.Id, time.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
            if (registry.TryGet(connection.ChargePointId, out var current) && current == connection && !_replaced.ContainsKey(connection))
                _held[connection.ChargePointId] = new Held(connection, epoch);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            logger.LogWarning(ex, "Could not record that this instance holds {ChargePointId}; the next sweep tries again", connection.ChargePointId);
        }
        finally
        {
            _claiming.TryRemove(connection, out _);
        }
    }

    /// <summary>The connection ended: the charger is held nowhere now, unless a newer connection claimed it. Never throws.</summary>
    public async Task ReleaseAsync(ChargerConnection connection)
    {
        _replaced.TryRemove(connection, out _);
        if (!instance.Shared || !_held.TryGetValue(connection.ChargePointId, out var held) || held.Connection != connection)
            return;
        _held.TryRemove(new KeyValuePair<string, Held>(connection.ChargePointId, held));
        try
        {
            await store.ReleaseAsync(connection.ChargePointId, instance.Id, held.Epoch, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            logger.LogWarning(ex, "Could not record that {ChargePointId} left this instance", connection.ChargePointId);
        }
    }

    /// <summary>A notification: the charger connected to <paramref name="holder"/> with <paramref name="epoch"/>.</summary>
    public void Connected(string chargePointId, string holder, long epoch)
    {
        if (holder != instance.Id && _held.TryGetValue(chargePointId, out var held) && held.Epoch < epoch)
            Replace(held, holder);
    }

    /// <summary>
    /// Makes up for lost notifications: closes the connections here that a newer one elsewhere replaced, and claims again the
    /// ones the table does not show as held here (a claim that failed, or a sweep elsewhere that took this instance for dead).
    /// </summary>
    public async Task SweepAsync(CancellationToken ct)
    {
        if (!instance.Shared)
            return;
        var held = _held.Values.ToList();
        if (held.Count > 0)
        {
            var holders = await store.HoldersAsync(held.Select(h => h.Connection.ChargePointId).ToList(), ct).ConfigureAwait(false);
            foreach (var mine in held)
            {
                var (holder, epoch) = holders.GetValueOrDefault(mine.Connection.ChargePointId);
                if (epoch > mine.Epoch && holder != instance.Id)
                    Replace(mine, holder ?? "an instance it has left");
                else if (holder != instance.Id)
                    await ClaimAgainAsync(mine).ConfigureAwait(false);
            }
        }
        foreach (var id in registry.ConnectedIds)
        {
            if (!_held.ContainsKey(id) && registry.TryGet(id, out var unclaimed))
                await ClaimAsync(unclaimed).ConfigureAwait(false);
        }
    }

    private async Task ClaimAgainAsync(Held held)
    {
        if (_held.TryRemove(new KeyValuePair<string, Held>(held.Connection.ChargePointId, held)))
            await ClaimAsync(held.Connection).ConfigureAwait(false);
    }

    private void Replace(Held held, string holder)
    {
        _replaced.TryAdd(held.Connection, 0);
        if (!_held.TryRemove(new KeyValuePair<string, Held>(held.Connection.ChargePointId, held)))
            return;
        logger.LogInformation("{ChargePointId} connected again through {InstanceId}; closing its connection here", held.Connection.ChargePointId, holder);
        // As ChargerRegistry does for a reconnection to this instance: not awaited, the old connection gets its grace.
        _ = held.Connection.CloseAsync(WebSocketCloseStatus.PolicyViolation, "Replaced by a newer connection", DisconnectReasons.Replaced);
    }
}

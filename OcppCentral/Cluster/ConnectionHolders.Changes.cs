using System.Collections.Concurrent;
using System.Net.WebSockets;
using OcppCentral.Transport;

namespace OcppCentral.Cluster;

/// <summary>
/// A change of a charger's record (its removal, its message log) made through an instance that does not hold its connection
/// (docs/deployment.md): recorded with the charger's connection epoch and notified; the holder applies it to its connection
/// when that is no newer than the epoch, as the instance answering the call does for its own connections. A notification
/// lost (the listening connection dropped) is made up for by <see cref="SweepChangesAsync"/> at the next heartbeat, which
/// reads the changes of the last <see cref="ClusterOptions.InstanceTimeout"/>. Each change is applied once per instance.
/// </summary>
public sealed partial class ConnectionHolders
{
    /// <summary>How many instance timeouts a change stays in the table: long after every sweep has seen it.</summary>
    private const int ChangeKeptTimeouts = 10;

    // The changes applied here (or found not to concern this instance's connection), with when: forgotten once the sweep no longer reads them.
    private readonly ConcurrentDictionary<long, long> _changesDone = new();

    /// <summary>
    /// The charger's record was changed or deleted through this instance, which does not hold its connection: the instance that
    /// does is told, and applies it. Never throws.
    /// </summary>
    public async Task ChangedElsewhereAsync(string chargePointId)
    {
        if (!instance.Shared || registry.IsConnected(chargePointId))
            return;
        var now = time.GetUtcNow();
        try
        {
            await store.ChargerChangedAsync(chargePointId, now, now - ChangeKeptTimeouts * options.Value.InstanceTimeout, CancellationToken.None)
                .ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            logger.LogWarning(ex, "Could not tell the other instances that {ChargePointId} changed; its connection follows at its next connect",
                chargePointId);
        }
    }

    /// <summary>A notification: change <paramref name="changeId"/> of the charger's record, made while its connection had <paramref name="epoch"/>.</summary>
    public Task ChargerChangedAsync(long changeId, long epoch, string chargePointId, CancellationToken ct) =>
        ApplyAsync(changeId, epoch, chargePointId, ct);

    /// <summary>Makes up for lost notifications: applies the recent changes of chargers held here that were not applied yet.</summary>
    public async Task SweepChangesAsync(CancellationToken ct)
    {
        if (!instance.Shared)
            return;
        var now = time.GetUtcNow();
        var window = options.Value.InstanceTimeout;
        if (!_held.IsEmpty)
        {
            foreach (var (id, chargePointId, epoch) in await store.ChargerChangesAsync(now - window, ct).ConfigureAwait(false))
            {
                if (!_changesDone.ContainsKey(id) && _held.ContainsKey(chargePointId))
                    await ApplyAsync(id, epoch, chargePointId, ct).ConfigureAwait(false);
            }
        }
        var forgetBefore = (now - 2 * window).ToUnixTimeMilliseconds();
        foreach (var (id, doneMs) in _changesDone)
        {
            if (doneMs < forgetBefore)
                _changesDone.TryRemove(id, out _);
        }
    }

    /// <summary>
    /// Closes the charger's connection here as Deleted when its record is gone, or logs its frames as the record now says. A
    /// connection not claimed yet is left to the next sweep; a newer one than the change read the record as it connected. Never throws.
    /// </summary>
    private async Task ApplyAsync(long changeId, long epoch, string chargePointId, CancellationToken ct)
    {
        if (!registry.TryGet(chargePointId, out var connection) || !_held.TryGetValue(chargePointId, out var held) || held.Connection != connection)
            return;
        if (!_changesDone.TryAdd(changeId, time.GetUtcNow().ToUnixTimeMilliseconds()) || held.Epoch > epoch)
            return;
        try
        {
            if (await chargers.FindAsync(chargePointId, ct).ConfigureAwait(false) is { } charger)
                connection.SetLogsMessages(messageLog.IsOn(charger.MessageLog));
            else
            {
                logger.LogInformation("{ChargePointId} was deleted through another instance; closing its connection here", chargePointId);
                _ = connection.CloseAsync(WebSocketCloseStatus.PolicyViolation, "Charger deleted", DisconnectReasons.Deleted);
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Not done: the next sweep tries again.
            _changesDone.TryRemove(changeId, out _);
            logger.LogWarning(ex, "Could not apply a change of {ChargePointId} made through another instance; the next sweep tries again", chargePointId);
        }
    }
}

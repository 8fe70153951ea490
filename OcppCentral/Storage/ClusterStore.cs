using System.Data.Common;
using Dapper;
using Npgsql;

namespace OcppCentral.Storage;

/// <summary>
/// Several instances on one PostgreSQL database (docs/deployment.md): the instances alive (each heartbeats), which instance
/// holds each charger's connection with its connection epoch, and the notifications that tell the others at once. Every
/// change is notified in the transaction that makes it (pg_notify is delivered at commit), so a listener never learns of a
/// change it cannot yet read. PostgreSQL only; on SQLite the server is one instance and none of this runs.
/// </summary>
public sealed class ClusterStore(Database database, StorageWriter writer)
{
    /// <summary>Channels: <c>{epoch} {instance} {chargePointId}</c> when a charger connects to an instance.</summary>
    public const string ConnectionsChannel = "chargemonitor_connections";

    /// <summary><c>{commandId} {targetInstance}</c> when a command is asked for through another instance than the charger's.</summary>
    public const string CommandsChannel = "chargemonitor_commands";

    /// <summary><c>{commandId} {callerInstance}</c> when such a command has ended.</summary>
    public const string AnswersChannel = "chargemonitor_answers";

    /// <summary>
    /// <c>{changeId} {epoch} {chargePointId}</c> when a charger's record was changed or deleted through an instance that does not
    /// hold it (the row of <c>charger_changes</c> it stands for).
    /// </summary>
    public const string ChargersChannel = "chargemonitor_chargers";

    /// <summary>
    /// Tells the other instances that the charger's record changed (it is committed already): a row of <c>charger_changes</c>,
    /// naming the charger's connection epoch now (the change applies to that connection and older ones, a newer one reads the
    /// record when it connects), notified in the same transaction, so that the holder applies it from the notification or,
    /// when that is lost, from its sweep (<see cref="ChargerChangesAsync"/>). Rows older than <paramref name="keepSince"/> go.
    /// </summary>
    public Task ChargerChangedAsync(string chargePointId, DateTimeOffset now, DateTimeOffset keepSince, CancellationToken ct)
    {
        var nowMs = UnixTime.ToMs(now);
        var keepSinceMs = UnixTime.ToMs(keepSince);
        return writer.WriteAsync((connection, transaction) =>
        {
            connection.Execute("DELETE FROM charger_changes WHERE changed_at < @keepSinceMs", new { keepSinceMs }, transaction);
            var (id, epoch) = connection.QuerySingle<(long, long)>(
                """
                INSERT INTO charger_changes (charge_point_id, epoch, changed_at)
                VALUES (@chargePointId, COALESCE((SELECT epoch FROM charger_connections WHERE charge_point_id = @chargePointId), 0), @nowMs)
                RETURNING id, epoch
                """, new { chargePointId, nowMs }, transaction);
            Notify(connection, transaction, ChargersChannel, $"{id} {epoch} {chargePointId}");
            return true;
        }, ct);
    }

    /// <summary>The changes of chargers' records made since <paramref name="since"/>, oldest first (the sweep for a lost notification; they are rare).</summary>
    public async Task<IReadOnlyList<(long Id, string ChargePointId, long Epoch)>> ChargerChangesAsync(DateTimeOffset since, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return (await connection.QueryAsync<(long, string, long)>(new CommandDefinition(
            "SELECT id, charge_point_id, epoch FROM charger_changes WHERE changed_at >= @sinceMs ORDER BY id",
            new { sinceMs = UnixTime.ToMs(since) }, cancellationToken: ct))).ToList();
    }

    /// <summary>
    /// Moves the stored lastSeen of the given chargers forward to what their holder saw (never back): one statement for all of
    /// them, at the holder's heartbeat, so that every instance reads a lastSeen at most a heartbeat old (docs/deployment.md).
    /// </summary>
    public Task RecordLastSeenAsync(IReadOnlyList<string> chargePointIds, IReadOnlyList<long> lastSeenMs, CancellationToken ct) =>
        writer.WriteAsync((connection, transaction) => connection.Execute(
            """
            UPDATE charge_points c SET last_seen = s.last_seen
            FROM unnest(@ids, @lastSeen) AS s(id, last_seen)
            WHERE c.id = s.id AND (c.last_seen IS NULL OR c.last_seen < s.last_seen)
            """, new { ids = chargePointIds.ToArray(), lastSeen = lastSeenMs.ToArray() }, transaction), ct);

    /// <summary>Records the instance as alive now (at start, and at each heartbeat: a sweep of another may have ended it meanwhile).</summary>
    public Task HeartbeatAsync(string instanceId, DateTimeOffset now, CancellationToken ct)
    {
        var nowMs = UnixTime.ToMs(now);
        return writer.WriteAsync((connection, transaction) => connection.Execute(
            """
            INSERT INTO cluster_instances (id, started_at, heartbeat_at) VALUES (@instanceId, @nowMs, @nowMs)
            ON CONFLICT (id) DO UPDATE SET heartbeat_at = excluded.heartbeat_at
            """, new { instanceId, nowMs }, transaction), ct);
    }

    /// <summary>
    /// A graceful stop: the instance leaves at once instead of being found dead later; what it still holds is released and the
    /// commands routed to it end, as for a dead instance. Also run at start, for an earlier life under the same id.
    /// </summary>
    public Task LeaveAsync(string instanceId, DateTimeOffset now, CancellationToken ct)
    {
        var nowMs = UnixTime.ToMs(now);
        return writer.WriteAsync((connection, transaction) =>
        {
            connection.Execute("DELETE FROM cluster_instances WHERE id = @instanceId", new { instanceId }, transaction);
            EndGone(connection, transaction, nowMs);
            return true;
        }, ct);
    }

    /// <summary>Records that <paramref name="instanceId"/> holds the charger's connection now, and tells the other instances.</summary>
    /// <returns>The connection's epoch: one more than the charger's previous connection, wherever that was.</returns>
    public Task<long> ClaimAsync(string chargePointId, string instanceId, DateTimeOffset now, CancellationToken ct)
    {
        var nowMs = UnixTime.ToMs(now);
        return writer.WriteAsync((connection, transaction) =>
        {
            var epoch = connection.ExecuteScalar<long>(
                """
                INSERT INTO charger_connections (charge_point_id, instance_id, epoch, connected_at)
                VALUES (@chargePointId, @instanceId, 1, @nowMs)
                ON CONFLICT (charge_point_id) DO UPDATE
                    SET instance_id = excluded.instance_id, epoch = charger_connections.epoch + 1, connected_at = excluded.connected_at
                RETURNING epoch
                """, new { chargePointId, instanceId, nowMs }, transaction);
            Notify(connection, transaction, ConnectionsChannel, $"{epoch} {instanceId} {chargePointId}");
            return epoch;
        }, ct);
    }

    /// <summary>The connection of <paramref name="epoch"/> ended: the charger is held nowhere, unless a newer connection holds it.</summary>
    public Task ReleaseAsync(string chargePointId, string instanceId, long epoch, CancellationToken ct) =>
        writer.WriteAsync((connection, transaction) => connection.Execute(
            """
            UPDATE charger_connections SET instance_id = NULL
            WHERE charge_point_id = @chargePointId AND instance_id = @instanceId AND epoch = @epoch
            """, new { chargePointId, instanceId, epoch }, transaction), ct);

    /// <summary>The live instance holding the charger's connection, or null when it is connected nowhere.</summary>
    public async Task<string?> HolderAsync(string chargePointId, DateTimeOffset aliveSince, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(
            """
            SELECT c.instance_id FROM charger_connections c JOIN cluster_instances i ON i.id = c.instance_id
            WHERE c.charge_point_id = @chargePointId AND i.heartbeat_at >= @aliveSinceMs
            """, new { chargePointId, aliveSinceMs = UnixTime.ToMs(aliveSince) }, cancellationToken: ct));
    }

    /// <summary>Of the given chargers, those connected to a live instance (the <c>connected</c> of the admin API, docs/deployment.md).</summary>
    public async Task<IReadOnlySet<string>> HeldAsync(IReadOnlyCollection<string> chargePointIds, DateTimeOffset aliveSince, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return (await connection.QueryAsync<string>(new CommandDefinition(
            """
            SELECT c.charge_point_id FROM charger_connections c JOIN cluster_instances i ON i.id = c.instance_id
            WHERE c.charge_point_id = ANY(@ids) AND i.heartbeat_at >= @aliveSinceMs
            """, new { ids = chargePointIds.ToArray(), aliveSinceMs = UnixTime.ToMs(aliveSince) }, cancellationToken: ct))).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Who holds each of the given chargers now, and at which epoch (the sweep that makes up for a lost notification).</summary>
    public async Task<IReadOnlyDictionary<string, (string? InstanceId, long Epoch)>> HoldersAsync(IReadOnlyCollection<string> chargePointIds,
        CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var rows = await connection.QueryAsync<(string ChargePointId, string? InstanceId, long Epoch)>(new CommandDefinition(
            "SELECT charge_point_id, instance_id, epoch FROM charger_connections WHERE charge_point_id = ANY(@ids)",
            new { ids = chargePointIds.ToArray() }, cancellationToken: ct));
        return rows.ToDictionary(r => r.ChargePointId, r => (r.InstanceId, r.Epoch), StringComparer.Ordinal);
    }

    /// <summary>
    /// Ends the instances whose last heartbeat is older than <paramref name="aliveSince"/> (they died without leaving): the
    /// chargers they held are held nowhere, and the commands routed to them end, Disconnected when the instance had taken
    /// them (the charger may have acted), else NotConnected; each caller is notified.
    /// </summary>
    /// <returns>The instances ended.</returns>
    public Task<IReadOnlyList<string>> EndDeadAsync(string instanceId, DateTimeOffset aliveSince, DateTimeOffset now, CancellationToken ct)
    {
        var aliveSinceMs = UnixTime.ToMs(aliveSince);
        var nowMs = UnixTime.ToMs(now);
        return writer.WriteAsync<IReadOnlyList<string>>((connection, transaction) =>
        {
            var dead = connection.Query<string>(
                "DELETE FROM cluster_instances WHERE heartbeat_at < @aliveSinceMs AND id <> @instanceId RETURNING id",
                new { aliveSinceMs, instanceId }, transaction).ToList();
            if (dead.Count > 0)
                EndGone(connection, transaction, nowMs);
            return dead;
        }, ct);
    }

    /// <summary>Releases the chargers of instances no longer listed and ends the commands routed to them, notifying each caller.</summary>
    private static void EndGone(DbConnection connection, DbTransaction transaction, long nowMs)
    {
        connection.Execute(
            """
            UPDATE charger_connections SET instance_id = NULL
            WHERE instance_id IS NOT NULL AND instance_id NOT IN (SELECT id FROM cluster_instances)
            """, transaction: transaction);
        connection.Execute(
            $"""
            WITH ended AS (
                UPDATE commands SET
                    outcome = CASE WHEN taken_at IS NULL THEN 'NotConnected' ELSE 'Disconnected' END,
                    error_description = CASE WHEN taken_at IS NULL THEN @notSent ELSE @lost END,
                    completed_at = @nowMs, payload = NULL
                WHERE outcome = '{CommandRecord.Pending}' AND target_instance IS NOT NULL
                  AND target_instance NOT IN (SELECT id FROM cluster_instances)
                RETURNING id, caller_instance)
            SELECT pg_notify('{AnswersChannel}', id || ' ' || caller_instance) FROM ended
            """, new { nowMs, notSent = InstanceGoneNotSent, lost = InstanceGoneDisconnected }, transaction);
    }

    /// <summary>The account of a command whose instance died before sending it.</summary>
    public const string InstanceGoneNotSent = "The instance holding the charger's connection stopped before sending the command; nothing was sent.";

    /// <summary>The account of a command whose instance died after taking it.</summary>
    public const string InstanceGoneDisconnected =
        "The instance holding the charger's connection stopped while the command was in flight; the charger may have acted on it.";

    /// <summary>The advisory lock held by the instance that runs the periodic work (any fixed number apart from the migrations'; "CMJOBS").</summary>
    private const long PeriodicWorkLock = 0x434D_4A4F_4253;

    /// <summary>
    /// Tries to take the lock of the periodic work (docs/deployment.md) on a connection of its own, to be kept open while this
    /// instance leads: PostgreSQL frees the lock when that session ends, and ends the session when it has been idle for
    /// <paramref name="idleTimeout"/> (the leader touches it every heartbeat interval, <see cref="KeepLeadingAsync"/>).
    /// </summary>
    /// <returns>The connection holding the lock, or null when another instance holds it.</returns>
    public async Task<DbConnection?> TryLeadAsync(TimeSpan idleTimeout, CancellationToken ct)
    {
        var connection = database.Open();
        try
        {
            await connection.ExecuteAsync(new CommandDefinition("SELECT set_config('idle_session_timeout', @ms, false)",
                new { ms = ((long)idleTimeout.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture) }, cancellationToken: ct));
            if (await connection.ExecuteScalarAsync<bool>(new CommandDefinition($"SELECT pg_try_advisory_lock({PeriodicWorkLock})", cancellationToken: ct)))
                return connection;
        }
        catch
        {
            await StepDownAsync(connection);
            throw;
        }
        await StepDownAsync(connection);
        return null;
    }

    /// <summary>
    /// Keeps the leader's session while it leads, and throws the moment it is gone (the lock with it). Nothing is notified on
    /// this connection, so the wait on it ends at <paramref name="touchEvery"/> (and the session is touched, so that its idle
    /// timeout does not end it; <paramref name="touched"/> is told when each touch began), or at once with an exception
    /// when the server ends the session (terminated, restarted) or the link is reset. Runs until <paramref name="ct"/>.
    /// </summary>
    public static async Task KeepLeadingAsync(DbConnection connection, TimeSpan touchEvery, Action<long> touched, CancellationToken ct)
    {
        var session = (NpgsqlConnection)connection;
        while (true)
        {
            await session.WaitAsync(touchEvery, ct);
            var began = System.Diagnostics.Stopwatch.GetTimestamp();
            await connection.ExecuteScalarAsync<int>(new CommandDefinition("SELECT 1", cancellationToken: ct));
            touched(began);
        }
    }

    /// <summary>
    /// Frees the lock and closes its connection. The pool would keep the session, and the lock with it, for its next user:
    /// the lock and the idle timeout are undone first, and a session that is gone already is simply dropped. Never throws.
    /// </summary>
    public static async Task StepDownAsync(DbConnection connection)
    {
        try
        {
            await connection.ExecuteAsync("SELECT pg_advisory_unlock_all(); RESET idle_session_timeout");
        }
        catch (Exception ex) when (ex is DbException or InvalidOperationException or IOException or TimeoutException)
        {
            // A broken connection is not returned to the pool.
        }
        await connection.DisposeAsync();
    }

    /// <summary>
    /// Listens on <paramref name="channels"/> until <paramref name="ct"/> or until the connection fails (then throws): calls
    /// <paramref name="listening"/> once the LISTENs are in place (what was notified before is for the caller's sweep), then
    /// <paramref name="notified"/> for each notification, on the listening thread, in commit order.
    /// </summary>
    public async Task ListenAsync(IReadOnlyList<string> channels, Action listening, Action<string, string> notified, CancellationToken ct)
    {
        await using var connection = await database.OpenDedicatedAsync(ct);
        connection.Notification += (_, e) => notified(e.Channel, e.Payload);
        foreach (var channel in channels)
            await connection.ExecuteAsync(new CommandDefinition($"LISTEN {channel}", cancellationToken: ct));
        listening();
        while (true)
            await connection.WaitAsync(ct);
    }

    internal static void Notify(DbConnection connection, DbTransaction transaction, string channel, string payload) =>
        connection.Execute("SELECT pg_notify(@channel, @payload)", new { channel, payload }, transaction);
}

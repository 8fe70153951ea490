using System.Data.Common;
using Dapper;

namespace OcppCentral.Storage;

/// <summary>
/// <c>charger_events</c> (docs/charger-health.md). Events that answer nothing are queued to the writer and not waited
/// for (<see cref="Enqueue"/>), so they share a commit with the transaction data and never hold up an acknowledgement;
/// a boot or a status change is written inside the write that stores it.
/// </summary>
public sealed class ChargerEventStore(Database database, StorageWriter writer, ILogger<ChargerEventStore> logger, WebhookOutbox? outbox = null)
{
    /// <summary>The kinds that open and close a charger's time online; a replaced connection's end does not close it.</summary>
    private const string LinkFilter =
        $"kind IN ('{ChargerEventKinds.Connected}', '{ChargerEventKinds.Disconnected}') AND COALESCE(reason, '') <> '{ChargerEventKinds.ReplacedReason}'";

    /// <summary>Queues the event to the writer and returns at once; a failure to store it is logged.</summary>
    public void Enqueue(params ChargerEvent[] events)
    {
        var written = writer.WriteAsync((connection, transaction) =>
        {
            foreach (var e in events)
            {
                Insert(connection, transaction, e);
                if (e.Kind == ChargerEventKinds.HandshakeRefused)
                    WebhookTriggers.Refused(outbox, connection, transaction, e);
            }
            return 0;
        });
        _ = written.ContinueWith(t => logger.LogWarning(t.Exception, "Could not record {Kind} of {ChargePointId}", events[0].Kind, events[0].ChargePointId),
            CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
    }

    internal static void Insert(DbConnection connection, DbTransaction transaction, ChargerEvent e) =>
        connection.Execute(
            """
            INSERT INTO charger_events (charge_point_id, at, kind, connector_id, status, error_code, info, reported_at, reason, close_code, remote_address)
            VALUES (@ChargePointId, @atMs, @Kind, @ConnectorId, @Status, @ErrorCode, @Info, @reportedAtMs, @Reason, @CloseCode, @RemoteAddress)
            """,
            new
            {
                e.ChargePointId, atMs = UnixTime.ToMs(e.At), e.Kind, e.ConnectorId, e.Status, e.ErrorCode, e.Info,
                reportedAtMs = UnixTime.ToMs(e.ReportedAt), e.Reason, e.CloseCode, e.RemoteAddress,
            }, transaction);

    /// <summary>
    /// What the offline and fault checks of a session read (docs/charger-health.md): Connected, Disconnected (not Replaced) and
    /// changes to Faulted of the charger in [fromMs, toMs], in time order.
    /// </summary>
    internal static IReadOnlyList<ChargerEvent> HealthEvents(DbConnection connection, DbTransaction? transaction, string chargePointId,
        long fromMs, long toMs) =>
        connection.Query<ChargerEventRow>(
            $"""
            SELECT * FROM charger_events
            WHERE charge_point_id = @chargePointId AND at >= @fromMs AND at <= @toMs
              AND (({LinkFilter}) OR (kind = '{ChargerEventKinds.StatusChanged}' AND status = 'Faulted'))
            ORDER BY at, id
            """, new { chargePointId, fromMs, toMs }, transaction).Select(r => r.ToEvent()).ToList();

    /// <summary>
    /// <see cref="HealthEvents"/> for the charger of the session <c>@transactionId</c>, from its start to <c>@untilMs</c>: none
    /// when the session is unknown or started after <c>@untilMs</c>.
    /// </summary>
    internal const string SessionHealthEventsSql =
        $"""
        SELECT * FROM charger_events
        WHERE charge_point_id = (SELECT s.charge_point_id FROM sessions s WHERE s.transaction_id = @transactionId)
          AND at >= (SELECT s.start_time FROM sessions s WHERE s.transaction_id = @transactionId) AND at <= @untilMs
          AND (({LinkFilter}) OR (kind = '{ChargerEventKinds.StatusChanged}' AND status = 'Faulted'))
        ORDER BY at, id
        """;

    /// <summary>A charger's events in [fromMs, toMs), newest first, paged; and how many there are in all.</summary>
    public async Task<(IReadOnlyList<ChargerEvent> Events, long Total)> ListAsync(string chargePointId, long? fromMs, long? toMs, int limit,
        int offset, CancellationToken ct)
    {
        var where = $"WHERE charge_point_id = @chargePointId AND at >= COALESCE(@fromMs, {database.Dialect.MinInteger}) AND at < COALESCE(@toMs, 9223372036854775807)";
        var parameters = new { chargePointId, fromMs, toMs, limit, offset };
        await using var connection = await database.OpenAsync(ct);
        var rows = await connection.QueryAsync<ChargerEventRow>(new CommandDefinition(
            $"SELECT * FROM charger_events {where} ORDER BY at DESC, id DESC LIMIT @limit OFFSET @offset", parameters, cancellationToken: ct));
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            $"SELECT COUNT(*) FROM charger_events {where}", parameters, cancellationToken: ct));
        return (rows.Select(r => r.ToEvent()).ToList(), total);
    }

    public async Task<bool> AnyAsync(string chargePointId, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM charger_events WHERE charge_point_id = @chargePointId)", new { chargePointId }, cancellationToken: ct));
    }

    /// <summary>
    /// Per charger (or one), its last link event before <paramref name="fromMs"/> and every one in [fromMs, toMs), in
    /// time order: enough to tell when it was online within the range.
    /// </summary>
    public async Task<IReadOnlyList<LinkEvent>> LinkEventsAsync(long fromMs, long toMs, string? chargePointId, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var rows = await connection.QueryAsync<(string, long, string)>(new CommandDefinition(
            $"""
            SELECT charge_point_id, at, kind FROM (
                SELECT charge_point_id, at, kind, id FROM (
                    SELECT charge_point_id, at, kind, id,
                           ROW_NUMBER() OVER (PARTITION BY charge_point_id ORDER BY at DESC, id DESC) AS newest
                    FROM charger_events
                    WHERE {LinkFilter} AND at < @fromMs AND (@chargePointId IS NULL OR charge_point_id = @chargePointId)) ranked
                WHERE newest = 1
                UNION ALL
                SELECT charge_point_id, at, kind, id FROM charger_events
                WHERE {LinkFilter} AND at >= @fromMs AND at < @toMs AND (@chargePointId IS NULL OR charge_point_id = @chargePointId)) links
            ORDER BY charge_point_id, at, id
            """, new { fromMs, toMs, chargePointId }, cancellationToken: ct));
        return rows.Select(r => new LinkEvent(r.Item1, r.Item2, r.Item3 == ChargerEventKinds.Connected)).ToList();
    }

    /// <summary>
    /// charger.offline (docs/webhooks.md): each charger whose last link event is a disconnection (not a replaced
    /// connection, not a deletion) at least <paramref name="after"/> before <paramref name="now"/>, counting from
    /// <paramref name="watchingSince"/> at the earliest (a server that was down did not see the charger try), raised once per
    /// disconnection. Disconnections older than <paramref name="oldest"/> are not looked at. The candidates are read beside
    /// the writer; each is checked again and raised inside a write.
    /// </summary>
    /// <returns>How many events were raised.</returns>
    public async Task<int> AlertOfflineAsync(DateTimeOffset now, TimeSpan after, DateTimeOffset watchingSince, DateTimeOffset oldest,
        CancellationToken ct)
    {
        var cutoff = now - after;
        if (outbox is null || watchingSince > cutoff)
            return 0;
        await using var connection = await database.OpenAsync(ct);
        if (!await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                "SELECT EXISTS (SELECT 1 FROM webhook_subscriptions WHERE event_type = @type)", new { type = WebhookEventTypes.ChargerOffline },
                cancellationToken: ct)))
            return 0;
        var candidates = (await connection.QueryAsync<ChargerEventRow>(new CommandDefinition(
            $"""
            SELECT id, charge_point_id, at, kind, reason FROM (
                SELECT id, charge_point_id, at, kind, reason, ROW_NUMBER() OVER (PARTITION BY charge_point_id ORDER BY at DESC, id DESC) AS newest
                FROM charger_events WHERE {LinkFilter} AND at >= @oldestMs) l
            WHERE l.newest = 1 AND l.kind = '{ChargerEventKinds.Disconnected}' AND COALESCE(l.reason, '') <> '{ChargerEventKinds.DeletedReason}'
              AND l.at <= @cutoffMs
              AND NOT EXISTS (SELECT 1 FROM webhook_events e WHERE e.dedup_key = '{WebhookEventTypes.ChargerOffline}:' || CAST(l.id AS TEXT))
            """, new { oldestMs = UnixTime.ToMs(oldest), cutoffMs = UnixTime.ToMs(cutoff) }, cancellationToken: ct))).Select(r => r.ToEvent()).ToList();
        if (candidates.Count == 0)
            return 0;
        return await writer.WriteAsync((write, transaction) => candidates.Count(gone =>
        {
            var back = write.ExecuteScalar<bool>(
                $"SELECT EXISTS (SELECT 1 FROM charger_events WHERE charge_point_id = @ChargePointId AND kind = '{ChargerEventKinds.Connected}' AND id > @Id)",
                new { gone.ChargePointId, gone.Id }, transaction);
            var offlineSince = gone.At > watchingSince ? gone.At : watchingSince;
            return !back && outbox.Raise(write, transaction, WebhookEventTypes.ChargerOffline, gone.ChargePointId, now, new
            {
                gone.ChargePointId, disconnectedAt = WebhookOutbox.Iso(gone.At), gone.Reason,
                offlineMinutes = (long)(now - offlineSince).TotalMinutes, thresholdMinutes = after.TotalMinutes,
            }, $"{WebhookEventTypes.ChargerOffline}:{gone.Id}");
        }), ct);
    }

    /// <summary>
    /// At start: a charger whose last link event is Connected lost that connection when the server stopped without
    /// closing it (a crash). Its Disconnected is written now, dated at its lastSeen.
    /// </summary>
    /// <param name="exceptHeld">Instances sharing a PostgreSQL database (docs/deployment.md): leaves out the chargers an instance
    /// still holds, so that only the connections of instances that stopped are closed.</param>
    /// <returns>How many were closed.</returns>
    public Task<int> CloseDanglingAsync(CancellationToken ct, bool exceptHeld = false) =>
        writer.WriteAsync((connection, transaction) => connection.Execute(
            $"""
            INSERT INTO charger_events (charge_point_id, at, kind, reason)
            SELECT l.charge_point_id, {SqlDialect.Of(connection).Greatest("l.at", "COALESCE(cp.last_seen, l.at)")}, '{ChargerEventKinds.Disconnected}', '{ChargerEventKinds.ServerStoppedReason}'
            FROM (SELECT charge_point_id, at, kind, ROW_NUMBER() OVER (PARTITION BY charge_point_id ORDER BY at DESC, id DESC) AS newest
                  FROM charger_events WHERE {LinkFilter}) l
            LEFT JOIN charge_points cp ON cp.id = l.charge_point_id
            WHERE l.newest = 1 AND l.kind = '{ChargerEventKinds.Connected}'
            {(exceptHeld ? "AND NOT EXISTS (SELECT 1 FROM charger_connections c JOIN cluster_instances i ON i.id = c.instance_id WHERE c.charge_point_id = l.charge_point_id)" : "")}
            """, transaction: transaction), ct);
}

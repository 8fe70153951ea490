using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using System.Threading.Channels;
using Dapper;
using Npgsql;

namespace OcppCentral.Storage;

/// <summary>
/// The outbox of webhook events (docs/webhooks.md). <see cref="Raise"/> runs inside the writer's transaction of what caused
/// the event, so the event and one pending delivery per subscribed webhook are durable exactly when the cause is; the
/// delivery worker is woken once that transaction commits (on PostgreSQL, the worker of the instance leading the periodic
/// work, docs/deployment.md, through <see cref="EventsChannel"/>). The rest is the worker's bookkeeping: what is due, how an
/// attempt went, and pruning.
/// </summary>
public sealed class WebhookOutbox(Database database, StorageWriter writer)
{
    private static readonly JsonSerializerOptions BodyOptions = new(JsonSerializerDefaults.Web);

    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>Signalled when deliveries may have become due: new events committed, an attempt finished.</summary>
    public ChannelReader<bool> Wakeups => _wake.Reader;

    public void Wake() => _wake.Writer.TryWrite(true);

    /// <summary>Notified (with no payload) in the transaction of each event raised on PostgreSQL, for the instance that sends them.</summary>
    public const string EventsChannel = "chargemonitor_webhook_events";

    /// <summary>
    /// Stores an event of <paramref name="type"/> and a pending delivery for each webhook subscribed to it, unless none is
    /// (then nothing is stored) or an event with the same <paramref name="dedupKey"/> exists. Call only inside a write.
    /// </summary>
    /// <returns>Whether the event was stored.</returns>
    internal bool Raise(DbConnection connection, DbTransaction transaction, string type, string? chargePointId, DateTimeOffset occurredAt,
        object data, string? dedupKey = null)
    {
        if (!HasSubscribers(connection, transaction, type))
            return false;
        if (dedupKey is not null &&
            connection.ExecuteScalar<bool>("SELECT EXISTS (SELECT 1 FROM webhook_events WHERE dedup_key = @dedupKey)", new { dedupKey }, transaction))
            return false;
        var id = Guid.CreateVersion7(occurredAt).ToString();
        var body = JsonSerializer.Serialize(new { type, id, occurredAt = Iso(occurredAt), data }, BodyOptions);
        var occurredAtMs = UnixTime.ToMs(occurredAt);
        connection.Execute(
            """
            INSERT INTO webhook_events (id, type, occurred_at, charge_point_id, dedup_key, body)
            VALUES (@id, @type, @occurredAtMs, @chargePointId, @dedupKey, @body)
            """, new { id, type, occurredAtMs, chargePointId, dedupKey, body }, transaction);
        connection.Execute(
            $"""
            INSERT INTO webhook_deliveries (webhook_id, event_id, outcome, attempts, next_attempt_at, created_at)
            SELECT webhook_id, @id, '{DeliveryOutcomes.Pending}', 0, @occurredAtMs, @occurredAtMs
            FROM webhook_subscriptions WHERE event_type = @type
            """, new { id, type, occurredAtMs }, transaction);
        if (connection is NpgsqlConnection)
            connection.Execute($"SELECT pg_notify('{EventsChannel}', '')", transaction: transaction);
        writer.OnCommitted(Wake);
        return true;
    }

    /// <summary>Whether any webhook subscribes to <paramref name="type"/>: a rule asks before it does any work of its own.</summary>
    internal static bool HasSubscribers(DbConnection connection, DbTransaction transaction, string type) =>
        connection.ExecuteScalar<bool>("SELECT EXISTS (SELECT 1 FROM webhook_subscriptions WHERE event_type = @type)", new { type }, transaction);

    /// <summary>A timestamp in an event body: ISO-8601 UTC with milliseconds and a 'Z', as the admin API writes them.</summary>
    internal static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>
    /// Pending deliveries due at <paramref name="now"/>, earliest first, at most <paramref name="perWebhook"/> of each webhook so
    /// that one receiver's backlog does not hide the others'.
    /// </summary>
    public async Task<IReadOnlyList<DueDelivery>> DueAsync(DateTimeOffset now, int perWebhook, int limit, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var rows = await connection.QueryAsync<DueRow>(new CommandDefinition(
            $"""
            SELECT d.id, d.webhook_id, w.url, w.secret, e.id AS event_id, e.type, e.body, d.attempts, d.created_at
            FROM (SELECT id, webhook_id, event_id, attempts, created_at, next_attempt_at,
                         ROW_NUMBER() OVER (PARTITION BY webhook_id ORDER BY next_attempt_at, id) AS place
                  FROM webhook_deliveries WHERE outcome = '{DeliveryOutcomes.Pending}' AND next_attempt_at <= @nowMs) d
            JOIN webhooks w ON w.id = d.webhook_id
            JOIN webhook_events e ON e.id = d.event_id
            WHERE d.place <= @perWebhook
            ORDER BY d.next_attempt_at, d.id
            LIMIT @limit
            """, new { nowMs = UnixTime.ToMs(now), perWebhook, limit }, cancellationToken: ct));
        return rows.Select(r => new DueDelivery(r.Id, r.WebhookId, r.Url, r.Secret, r.EventId, r.Type, r.Body, (int)r.Attempts,
            UnixTime.FromMs(r.CreatedAt))).ToList();
    }

    /// <summary>The earliest next attempt after <paramref name="now"/>, or null when nothing is waiting.</summary>
    public async Task<DateTimeOffset?> NextAttemptAfterAsync(DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return UnixTime.FromMs(await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            $"SELECT MIN(next_attempt_at) FROM webhook_deliveries WHERE outcome = '{DeliveryOutcomes.Pending}' AND next_attempt_at > @nowMs",
            new { nowMs = UnixTime.ToMs(now) }, cancellationToken: ct)));
    }

    /// <summary>
    /// Records one attempt: <paramref name="outcome"/> Pending with <paramref name="nextAttemptAt"/> to try again, or Delivered or
    /// Failed for good. Waited for, so a restart finds the next attempt's time.
    /// </summary>
    public Task RecordAttemptAsync(long deliveryId, DateTimeOffset at, string outcome, int? statusCode, string? error, DateTimeOffset? nextAttemptAt,
        CancellationToken ct)
    {
        var atMs = UnixTime.ToMs(at);
        var completedAtMs = outcome == DeliveryOutcomes.Pending ? (long?)null : atMs;
        return writer.WriteAsync((connection, transaction) => connection.Execute(
            """
            UPDATE webhook_deliveries SET outcome = @outcome, attempts = attempts + 1, status_code = @statusCode, error = @error,
                last_attempt_at = @atMs, next_attempt_at = @nextMs, completed_at = @completedAtMs
            WHERE id = @deliveryId
            """, new { deliveryId, outcome, statusCode, error, atMs, nextMs = UnixTime.ToMs(nextAttemptAt), completedAtMs }, transaction), ct);
    }

    /// <summary>Deletes events that occurred before <paramref name="before"/> and wait for no delivery, with their deliveries.</summary>
    /// <returns>How many events went.</returns>
    public Task<int> PruneAsync(DateTimeOffset before, CancellationToken ct)
    {
        var beforeMs = UnixTime.ToMs(before);
        return writer.WriteAsync((connection, transaction) =>
        {
            const string old =
                $"""
                SELECT e.id FROM webhook_events e WHERE e.occurred_at < @beforeMs
                AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.event_id = e.id AND d.outcome = '{DeliveryOutcomes.Pending}')
                """;
            connection.Execute($"DELETE FROM webhook_deliveries WHERE event_id IN ({old})", new { beforeMs }, transaction);
            return connection.Execute($"DELETE FROM webhook_events WHERE id IN ({old})", new { beforeMs }, transaction);
        }, ct);
    }

    /// <summary>A webhook's deliveries, newest first, paged, of one outcome or all; and how many there are.</summary>
    public async Task<(IReadOnlyList<WebhookDelivery> Items, long Total)> ListAsync(string webhookId, string? outcome, int limit, int offset,
        CancellationToken ct)
    {
        const string where = "WHERE d.webhook_id = @webhookId AND (@outcome IS NULL OR d.outcome = @outcome)";
        var parameters = new { webhookId, outcome, limit, offset };
        await using var connection = await database.OpenAsync(ct);
        var rows = await connection.QueryAsync<ListedRow>(new CommandDefinition(
            $"""
            SELECT d.id, e.id AS event_id, e.type, e.occurred_at, e.charge_point_id, d.outcome, d.attempts, d.status_code, d.error,
                   d.last_attempt_at, d.next_attempt_at, d.completed_at
            FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id
            {where}
            ORDER BY d.id DESC LIMIT @limit OFFSET @offset
            """, parameters, cancellationToken: ct));
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            $"SELECT COUNT(*) FROM webhook_deliveries d {where}", parameters, cancellationToken: ct));
        return (rows.Select(r => new WebhookDelivery(r.Id, r.EventId, r.Type, UnixTime.FromMs(r.OccurredAt), r.ChargePointId, r.Outcome,
            (int)r.Attempts, (int?)r.StatusCode, r.Error, UnixTime.FromMs(r.LastAttemptAt), r.Outcome == DeliveryOutcomes.Pending ? UnixTime.FromMs(r.NextAttemptAt) : null,
            UnixTime.FromMs(r.CompletedAt))).ToList(), total);
    }

    private sealed class DueRow
    {
        public long Id { get; init; }
        public string WebhookId { get; init; } = "";
        public string Url { get; init; } = "";
        public string Secret { get; init; } = "";
        public string EventId { get; init; } = "";
        public string Type { get; init; } = "";
        public string Body { get; init; } = "";
        public long Attempts { get; init; }
        public long CreatedAt { get; init; }
    }

    private sealed class ListedRow
    {
        public long Id { get; init; }
        public string EventId { get; init; } = "";
        public string Type { get; init; } = "";
        public long OccurredAt { get; init; }
        public string? ChargePointId { get; init; }
        public string Outcome { get; init; } = "";
        public long Attempts { get; init; }
        public long? StatusCode { get; init; }
        public string? Error { get; init; }
        public long? LastAttemptAt { get; init; }
        public long? NextAttemptAt { get; init; }
        public long? CompletedAt { get; init; }
    }
}

using System.Data.Common;
using Dapper;

namespace OcppCentral.Storage;

/// <summary>
/// <c>webhooks</c> and <c>webhook_subscriptions</c> (docs/webhooks.md): the registrations, changed through the writer so a
/// change and the events raised beside it are ordered.
/// </summary>
public sealed class WebhookStore(Database database, StorageWriter writer)
{
    /// <summary>How many webhooks may be registered: each event is stored once per subscriber.</summary>
    public const int MaxWebhooks = 100;

    /// <summary>What <see cref="UpsertAsync"/> did.</summary>
    public enum Change { Created, Updated, SecretMissing, TooMany }

    /// <summary>
    /// Creates or replaces webhook <paramref name="id"/>; a null <paramref name="secret"/> keeps the stored one (a new webhook
    /// needs one). Its event types are replaced; deliveries already pending stay.
    /// </summary>
    /// <param name="audit">The audit row of the change, appended in the same transaction when the change is made.</param>
    public Task<(Change Change, Webhook? Webhook)> UpsertAsync(string id, string url, string? secret, IReadOnlyList<string> eventTypes,
        DateTimeOffset now, AuditDraft audit, CancellationToken ct)
    {
        var nowMs = UnixTime.ToMs(now);
        return writer.WriteAsync<(Change, Webhook?)>((connection, transaction) =>
        {
            var exists = connection.ExecuteScalar<bool>("SELECT EXISTS (SELECT 1 FROM webhooks WHERE id = @id)", new { id }, transaction);
            if (!exists)
            {
                if (secret is null)
                    return (Change.SecretMissing, null);
                if (connection.ExecuteScalar<long>("SELECT COUNT(*) FROM webhooks", transaction: transaction) >= MaxWebhooks)
                    return (Change.TooMany, null);
                connection.Execute("INSERT INTO webhooks (id, url, secret, created_at, updated_at) VALUES (@id, @url, @secret, @nowMs, @nowMs)",
                    new { id, url, secret, nowMs }, transaction);
            }
            else
            {
                connection.Execute("UPDATE webhooks SET url = @url, secret = COALESCE(@secret, secret), updated_at = @nowMs WHERE id = @id",
                    new { id, url, secret, nowMs }, transaction);
                connection.Execute("DELETE FROM webhook_subscriptions WHERE webhook_id = @id", new { id }, transaction);
            }
            foreach (var type in eventTypes.Distinct(StringComparer.Ordinal))
                connection.Execute("INSERT INTO webhook_subscriptions (webhook_id, event_type) VALUES (@id, @type)", new { id, type }, transaction);
            // Never the secret: only whether this change set one.
            AuditStore.Append(connection, transaction, audit,
                $"{string.Join(",", eventTypes.Distinct(StringComparer.Ordinal))}{(secret is null ? "" : "; secret set")}");
            return (exists ? Change.Updated : Change.Created, Find(connection, transaction, id));
        }, ct);
    }

    /// <returns>False when there was no such webhook. Its deliveries go with it.</returns>
    /// <param name="audit">The audit row of the change, appended in the same transaction when the webhook was there.</param>
    public Task<bool> DeleteAsync(string id, AuditDraft audit, CancellationToken ct) =>
        writer.WriteAsync((connection, transaction) =>
        {
            if (connection.Execute("DELETE FROM webhooks WHERE id = @id", new { id }, transaction) == 0)
                return false;
            AuditStore.Append(connection, transaction, audit, null);
            return true;
        }, ct);

    public async Task<Webhook?> FindAsync(string id, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return Find(connection, null, id);
    }

    public async Task<IReadOnlyList<Webhook>> ListAsync(CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var rows = await connection.QueryAsync<WebhookRow>(new CommandDefinition("SELECT * FROM webhooks ORDER BY id", cancellationToken: ct));
        var types = (await connection.QueryAsync<(string WebhookId, string EventType)>(new CommandDefinition(
            "SELECT webhook_id, event_type FROM webhook_subscriptions ORDER BY webhook_id, event_type", cancellationToken: ct)))
            .ToLookup(s => s.WebhookId, s => s.EventType);
        return rows.Select(r => r.ToWebhook(types[r.Id].ToList())).ToList();
    }

    private static Webhook? Find(DbConnection connection, DbTransaction? transaction, string id)
    {
        var row = connection.QuerySingleOrDefault<WebhookRow>("SELECT * FROM webhooks WHERE id = @id", new { id }, transaction);
        if (row is null)
            return null;
        var types = connection.Query<string>("SELECT event_type FROM webhook_subscriptions WHERE webhook_id = @id ORDER BY event_type",
            new { id }, transaction).ToList();
        return row.ToWebhook(types);
    }

    private sealed class WebhookRow
    {
        public string Id { get; init; } = "";
        public string Url { get; init; } = "";
        public string Secret { get; init; } = "";
        public long CreatedAt { get; init; }
        public long UpdatedAt { get; init; }

        public Webhook ToWebhook(IReadOnlyList<string> eventTypes) =>
            new(Id, Url, Secret, eventTypes, UnixTime.FromMs(CreatedAt), UnixTime.FromMs(UpdatedAt));
    }
}

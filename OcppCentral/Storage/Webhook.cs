namespace OcppCentral.Storage;

/// <summary>
/// A registered receiver (docs/webhooks.md): where events are POSTed, the secret that signs them and the event types it
/// subscribes to. The secret leaves the store only for signing; answers say whether one is set.
/// </summary>
public sealed record Webhook(string Id, string Url, string Secret, IReadOnlyList<string> EventTypes, DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    // Never printed by a log line or a debugger view that formats the record.
    public override string ToString() => $"Webhook {{ Id = {Id}, EventTypes = [{string.Join(", ", EventTypes)}] }}";
}

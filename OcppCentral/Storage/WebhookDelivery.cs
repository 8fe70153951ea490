namespace OcppCentral.Storage;

/// <summary>One delivery of an event to a webhook as listed (docs/webhooks.md): its outcome, the last answer and the next attempt.</summary>
public sealed record WebhookDelivery(long Id, string EventId, string Type, DateTimeOffset OccurredAt, string? ChargePointId, string Outcome,
    int Attempts, int? StatusCode, string? Error, DateTimeOffset? LastAttemptAt, DateTimeOffset? NextAttemptAt, DateTimeOffset? CompletedAt);

/// <summary>The values of <see cref="WebhookDelivery.Outcome"/>.</summary>
public static class DeliveryOutcomes
{
    public const string Pending = "Pending";
    public const string Delivered = "Delivered";
    public const string Failed = "Failed";
}

/// <summary>A delivery whose attempt is due, with what the worker needs to send and sign it.</summary>
public sealed record DueDelivery(long Id, string WebhookId, string Url, string Secret, string EventId, string Type, string Body, int Attempts,
    DateTimeOffset CreatedAt)
{
    public override string ToString() => $"DueDelivery {{ Id = {Id}, WebhookId = {WebhookId}, Type = {Type}, Attempts = {Attempts} }}";
}

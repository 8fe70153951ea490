using OcppCentral.Storage;

namespace OcppCentral.Admin.Webhooks;

/// <summary>A webhook as the admin API shows it: never its secret, only whether one is set.</summary>
public sealed record WebhookView(string Id, string Url, IReadOnlyList<string> EventTypes, bool SecretSet, DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static WebhookView Of(Webhook webhook) =>
        new(webhook.Id, webhook.Url, webhook.EventTypes, webhook.Secret.Length > 0, webhook.CreatedAt, webhook.UpdatedAt);
}

namespace OcppCentral.Admin.Webhooks;

/// <summary>
/// Body of PUT /api/webhooks/{id} (docs/webhooks.md): the receiver's http(s) URL, the secret that signs each body (16 to 256
/// bytes in UTF-8; may be left out to keep the one set) and the event types, a non-empty subset of
/// <see cref="Storage.WebhookEventTypes.All"/>.
/// </summary>
public sealed class WebhookRegistration
{
    public const int MaxUrlLength = 2000;
    public const int MinSecretBytes = 16;
    public const int MaxSecretBytes = 256;

    public string? Url { get; init; }

    public string? Secret { get; init; }

    public IReadOnlyList<string>? EventTypes { get; init; }
}

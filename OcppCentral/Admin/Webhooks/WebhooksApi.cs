using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using OcppCentral.Admin.Audit;
using OcppCentral.Operations;
using OcppCentral.Storage;

namespace OcppCentral.Admin.Webhooks;

/// <summary>
/// /api/webhooks (docs/webhooks.md): the receivers of event notifications, and each one's deliveries with their outcome.
/// Secrets are taken, never shown nor logged.
/// </summary>
public static class WebhooksApi
{
    public const int MaxIdLength = 64;
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    public static RouteGroupBuilder MapWebhooksApi(this RouteGroupBuilder api)
    {
        api.MapGet("/webhooks", ListAsync).WithName("ListWebhooks").WithSummary("Registered webhooks with their event types (never their secrets)");
        api.MapGet("/webhooks/{id}", GetAsync).WithName("GetWebhook").WithSummary("One webhook").ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPut("/webhooks/{id}", PutAsync).WithName("PutWebhook")
            .WithSummary("Register a webhook or change its URL, secret or event types").DescribesBody<WebhookRegistration>()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapDelete("/webhooks/{id}", DeleteAsync).WithName("DeleteWebhook")
            .WithSummary("Delete a webhook and its deliveries").ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/webhooks/{id}/deliveries", DeliveriesAsync).WithName("ListWebhookDeliveries")
            .WithSummary("A webhook's deliveries, newest first, with outcome, status code, attempts and next attempt")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<Ok<List<WebhookView>>> ListAsync(WebhookStore store, CancellationToken ct) =>
        TypedResults.Ok((await store.ListAsync(ct)).Select(WebhookView.Of).ToList());

    private static async Task<Results<Ok<WebhookView>, ProblemHttpResult>> GetAsync(string id, WebhookStore store, CancellationToken ct) =>
        await store.FindAsync(id, ct) is { } webhook ? TypedResults.Ok(WebhookView.Of(webhook)) : Problems.NotFound($"There is no webhook '{id}'.");

    /// <summary>Every problem in one answer, each naming its field.</summary>
    private static async Task<Results<Ok<WebhookView>, ProblemHttpResult>> PutAsync(string id, HttpRequest request, IOptions<JsonOptions> json,
        WebhookStore store, TimeProvider time, ILogger<WebhookStore> logger, CancellationToken ct)
    {
        var (body, errors, problem) = await RequestBody.ReadAsync<WebhookRegistration>(request, json.Value.SerializerOptions, ct);
        if (body is null)
            return problem!;
        if (IdProblem(id) is { } idProblem)
            errors.AddChecked("id", idProblem);
        if (UrlProblem(body.Url) is { } urlProblem)
            errors.AddChecked("url", urlProblem);
        if (body.Secret is { } secret && Encoding.UTF8.GetByteCount(secret) is < WebhookRegistration.MinSecretBytes or > WebhookRegistration.MaxSecretBytes)
            errors.AddChecked("secret", $"A secret has {WebhookRegistration.MinSecretBytes} to {WebhookRegistration.MaxSecretBytes} bytes in UTF-8.");
        if (body.EventTypes is not { Count: > 0 } types)
            errors.AddChecked("eventTypes", $"eventTypes lists one or more of {string.Join(", ", WebhookEventTypes.All)}.");
        else
            for (var i = 0; i < types.Count; i++)
                if (!WebhookEventTypes.All.Contains(types[i], StringComparer.Ordinal))
                    errors.AddChecked($"eventTypes[{i}]", $"'{types[i]}' is not an event type; they are {string.Join(", ", WebhookEventTypes.All)}.");
        if (errors.Count > 0)
            return Problems.Invalid(errors.ToDictionary());

        var (change, webhook) = await store.UpsertAsync(id, body.Url!, body.Secret, body.EventTypes!, time.GetUtcNow(),
            AuditDrafts.For(request.HttpContext, StatusCodes.Status200OK), ct);
        switch (change)
        {
            case WebhookStore.Change.SecretMissing:
                return Problems.Invalid("secret", "A new webhook needs a secret.");
            case WebhookStore.Change.TooMany:
                return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Too many webhooks",
                    detail: $"At most {WebhookStore.MaxWebhooks} webhooks can be registered; delete one first.");
        }
        // The URL may carry a token of the receiver's, so the log names the webhook only.
        logger.LogInformation("Webhook {WebhookId} {Change} for {EventTypes} (secret {SecretChange})", id,
            change == WebhookStore.Change.Created ? "registered" : "updated", string.Join(", ", webhook!.EventTypes),
            body.Secret is null ? "unchanged" : "set");
        return TypedResults.Ok(WebhookView.Of(webhook));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string id, HttpContext http, WebhookStore store,
        ILogger<WebhookStore> logger, CancellationToken ct)
    {
        if (!await store.DeleteAsync(id, AuditDrafts.For(http, StatusCodes.Status204NoContent), ct))
            return Problems.NotFound($"There is no webhook '{id}'.");
        logger.LogInformation("Webhook {WebhookId} deleted", id);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<WebhookDeliveriesPage>, ProblemHttpResult>> DeliveriesAsync(string id, string? outcome, int? limit,
        int? offset, WebhookStore store, WebhookOutbox outbox, CancellationToken ct)
    {
        if (outcome is not (null or DeliveryOutcomes.Pending or DeliveryOutcomes.Delivered or DeliveryOutcomes.Failed))
            return Problems.Invalid("outcome", $"outcome is {DeliveryOutcomes.Pending}, {DeliveryOutcomes.Delivered} or {DeliveryOutcomes.Failed}.");
        if (Paging.Check(limit, offset, MaxLimit) is { } paging)
            return paging;
        if (await store.FindAsync(id, ct) is null)
            return Problems.NotFound($"There is no webhook '{id}'.");
        var (items, total) = await outbox.ListAsync(id, outcome, limit ?? DefaultLimit, offset ?? 0, ct);
        return TypedResults.Ok(new WebhookDeliveriesPage(total, limit ?? DefaultLimit, offset ?? 0, items));
    }

    private static string? IdProblem(string id) =>
        id.Length is 0 or > MaxIdLength || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-')
            ? $"A webhook id is 1 to {MaxIdLength} letters, digits, '.', '_' or '-'."
            : null;

    private static string? UrlProblem(string? url)
    {
        if (string.IsNullOrEmpty(url))
            return "url is required: the http or https address events are POSTed to.";
        if (url.Length > WebhookRegistration.MaxUrlLength)
            return $"A url has at most {WebhookRegistration.MaxUrlLength} characters.";
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || string.IsNullOrEmpty(uri.Host))
            return "url must be an absolute http:// or https:// address.";
        return null;
    }
}

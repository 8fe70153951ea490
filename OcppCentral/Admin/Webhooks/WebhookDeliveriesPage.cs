using OcppCentral.Storage;

namespace OcppCentral.Admin.Webhooks;

/// <summary>A page of GET /api/webhooks/{id}/deliveries: how many match in all, the page asked for, and its deliveries.</summary>
public sealed record WebhookDeliveriesPage(long Total, int Limit, int Offset, IReadOnlyList<WebhookDelivery> Items);

using OcppCentral.Storage;

namespace OcppCentral.Admin.ChargePoints;

/// <summary>A page of GET /api/chargepoints/{id}/events: how many match in all, the page asked for, and its events.</summary>
public sealed record ChargerEventsPage(long Total, int Limit, int Offset, IReadOnlyList<ChargerEvent> Items);

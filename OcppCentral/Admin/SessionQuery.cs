namespace OcppCentral.Admin;

/// <summary>Filters and paging of GET /api/sessions; from inclusive, to exclusive, on startTime.</summary>
public sealed record SessionQuery(string? ChargePointId, string? Status, long? FromMs, long? ToMs, int Limit, int Offset);

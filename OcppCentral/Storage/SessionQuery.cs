namespace OcppCentral.Storage;

/// <summary>Filters and paging of a session list, newest first; from inclusive, to exclusive, on startTime; null means any.</summary>
public sealed record SessionQuery(string? ChargePointId, string? Status, DateTimeOffset? From, DateTimeOffset? To, int Limit, int Offset);

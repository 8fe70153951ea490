namespace OcppCentral.Storage;

/// <summary>
/// Which Completed sessions the what-if reads (docs/sessions-and-pricing.md): started in [<paramref name="From"/>, <paramref name="To"/>),
/// of these chargers (null: all) and pinned to this tariff (null: any).
/// </summary>
public sealed record ClosedSessionFilter(DateTimeOffset From, DateTimeOffset To, IReadOnlyList<string>? ChargePointIds = null, string? TariffId = null);

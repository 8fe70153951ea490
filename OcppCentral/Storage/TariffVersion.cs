using OcppCentral.Pricing;

namespace OcppCentral.Storage;

/// <summary>One version of a tariff (docs/corrections.md): what a PUT stored, who stored it and when.</summary>
public sealed record TariffVersion(string TariffId, int Version, string Actor, DateTimeOffset CreatedAt, TariffDocument Tariff);

using OcppCentral.Pricing;

namespace OcppCentral.Admin.Tariffs;

/// <summary>
/// The body of POST /api/tariffs/simulate: a candidate tariff (the shape PUT /api/tariffs/{id} takes; its id may be left
/// out) and the range of session start times [from, to) to re-price, optionally for one charger.
/// </summary>
public sealed record TariffSimulationRequest
{
    public TariffDocument? Tariff { get; init; }

    /// <summary>ISO-8601; inclusive.</summary>
    public string? From { get; init; }

    /// <summary>ISO-8601; exclusive.</summary>
    public string? To { get; init; }

    public string? ChargePointId { get; init; }
}

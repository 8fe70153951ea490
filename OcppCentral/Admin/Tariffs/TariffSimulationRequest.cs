using OcppCentral.Pricing;

namespace OcppCentral.Admin.Tariffs;

/// <summary>
/// The body of POST /api/tariffs/simulate (docs/sessions-and-pricing.md): either a candidate tariff (the shape PUT /api/tariffs/{id}
/// takes; its id may be left out) or an <see cref="Adjust"/> of every session's own tariff, the range of session start times
/// [from, to) to re-price, and optionally which sessions: one charger or a list of them, and those pinned to one tariff.
/// </summary>
public sealed record TariffSimulationRequest
{
    public TariffDocument? Tariff { get; init; }

    /// <summary>Instead of <see cref="Tariff"/>: each session's pinned tariff with every price and fee scaled.</summary>
    public TariffAdjustmentRequest? Adjust { get; init; }

    /// <summary>ISO-8601; inclusive.</summary>
    public string? From { get; init; }

    /// <summary>ISO-8601; exclusive.</summary>
    public string? To { get; init; }

    public string? ChargePointId { get; init; }

    /// <summary>Only the sessions of these chargers (instead of <see cref="ChargePointId"/>).</summary>
    public IReadOnlyList<string?>? ChargePointIds { get; init; }

    /// <summary>Only the sessions pinned to this tariff.</summary>
    public string? TariffId { get; init; }
}

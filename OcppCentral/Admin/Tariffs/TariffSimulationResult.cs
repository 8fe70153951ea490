using System.Text.Json.Serialization;
using OcppCentral.Pricing;

namespace OcppCentral.Admin.Tariffs;

/// <summary>
/// The answer of POST /api/tariffs/simulate (docs/sessions-and-pricing.md): the range and the candidate as understood (canonical
/// document; null for an <see cref="Adjust"/>), the filters given, actual against candidate revenue in total and per charger (by
/// id), for an adjustment also per currency, and warnings an operator should read before trusting a difference (sessions closed
/// without a price, currencies that differ).
/// </summary>
public sealed record TariffSimulationResult(
    DateTimeOffset From,
    DateTimeOffset To,
    string? ChargePointId,
    TariffDocument? Tariff,
    RevenueComparison Total,
    IReadOnlyList<RevenueComparison> ChargePoints,
    IReadOnlyList<string> Warnings)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public TariffAdjustmentRequest? Adjust { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? ChargePointIds { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? TariffId { get; init; }

    /// <summary>An adjustment's comparison per currency the sessions are priced in (each session keeps its own currency).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<RevenueComparison>? Currencies { get; init; }
}

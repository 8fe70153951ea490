using OcppCentral.Pricing;

namespace OcppCentral.Admin.Tariffs;

/// <summary>
/// The answer of POST /api/tariffs/simulate: the range and the candidate as understood (canonical document), actual
/// against candidate revenue in total and per charger (by id), and warnings an operator should read before trusting a
/// difference (sessions closed without a price, currencies that differ from the candidate's).
/// </summary>
public sealed record TariffSimulationResult(
    DateTimeOffset From,
    DateTimeOffset To,
    string? ChargePointId,
    TariffDocument Tariff,
    RevenueComparison Total,
    IReadOnlyList<RevenueComparison> ChargePoints,
    IReadOnlyList<string> Warnings);

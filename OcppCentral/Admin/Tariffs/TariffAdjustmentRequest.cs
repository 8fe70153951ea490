namespace OcppCentral.Admin.Tariffs;

/// <summary>
/// The <c>adjust</c> of POST /api/tariffs/simulate (docs/sessions-and-pricing.md): every price and fee of each session's own
/// tariff scaled by (1 + percent / 100), the tax rate unchanged.
/// </summary>
public sealed record TariffAdjustmentRequest
{
    /// <summary>−100 to 1000, at most 2 decimals; negative lowers the prices.</summary>
    public decimal? Percent { get; init; }
}

namespace OcppCentral.Sessions;

/// <summary>
/// The computed figures of a session record (docs/sessions-and-pricing.md). Invariants: EnergyKwh = EnergyWh / 1000,
/// EndRegisterWh = meterStart + EnergyWh, ChargingMinutes + IdleMinutes = DurationMinutes.
/// </summary>
/// <param name="EnergySource">One of <see cref="EnergySources"/>: which reading the billed energy came from.</param>
/// <param name="EndRegisterWh">The register value the billed energy ends at; pricing places the energy on a curve ending there.</param>
/// <param name="MaxPowerKw">
/// Largest Power.Active.Import sample, else the largest interval average of the reported curve
/// (<see cref="EnergyCurve"/>); null without either.
/// </param>
/// <param name="AveragePowerKw">EnergyKwh per charging hour; null without charging time.</param>
public sealed record SessionSummary(
    decimal EnergyWh,
    decimal EnergyKwh,
    string EnergySource,
    decimal EndRegisterWh,
    decimal DurationMinutes,
    decimal ChargingMinutes,
    decimal IdleMinutes,
    decimal? MaxPowerKw,
    decimal? AveragePowerKw,
    decimal? SocStartPercent,
    decimal? SocEndPercent)
{
    // A bill never credits the driver for a meter that went backwards (docs/sessions-and-pricing.md: energy never negative).
    public decimal EnergyWh { get; init => field = Guard.NotNegative(value, nameof(EnergyWh)); } =
        Guard.NotNegative(EnergyWh, nameof(EnergyWh));

    public decimal EnergyKwh { get; init => field = Guard.NotNegative(value, nameof(EnergyKwh)); } =
        Guard.NotNegative(EnergyKwh, nameof(EnergyKwh));

    public string EnergySource { get; init => field = Known(value); } = Known(EnergySource);

    public decimal DurationMinutes { get; init => field = Guard.NotNegative(value, nameof(DurationMinutes)); } =
        Guard.NotNegative(DurationMinutes, nameof(DurationMinutes));

    public decimal ChargingMinutes { get; init => field = Guard.NotNegative(value, nameof(ChargingMinutes)); } =
        Guard.NotNegative(ChargingMinutes, nameof(ChargingMinutes));

    public decimal IdleMinutes { get; init => field = Guard.NotNegative(value, nameof(IdleMinutes)); } =
        Guard.NotNegative(IdleMinutes, nameof(IdleMinutes));

    private static string Known(string source) => source is not null && EnergySources.IsKnown(source)
        ? source
        : throw new ArgumentException($"Unknown energy source '{source}'.", nameof(EnergySource));
}

using OcppCentral.Sessions;

namespace OcppCentral.Pricing;

/// <summary>
/// What the calculator needs to know about a session (docs/sessions-and-pricing.md, Sessions and Pricing). Billed energy is
/// <paramref name="EndRegisterWh"/> − <paramref name="MeterStartWh"/>, never below 0;
/// <paramref name="EndRegisterWh"/> is meterStop, or the last register reading for an active
/// session or an unusable meterStop (the session's energySource says which).
/// <paramref name="EnergyReadings"/> place that energy in time: they may be unsorted, lie outside
/// [start, stop] (those are ignored) or go backwards.
/// </summary>
public sealed record PricingInput(
    DateTimeOffset StartTime,
    DateTimeOffset StopTime,
    decimal MeterStartWh,
    decimal EndRegisterWh,
    IReadOnlyList<EnergyReading> EnergyReadings,
    decimal DurationMinutes,
    decimal IdleMinutes)
{
    public decimal BilledWh => Math.Max(0m, EndRegisterWh - MeterStartWh);
}

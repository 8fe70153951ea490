namespace OcppCentral.Pricing;

/// <summary>An energy register reading (Energy.Active.Import.Register, normalised to Wh) at an instant.</summary>
public sealed record EnergyReading(DateTimeOffset Timestamp, decimal RegisterWh);

namespace OcppCentral.Sessions;

/// <summary>The session's Energy.Active.Import.Register at one moment, in Wh, after phases and locations are resolved.</summary>
public sealed record EnergyReading(DateTimeOffset Timestamp, decimal RegisterWh);

namespace OcppCentral.Storage;

/// <summary>A Connected or Disconnected of a charger, as availability is computed from them (docs/charger-health.md).</summary>
public sealed record LinkEvent(string ChargePointId, long AtMs, bool Connected);

namespace OcppCentral.Messages;

/// <summary>OCPP 1.6 §5.2: Inoperative or Operative, for one connector or (0) the whole charger.</summary>
public sealed record ChangeAvailabilityRequest(int ConnectorId, string Type);

public sealed record ChangeAvailabilityResponse(string Status);

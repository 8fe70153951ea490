namespace OcppCentral.Messages;

/// <summary>OCPP 1.6 §5.18: Unlocked, UnlockFailed or NotSupported.</summary>
public sealed record UnlockConnectorRequest(int ConnectorId);

public sealed record UnlockConnectorResponse(string Status);

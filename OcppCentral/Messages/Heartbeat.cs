namespace OcppCentral.Messages;

/// <summary>OCPP 1.6 §4.6: keeps the link alive and the charger's clock in step.</summary>
public sealed record HeartbeatRequest;

public sealed record HeartbeatResponse(DateTimeOffset CurrentTime);

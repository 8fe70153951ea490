namespace OcppCentral.Protocol;

/// <summary>Who sent a CALL, and when the server received it.</summary>
public sealed record OcppRequestContext(string ChargePointId, string MessageId, DateTimeOffset ReceivedAt);

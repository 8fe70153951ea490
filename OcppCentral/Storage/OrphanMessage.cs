namespace OcppCentral.Storage;

/// <summary>
/// A MeterValues or StopTransaction for a transaction this server does not know (docs/anomalies-and-feedback.md): the transactionId as the
/// charger sent it (an integer as text, so that 2^63−1 survives) and the payload as JSON text.
/// </summary>
public sealed record OrphanMessage(long Id, string ChargePointId, string Action, string? TransactionId, string Payload, DateTimeOffset ReceivedAt);

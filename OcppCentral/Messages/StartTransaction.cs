namespace OcppCentral.Messages;

/// <summary>OCPP 1.6 §4.8: a transaction started; the answer assigns its transactionId.</summary>
public sealed record StartTransactionRequest(
    int ConnectorId,
    string IdTag,
    long MeterStart,
    DateTimeOffset Timestamp,
    int? ReservationId = null);

public sealed record StartTransactionResponse(IdTagInfo IdTagInfo, long TransactionId);

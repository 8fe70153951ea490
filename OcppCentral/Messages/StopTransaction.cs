using System.Numerics;

namespace OcppCentral.Messages;

/// <summary>
/// OCPP 1.6 §4.10: a transaction stopped. reason defaults to Local when absent; transactionData carries
/// meter values that are stored like MeterValues. transactionId may be any JSON integer (see MeterValuesRequest).
/// </summary>
public sealed record StopTransactionRequest(
    long MeterStop,
    DateTimeOffset Timestamp,
    BigInteger TransactionId,
    string? IdTag = null,
    string? Reason = null,
    IReadOnlyList<MeterValue>? TransactionData = null);

public sealed record StopTransactionResponse(IdTagInfo? IdTagInfo = null);

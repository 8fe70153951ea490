namespace OcppCentral.Messages;

/// <summary>OCPP 1.6 §5.12: the central system asks the charger to stop a transaction.</summary>
public sealed record RemoteStopTransactionRequest(long TransactionId);

public sealed record RemoteStopTransactionResponse(string Status);

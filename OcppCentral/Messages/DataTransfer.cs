namespace OcppCentral.Messages;

/// <summary>OCPP 1.6 §4.3 and §5.6: vendor-specific data, in either direction.</summary>
public sealed record DataTransferRequest(string VendorId, string? MessageId = null, string? Data = null);

public sealed record DataTransferResponse(DataTransferStatus Status, string? Data = null);

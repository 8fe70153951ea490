namespace OcppCentral.Messages;

/// <summary>OCPP 1.6 §4.9: a connector's (or, for connector 0, the charger's) status and error code.</summary>
public sealed record StatusNotificationRequest(
    int ConnectorId,
    string ErrorCode,
    string Status,
    string? Info = null,
    DateTimeOffset? Timestamp = null,
    string? VendorId = null,
    string? VendorErrorCode = null);

public sealed record StatusNotificationResponse;

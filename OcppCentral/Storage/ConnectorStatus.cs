namespace OcppCentral.Storage;

/// <summary>The last StatusNotification of one connector (connector 0 is the charger itself).</summary>
public sealed record ConnectorStatus(string ChargePointId, int ConnectorId, string Status, string ErrorCode, string? Info,
    string? VendorErrorCode, DateTimeOffset UpdatedAt);

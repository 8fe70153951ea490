namespace OcppCentral.Storage;

/// <summary>A row of <c>connectors</c>: the last StatusNotification of one connector (0 = the charger itself).</summary>
internal sealed class ConnectorRow
{
    public string ChargePointId { get; init; } = "";
    public long ConnectorId { get; init; }
    public string Status { get; init; } = "";
    public string ErrorCode { get; init; } = "";
    public string? Info { get; init; }
    public string? VendorErrorCode { get; init; }
    public long UpdatedAt { get; init; }

    public ConnectorStatus ToStatus() =>
        new(ChargePointId, (int)ConnectorId, Status, ErrorCode, Info, VendorErrorCode, UnixTime.FromMs(UpdatedAt));
}

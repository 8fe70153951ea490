namespace OcppCentral.Admin.ChargePoints;

/// <summary>A charger as GET /api/chargepoints shows it (docs/admin-api.md).</summary>
public record ChargePointView(
    string Id, string? Vendor, string? Model, string? SerialNumber, string? FirmwareVersion,
    bool Connected, DateTimeOffset? LastSeen, string? TariffId, bool HasPassword, IReadOnlyList<ConnectorView> Connectors,
    int SecurityProfile, string? Name = null, string? Address = null);

/// <summary>One connector's last reported status.</summary>
public sealed record ConnectorView(int ConnectorId, string Status, string ErrorCode, string? Info, DateTimeOffset UpdatedAt);

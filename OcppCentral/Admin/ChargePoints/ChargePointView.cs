namespace OcppCentral.Admin.ChargePoints;

/// <summary>
/// A charger as GET /api/chargepoints shows it (docs/admin-api.md). <see cref="MessageLog"/> is its own message log
/// setting (null: it follows <c>--message-log</c>), <see cref="LogsMessages"/> whether its frames are logged
/// (docs/charger-health.md).
/// </summary>
public record ChargePointView(
    string Id, string? Vendor, string? Model, string? SerialNumber, string? FirmwareVersion,
    bool Connected, DateTimeOffset? LastSeen, string? TariffId, bool HasPassword, IReadOnlyList<ConnectorView> Connectors,
    int SecurityProfile, string? Name = null, string? Address = null, bool? MessageLog = null, bool LogsMessages = false);

/// <summary>One connector's last reported status.</summary>
public sealed record ConnectorView(int ConnectorId, string Status, string ErrorCode, string? Info, DateTimeOffset UpdatedAt);

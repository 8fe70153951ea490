namespace OcppCentral.Admin.ChargePoints;

/// <summary>
/// A charger as GET /api/chargepoints shows it (docs/admin-api.md). <see cref="MessageLog"/> is its own message log
/// setting (null: it follows <c>--message-log</c>), <see cref="LogsMessages"/> whether its frames are logged
/// (docs/charger-health.md).
/// </summary>
/// <param name="CostDisplay">The operator's cost-display setting: true, false, or null for automatic (docs/charger-display.md).</param>
/// <param name="Display">Whether cost messages go to it, and what its configuration said.</param>
public record ChargePointView(
    string Id, string? Vendor, string? Model, string? SerialNumber, string? FirmwareVersion,
    bool Connected, DateTimeOffset? LastSeen, string? TariffId, bool HasPassword, IReadOnlyList<ConnectorView> Connectors,
    int SecurityProfile, string? Name = null, string? Address = null, bool? MessageLog = null, bool LogsMessages = false,
    bool? CostDisplay = null, ChargerDisplayView? Display = null);

/// <summary>
/// A charger's display (docs/charger-display.md): whether cost messages go to it now, and the configuration keys it
/// reported when last read after a boot (null when not read or not reported).
/// </summary>
public sealed record ChargerDisplayView(bool Active, bool? CustomDisplayCostAndPrice, int? NumberOfDecimalsForCostValues, string? Language,
    DateTimeOffset? ReadAt)
{
    public static ChargerDisplayView From(Storage.ChargerDisplay display) =>
        new(display.Active, display.Supported, display.Decimals, display.Language, display.ReadAt);
}

/// <summary>One connector's last reported status.</summary>
public sealed record ConnectorView(int ConnectorId, string Status, string ErrorCode, string? Info, DateTimeOffset UpdatedAt);

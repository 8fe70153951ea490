namespace OcppCentral.Storage;

/// <summary>A registered charger: what it said of itself at its last boot, its password (as a hash) and its tariff.</summary>
/// <param name="PasswordHash">The PBKDF2 hash of its HTTP Basic password (<see cref="Storage.PasswordHash"/>); null without one.</param>
/// <param name="LastSeen">When it was last heard from, as stored (while it is connected, the connection knows better).</param>
/// <param name="SecurityProfile">The lowest OCPP security profile it must connect with, 0 to 3 (docs/tls.md); 0 asks for none.</param>
/// <param name="Name">What drivers call it, as the operator set it (shown on receipts, docs/receipts.md); null when not set.</param>
/// <param name="Address">Where it stands, as the operator set it; null when not set.</param>
/// <param name="MessageLog">Whether its OCPP frames are logged (docs/charger-health.md); null follows <c>--message-log</c>.</param>
public sealed record ChargePoint(string Id, string? PasswordHash, string? TariffId, string? Vendor, string? Model, string? SerialNumber,
    string? FirmwareVersion, DateTimeOffset RegisteredAt, DateTimeOffset? LastBootAt, DateTimeOffset? LastSeen, int SecurityProfile = 0,
    string? Name = null, string? Address = null, bool? MessageLog = null);

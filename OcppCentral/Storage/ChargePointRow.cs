namespace OcppCentral.Storage;

/// <summary>A row of <c>charge_points</c>.</summary>
internal sealed class ChargePointRow
{
    public string Id { get; init; } = "";
    public string? PasswordHash { get; init; }
    public string? TariffId { get; init; }
    public string? Vendor { get; init; }
    public string? Model { get; init; }
    public string? SerialNumber { get; init; }
    public string? FirmwareVersion { get; init; }
    public long RegisteredAt { get; init; }
    public long? LastBootAt { get; init; }
    public long? LastSeen { get; init; }
    public long SecurityProfile { get; init; }
    public string? Name { get; init; }
    public string? Address { get; init; }
    public long? MessageLog { get; init; }

    public ChargePoint ToChargePoint() => new(Id, PasswordHash, TariffId, Vendor, Model, SerialNumber, FirmwareVersion,
        UnixTime.FromMs(RegisteredAt), UnixTime.FromMs(LastBootAt), UnixTime.FromMs(LastSeen), (int)SecurityProfile, Name, Address,
        MessageLog is null ? null : MessageLog != 0);
}

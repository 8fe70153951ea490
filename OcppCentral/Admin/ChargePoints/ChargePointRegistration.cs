namespace OcppCentral.Admin.ChargePoints;

/// <summary>
/// Body of PUT /api/chargepoints/{id}: a missing field is left as it is; tariffId, name or address "" removes it;
/// securityProfile is the lowest OCPP security profile (0 to 3) the charger must connect with (docs/tls.md). Name and
/// address are what a driver's receipt shows (docs/receipts.md).
/// </summary>
public sealed record ChargePointRegistration(string? Password, string? TariffId, int? SecurityProfile = null, string? Name = null,
    string? Address = null)
{
    public const int MaxNameLength = 100;
    public const int MaxAddressLength = 200;
}

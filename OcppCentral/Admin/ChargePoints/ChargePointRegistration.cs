namespace OcppCentral.Admin.ChargePoints;

/// <summary>
/// Body of PUT /api/chargepoints/{id}: a missing field is left as it is; tariffId "" removes the assignment;
/// securityProfile is the lowest OCPP security profile (0 to 3) the charger must connect with (docs/tls.md).
/// </summary>
public sealed record ChargePointRegistration(string? Password, string? TariffId, int? SecurityProfile = null);

namespace OcppCentral.Admin.ChargePoints;

/// <summary>Body of PUT /api/chargepoints/{id}: a missing field is left as it is; tariffId "" removes the assignment.</summary>
public sealed record ChargePointRegistration(string? Password, string? TariffId);

namespace OcppCentral.Admin.ChargePoints;

/// <summary>
/// Body of PUT /api/chargepoints/{id} (docs/admin-api.md, docs/charger-health.md, docs/tls.md): a missing field is left
/// as it is; <c>"password": null</c> removes the password, <c>"tariffId": ""</c> the assignment; securityProfile is the
/// lowest OCPP security profile (0 to 3) the charger must connect with; name and address
/// are what a driver's receipt shows, "" removes them (docs/receipts.md); <c>sendAuthorizationKey</c> sends the new password
/// to the connected charger as its AuthorizationKey; <c>messageLog</c> turns the charger's OCPP message log on or off,
/// <c>null</c> makes it follow <c>--message-log</c> (docs/charger-health.md); <c>costDisplay</c> true or false sends cost
/// messages to its display or not, null follows what the charger reports (docs/charger-display.md). Read by
/// <see cref="RequestBody"/>, which says which members the body held, so a missing password (or messageLog, or costDisplay)
/// and a null one can be told apart.
/// </summary>
public sealed class ChargePointRegistration
{
    public string? Password { get; init; }

    public string? TariffId { get; init; }

    public bool? MessageLog { get; init; }

    public bool? CostDisplay { get; init; }

    public int? SecurityProfile { get; init; }

    public bool? SendAuthorizationKey { get; init; }

    public string? Name { get; init; }

    public string? Address { get; init; }

    public const int MaxNameLength = 100;
    public const int MaxAddressLength = 200;
}

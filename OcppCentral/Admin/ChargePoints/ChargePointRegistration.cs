namespace OcppCentral.Admin.ChargePoints;

/// <summary>
/// Body of PUT /api/chargepoints/{id} (docs/admin-api.md, docs/charger-health.md, docs/tls.md): a missing field is left
/// as it is; <c>"password": null</c> removes the password, <c>"tariffId": ""</c> the assignment; securityProfile is the
/// lowest OCPP security profile (0 to 3) the charger must connect with; name and address
/// are what a driver's receipt shows, "" removes them (docs/receipts.md); <c>sendAuthorizationKey</c> sends the new password
/// to the connected charger as its AuthorizationKey; <c>messageLog</c> turns the charger's OCPP message log on or off,
/// <c>null</c> makes it follow <c>--message-log</c> (docs/charger-health.md); <c>costDisplay</c> true or false sends cost
/// messages to its display or not, null follows what the charger reports (docs/charger-display.md). Read by
/// <see cref="RequestBody"/>, which sets a member that is in the body even when its value is null, so a missing password
/// (or messageLog, or costDisplay) and a null one can be told apart.
/// </summary>
public sealed class ChargePointRegistration
{
    private readonly string? _password;

    public string? Password
    {
        get => _password;
        init
        {
            _password = value;
            PasswordGiven = true;
        }
    }

    /// <summary>Whether the body has a password member at all (null included).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool PasswordGiven { get; private init; }

    public string? TariffId { get; init; }

    private readonly bool? _messageLog;

    public bool? MessageLog
    {
        get => _messageLog;
        init
        {
            _messageLog = value;
            MessageLogGiven = true;
        }
    }

    /// <summary>Whether the body has a messageLog member at all (null included).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool MessageLogGiven { get; private init; }

    private readonly bool? _costDisplay;

    public bool? CostDisplay
    {
        get => _costDisplay;
        init
        {
            _costDisplay = value;
            CostDisplayGiven = true;
        }
    }

    /// <summary>Whether the body has a costDisplay member at all (null included: back to automatic).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool CostDisplayGiven { get; private init; }

    public int? SecurityProfile { get; init; }

    public bool? SendAuthorizationKey { get; init; }

    public string? Name { get; init; }

    public string? Address { get; init; }

    public const int MaxNameLength = 100;
    public const int MaxAddressLength = 200;
}

namespace OcppCentral.Admin.ChargePoints;

/// <summary>
/// The answer to PUT /api/chargepoints/{id}: the charger as stored, what the operator should know (a connected charger
/// that must learn its new password), and how sending the AuthorizationKey went when it was asked for.
/// </summary>
public sealed record ChargePointUpdated : ChargePointView
{
    public ChargePointUpdated(ChargePointView charger, string? notice, AuthorizationKeyOutcome? authorizationKey)
        : base(charger)
    {
        Notice = notice;
        AuthorizationKey = authorizationKey;
    }

    public string? Notice { get; }

    public AuthorizationKeyOutcome? AuthorizationKey { get; }
}

/// <summary>The ChangeConfiguration of AuthorizationKey sent in the same call: its command (see the command log) and how it ended.</summary>
public sealed record AuthorizationKeyOutcome(long CommandId, string Outcome, string? Status);

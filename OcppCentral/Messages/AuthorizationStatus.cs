namespace OcppCentral.Messages;

/// <summary>OCPP 1.6 §7.2.</summary>
public enum AuthorizationStatus
{
    Accepted,
    Blocked,
    Expired,
    Invalid,
    ConcurrentTx,
}

namespace OcppCentral.Messages;

/// <summary>OCPP 1.6 §7.44.</summary>
public enum RegistrationStatus
{
    Accepted,
    Pending,
    Rejected,
}

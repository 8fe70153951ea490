namespace OcppCentral.Protocol;

/// <summary>The first element of every OCPP-J message array (OCPP-J 1.6 §4.1.3).</summary>
public enum MessageTypeId
{
    Call = 2,
    CallResult = 3,
    CallError = 4,
}

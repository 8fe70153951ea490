namespace OcppCentral.Protocol;

/// <summary>
/// The CALLERROR codes of OCPP-J 1.6 §4.2.3, spelled exactly as the specification spells them
/// ("OccurenceConstraintViolation" has one 'r' in 1.6).
/// </summary>
public static class OcppErrorCode
{
    /// <summary>Requested Action is not known by receiver.</summary>
    public const string NotImplemented = "NotImplemented";

    /// <summary>Requested Action is recognized but not supported by the receiver.</summary>
    public const string NotSupported = "NotSupported";

    /// <summary>An internal error occurred and the receiver was not able to process the requested Action.</summary>
    public const string InternalError = "InternalError";

    /// <summary>Payload for Action is incomplete.</summary>
    public const string ProtocolError = "ProtocolError";

    /// <summary>During the processing of Action a security issue occurred.</summary>
    public const string SecurityError = "SecurityError";

    /// <summary>Payload for Action is syntactically incorrect or not conform the PDU structure for Action.</summary>
    public const string FormationViolation = "FormationViolation";

    /// <summary>Payload is syntactically correct but at least one field contains an invalid value.</summary>
    public const string PropertyConstraintViolation = "PropertyConstraintViolation";

    /// <summary>Payload is syntactically correct but at least one field violates occurrence constraints.</summary>
    public const string OccurenceConstraintViolation = "OccurenceConstraintViolation";

    /// <summary>Payload is syntactically correct but at least one field violates data type constraints.</summary>
    public const string TypeConstraintViolation = "TypeConstraintViolation";

    /// <summary>Any other error not covered by the previous ones.</summary>
    public const string GenericError = "GenericError";
}

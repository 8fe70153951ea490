namespace OcppCentral.Protocol;

/// <summary>Thrown by a handler that must answer with a CALLERROR rather than a CALLRESULT.</summary>
public sealed class OcppProtocolException(string errorCode, string description) : Exception(description)
{
    public string ErrorCode { get; } = errorCode;
}

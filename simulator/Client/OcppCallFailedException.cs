namespace ChargeMonitor.Simulator.Client;

/// <summary>The central system answered a CALL with a CALLERROR.</summary>
public sealed class OcppCallFailedException(string action, string errorCode, string description)
    : Exception($"{action} was answered with {errorCode}: {description}")
{
    public string Action { get; } = action;
    public string ErrorCode { get; } = errorCode;
    public string Description { get; } = description;
}

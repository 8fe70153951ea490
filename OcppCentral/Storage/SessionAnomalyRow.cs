namespace OcppCentral.Storage;

/// <summary>One anomaly of a session with what identifies the session: a row of <c>session_anomalies</c> joined to <c>sessions</c>.</summary>
public sealed class SessionAnomalyRow
{
    public long TransactionId { get; init; }
    public string ChargePointId { get; init; } = "";
    public long ConnectorId { get; init; }
    public long StartTime { get; init; }
    public long? StopTime { get; init; }
    public string Status { get; init; } = "";
    public string Code { get; init; } = "";
    public string Detail { get; init; } = "";
}

namespace OcppCentral.Storage;

/// <summary>A session with its anomalies, in the order they were found; the whole record is <see cref="StoredSession"/>.</summary>
public sealed record AnomalousSession(long TransactionId, string ChargePointId, int ConnectorId, DateTimeOffset StartTime,
    DateTimeOffset? StopTime, string Status, IReadOnlyList<TrackedAnomaly> Anomalies);

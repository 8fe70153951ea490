using OcppCentral.Sessions;

namespace OcppCentral.Admin;

/// <summary>A session with its anomalies, as GET /api/anomalies lists it; the whole record is at /api/sessions/{transactionId}.</summary>
public sealed record AnomalousSessionView(long TransactionId, string ChargePointId, int ConnectorId, DateTimeOffset StartTime,
    DateTimeOffset? StopTime, string Status, IReadOnlyList<Anomaly> Anomalies);

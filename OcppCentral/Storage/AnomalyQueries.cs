using Dapper;
using OcppCentral.Sessions;

namespace OcppCentral.Storage;

/// <summary>Sessions with anomalies for GET /api/anomalies (docs/anomalies-and-feedback.md); the orphan messages are <see cref="OrphanStore"/>'s.</summary>
public sealed class AnomalyQueries(Database database)
{
    /// <summary>
    /// The sessions started in [from, to) that have an anomaly, newest session first, each with its anomalies in the
    /// order found. anomaly_count keeps the scan to the partial index of anomalous sessions.
    /// </summary>
    public async Task<IReadOnlyList<AnomalousSession>> ListAsync(DateTimeOffset? from, DateTimeOffset? to, string? chargePointId,
        CancellationToken ct)
    {
        await using var connection = database.Open();
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            """
            SELECT s.transaction_id, s.charge_point_id, s.connector_id, s.start_time, s.stop_time, s.status, a.code, a.detail
            FROM sessions s JOIN session_anomalies a ON a.transaction_id = s.transaction_id
            WHERE s.anomaly_count > 0 AND s.start_time >= @fromMs AND s.start_time < @toMs
              AND (@chargePointId IS NULL OR s.charge_point_id = @chargePointId)
            ORDER BY s.start_time DESC, s.transaction_id DESC, a.id
            """, new { fromMs = UnixTime.ToMs(from) ?? long.MinValue, toMs = UnixTime.ToMs(to) ?? long.MaxValue, chargePointId },
            cancellationToken: ct));
        // Rows come newest session first, its anomalies together; GroupBy keeps that order.
        return rows.GroupBy(r => r.TransactionId).Select(Session).ToList();
    }

    private static AnomalousSession Session(IGrouping<long, Row> rows)
    {
        var session = rows.First();
        return new AnomalousSession(session.TransactionId, session.ChargePointId, (int)session.ConnectorId,
            UnixTime.FromMs(session.StartTime), UnixTime.FromMs(session.StopTime), session.Status,
            rows.Select(a => new Anomaly(a.Code, a.Detail)).ToList());
    }

    /// <summary>One anomaly with what identifies its session: a row of <c>session_anomalies</c> joined to <c>sessions</c>.</summary>
    private sealed class Row
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
}

using Dapper;

namespace OcppCentral.Storage;

/// <summary>Sessions with anomalies for GET /api/anomalies (SPEC 6); the orphan messages are <see cref="OrphanStore"/>'s.</summary>
public sealed class AnomalyQueries(Database database)
{
    /// <summary>
    /// Every anomaly of the sessions started in [fromMs, toMs) that have one, newest session first, each session's
    /// anomalies in the order found. anomaly_count keeps the scan to the partial index of anomalous sessions.
    /// </summary>
    public async Task<IReadOnlyList<SessionAnomalyRow>> ListAsync(long? fromMs, long? toMs, string? chargePointId, CancellationToken ct)
    {
        await using var connection = database.Open();
        return (await connection.QueryAsync<SessionAnomalyRow>(new CommandDefinition(
            """
            SELECT s.transaction_id, s.charge_point_id, s.connector_id, s.start_time, s.stop_time, s.status, a.code, a.detail
            FROM sessions s JOIN session_anomalies a ON a.transaction_id = s.transaction_id
            WHERE s.anomaly_count > 0 AND s.start_time >= @fromMs AND s.start_time < @toMs
              AND (@chargePointId IS NULL OR s.charge_point_id = @chargePointId)
            ORDER BY s.start_time DESC, s.transaction_id DESC, a.id
            """, new { fromMs = fromMs ?? long.MinValue, toMs = toMs ?? long.MaxValue, chargePointId }, cancellationToken: ct))).AsList();
    }
}

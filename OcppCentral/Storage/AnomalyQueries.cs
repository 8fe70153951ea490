using Dapper;

namespace OcppCentral.Storage;

/// <summary>Sessions with anomalies for GET /api/anomalies (docs/anomalies-and-feedback.md); the orphan messages are <see cref="OrphanStore"/>'s.</summary>
public sealed class AnomalyQueries(Database database)
{
    internal const string AnomalyColumns = "id, transaction_id, code, detail, status, note, resolved_by_version, decided_by, decided_at, detected_at";

    /// <summary>
    /// The sessions started in [from, to) that have an anomaly, newest session first, each with its anomalies in the
    /// order found: with <paramref name="status"/>, only anomalies of that status (docs/corrections.md); without, every one not
    /// Resolved. anomaly_count keeps the scan to the partial index of anomalous sessions.
    /// </summary>
    public async Task<IReadOnlyList<AnomalousSession>> ListAsync(DateTimeOffset? from, DateTimeOffset? to, string? chargePointId, string? status,
        CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        // Resolved anomalies are not counted in anomaly_count, so that filter cannot narrow a search for them.
        var statusFilter = status switch
        {
            null => "s.anomaly_count > 0 AND a.status <> 'Resolved'",
            AnomalyStatuses.Resolved => "a.status = @status",
            _ => "s.anomaly_count > 0 AND a.status = @status",
        };
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"""
            SELECT s.transaction_id, s.charge_point_id, s.connector_id, s.start_time, s.stop_time, s.status AS session_status,
                   a.id, a.code, a.detail, a.status, a.note, a.resolved_by_version, a.decided_by, a.decided_at, a.detected_at
            FROM sessions s JOIN session_anomalies a ON a.transaction_id = s.transaction_id
            WHERE {statusFilter} AND s.start_time >= @fromMs AND s.start_time < @toMs
              AND (@chargePointId IS NULL OR s.charge_point_id = @chargePointId)
            ORDER BY s.start_time DESC, s.transaction_id DESC, a.id
            """, new { fromMs = UnixTime.ToMs(from) ?? long.MinValue, toMs = UnixTime.ToMs(to) ?? long.MaxValue, chargePointId, status },
            cancellationToken: ct));
        // Rows come newest session first, its anomalies together; GroupBy keeps that order.
        return rows.GroupBy(r => r.TransactionId).Select(Session).ToList();
    }

    /// <summary>One anomaly with its workflow state; null when there is none of that id.</summary>
    public async Task<TrackedAnomaly?> FindAsync(long id, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return (await connection.QuerySingleOrDefaultAsync<AnomalyRow>(new CommandDefinition(
            $"SELECT {AnomalyColumns} FROM session_anomalies WHERE id = @id", new { id }, cancellationToken: ct)))?.ToAnomaly();
    }

    private static AnomalousSession Session(IGrouping<long, Row> rows)
    {
        var session = rows.First();
        return new AnomalousSession(session.TransactionId, session.ChargePointId, (int)session.ConnectorId,
            UnixTime.FromMs(session.StartTime), UnixTime.FromMs(session.StopTime), session.SessionStatus,
            rows.Select(a => a.ToAnomaly()).ToList());
    }

    /// <summary>A row of <c>session_anomalies</c>.</summary>
    internal class AnomalyRow
    {
        public long Id { get; init; }
        public long TransactionId { get; init; }
        public string Code { get; init; } = "";
        public string Detail { get; init; } = "";
        public string Status { get; init; } = "";
        public string? Note { get; init; }
        public long? ResolvedByVersion { get; init; }
        public string? DecidedBy { get; init; }
        public long? DecidedAt { get; init; }
        public long DetectedAt { get; init; }

        public TrackedAnomaly ToAnomaly() => new(Id, TransactionId, Code, Detail, Status, Note, (int?)ResolvedByVersion, DecidedBy,
            UnixTime.FromMs(DecidedAt), UnixTime.FromMs(DetectedAt));
    }

    /// <summary>One anomaly with what identifies its session: a row of <c>session_anomalies</c> joined to <c>sessions</c>.</summary>
    private sealed class Row : AnomalyRow
    {
        public string ChargePointId { get; init; } = "";
        public long ConnectorId { get; init; }
        public long StartTime { get; init; }
        public long? StopTime { get; init; }
        public string SessionStatus { get; init; } = "";
    }
}

using Dapper;

namespace OcppCentral.Storage;

/// <summary>
/// The reads behind the operator console (docs/console.md) that the admin API's stores do not already answer: money
/// totals with net and gross, the paged and sorted session table, the latest power of active sessions, recent anomalies.
/// </summary>
public sealed class ConsoleQueries(Database database)
{
    /// <summary>
    /// Sessions started in [fromMs, toMs), per charger (or all under key "") and currency. The net is read from the stored
    /// cost, the gross from total_minor; both are null for sessions closed without a price and for Active ones.
    /// </summary>
    public async Task<IReadOnlyList<MoneyTotalsRow>> TotalsAsync(long fromMs, long toMs, bool perCharger, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var key = perCharger ? "charge_point_id" : "''";
        return (await connection.QueryAsync<MoneyTotalsRow>(new CommandDefinition(
            $"""
            SELECT {key} AS key, currency, COUNT(*) AS sessions, CAST(SUM(energy_wh) AS {database.Dialect.Double}) AS energy_wh,
                   SUM({database.Dialect.JsonMinor("cost", "net")}) AS net_minor, SUM(total_minor) AS total_minor,
                   SUM(anomaly_count) AS anomaly_count
            FROM sessions
            WHERE start_time >= @fromMs AND start_time < @toMs
            GROUP BY {(perCharger ? "charge_point_id, " : "")}currency
            """, new { fromMs, toMs }, cancellationToken: ct))).AsList();
    }

    public async Task<(IReadOnlyList<ConsoleSessionRow> Rows, long Total)> SessionsAsync(ConsoleSessionFilter filter, CancellationToken ct)
    {
        var column = ConsoleSessionFilter.SortColumns.TryGetValue(filter.Sort, out var c) ? c : "start_time";
        var direction = filter.Descending ? "DESC" : "ASC";
        var where =
            $"""
            WHERE (@ChargePointId IS NULL OR charge_point_id = @ChargePointId)
              AND (@IdTag IS NULL OR id_tag = @IdTag)
              AND (@Status IS NULL OR status = @Status)
              AND start_time >= COALESCE(@FromMs, {database.Dialect.MinInteger}) AND start_time < COALESCE(@ToMs, 9223372036854775807)
              AND (@WithAnomalies = 0 OR anomaly_count > 0)
              AND (@WithFeedback = 0 OR EXISTS (SELECT 1 FROM feedback f WHERE f.transaction_id = s.transaction_id))
            """;
        await using var connection = await database.OpenAsync(ct);
        var rows = (await connection.QueryAsync<ConsoleSessionRow>(new CommandDefinition(
            $"""
            SELECT transaction_id, charge_point_id, connector_id, id_tag, status, start_time, stop_time, energy_wh, duration_minutes,
                   currency, total_minor, anomaly_count,
                   (SELECT COUNT(*) FROM feedback f WHERE f.transaction_id = s.transaction_id) AS feedback_count
            FROM sessions s
            {where}
            ORDER BY {column} {direction}, transaction_id {direction}
            LIMIT @Limit OFFSET @Offset
            """, filter, cancellationToken: ct))).AsList();
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition($"SELECT COUNT(*) FROM sessions s {where}", filter, cancellationToken: ct));
        return (rows, total);
    }

    /// <summary>Per session, its latest Power.Active.Import total in W (per-phase readings summed), for the live view.</summary>
    public async Task<IReadOnlyDictionary<long, decimal>> LatestPowerWAsync(IReadOnlyCollection<long> transactionIds, CancellationToken ct)
    {
        if (transactionIds.Count == 0)
            return new Dictionary<long, decimal>();
        await using var connection = await database.OpenAsync(ct);
        var rows = await connection.QueryAsync<(long TransactionId, decimal PowerW)>(new CommandDefinition(
            $"""
            SELECT m.transaction_id, SUM(m.normalized_value)
            FROM meter_values m
            JOIN (SELECT transaction_id, MAX(timestamp) AS ts FROM meter_values
                  WHERE {database.Dialect.In("transaction_id", "@transactionIds")} AND measurand = 'Power.Active.Import' AND normalized_unit = 'W'
                  GROUP BY transaction_id) last ON last.transaction_id = m.transaction_id AND last.ts = m.timestamp
            WHERE m.measurand = 'Power.Active.Import' AND m.normalized_unit = 'W'
              AND (m.phase IS NULL OR NOT EXISTS (SELECT 1 FROM meter_values t WHERE t.transaction_id = m.transaction_id
                   AND t.timestamp = m.timestamp AND t.measurand = m.measurand AND t.phase IS NULL))
            GROUP BY m.transaction_id
            """, new { transactionIds = transactionIds.ToArray() }, cancellationToken: ct));
        return rows.ToDictionary(r => r.TransactionId, r => r.PowerW);
    }

    /// <summary>The anomalies found since <paramref name="sinceMs"/>: how many, and the newest few with their session.</summary>
    public async Task<(long Count, IReadOnlyList<ConsoleAnomalyRow> Latest)> RecentAnomaliesAsync(long sinceMs, int limit, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var count = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM session_anomalies WHERE detected_at >= @sinceMs", new { sinceMs }, cancellationToken: ct));
        var latest = (await connection.QueryAsync<ConsoleAnomalyRow>(new CommandDefinition(
            """
            SELECT s.transaction_id, s.charge_point_id, s.connector_id, s.start_time, a.code, a.detail
            FROM session_anomalies a JOIN sessions s ON s.transaction_id = a.transaction_id
            WHERE a.detected_at >= @sinceMs
            ORDER BY a.id DESC
            LIMIT @limit
            """, new { sinceMs, limit }, cancellationToken: ct))).AsList();
        return (count, latest);
    }

    /// <summary>How many anomalies each code has per charger among the sessions started in [fromMs, toMs).</summary>
    public async Task<IReadOnlyList<(string ChargePointId, string Code, long Count)>> AnomalyQueueAsync(long fromMs, long toMs, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return (await connection.QueryAsync<(string, string, long)>(new CommandDefinition(
            """
            SELECT s.charge_point_id, a.code, COUNT(*)
            FROM sessions s JOIN session_anomalies a ON a.transaction_id = s.transaction_id
            WHERE s.anomaly_count > 0 AND s.start_time >= @fromMs AND s.start_time < @toMs AND a.status <> 'Resolved'
            GROUP BY s.charge_point_id, a.code
            ORDER BY COUNT(*) DESC, s.charge_point_id, a.code
            """, new { fromMs, toMs }, cancellationToken: ct))).AsList();
    }

    /// <summary>One charger's newest sessions (its page).</summary>
    public Task<(IReadOnlyList<ConsoleSessionRow> Rows, long Total)> ChargerSessionsAsync(string chargePointId, int limit, CancellationToken ct) =>
        SessionsAsync(new ConsoleSessionFilter(chargePointId, null, null, null, null, false, false, "start", true, limit, 0), ct);
}

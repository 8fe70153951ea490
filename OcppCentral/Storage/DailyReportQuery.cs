using System.Text.Json;
using Dapper;

namespace OcppCentral.Storage;

/// <summary>
/// The figures of GET /api/reports/daily: sessions summed per day and currency, and the charging intervals the day's
/// utilization is cut from. Days are given as their boundaries (Unix ms), computed in the caller's zone, so a day of 23
/// or 25 hours is one day.
/// </summary>
public sealed class DailyReportQuery(Database database, ChargerEventStore events)
{
    /// <summary>Per day index (Key, "0" for the first) and currency, the sessions started that day.</summary>
    public async Task<IReadOnlyList<MoneyTotalsRow>> TotalsAsync(IReadOnlyList<long> boundariesMs, string? chargePointId, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        // The boundaries travel as one JSON parameter; each day then reads its own range of ix_sessions_report.
        return (await connection.QueryAsync<MoneyTotalsRow>(new CommandDefinition(
            $"""
            WITH b AS ({database.Dialect.IndexedIntegers("@boundaries")}),
                 d AS (SELECT b1.i, b1.ms AS from_ms, b2.ms AS to_ms FROM b b1 JOIN b b2 ON b2.i = b1.i + 1)
            SELECT CAST(d.i AS TEXT) AS key, s.currency, COUNT(*) AS sessions, CAST(SUM(s.energy_wh) AS {database.Dialect.Double}) AS energy_wh,
                   SUM({database.Dialect.JsonMinor("s.cost", "net")}) AS net_minor, SUM(s.total_minor) AS total_minor,
                   SUM(s.anomaly_count) AS anomaly_count
            FROM d JOIN sessions s ON s.start_time >= d.from_ms AND s.start_time < d.to_ms
            WHERE @chargePointId IS NULL OR s.charge_point_id = @chargePointId
            GROUP BY d.i, s.currency
            """, new { boundaries = JsonSerializer.Serialize(boundariesMs), chargePointId }, cancellationToken: ct))).AsList();
    }

    /// <summary>
    /// Every session that overlaps [fromMs, toMs) as [start, stop) per charger in start order; an Active one runs until
    /// <paramref name="nowMs"/>. Read from ix_sessions_busy.
    /// </summary>
    public async Task<IReadOnlyList<(string ChargePointId, long StartMs, long StopMs)>> IntervalsAsync(long fromMs, long toMs, long nowMs,
        string? chargePointId, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return (await connection.QueryAsync<(string, long, long)>(new CommandDefinition(
            """
            SELECT charge_point_id, start_time, COALESCE(stop_time, @nowMs)
            FROM sessions
            WHERE start_time < @toMs AND COALESCE(stop_time, @nowMs) > @fromMs
              AND (@chargePointId IS NULL OR charge_point_id = @chargePointId)
            ORDER BY charge_point_id, start_time
            """, new { fromMs, toMs, nowMs, chargePointId }, cancellationToken: ct))).AsList();
    }

    /// <summary>Link events for the days' availability (<see cref="ChargerEventStore.LinkEventsAsync"/>).</summary>
    public Task<IReadOnlyList<LinkEvent>> LinkEventsAsync(long fromMs, long toMs, string? chargePointId, CancellationToken ct) =>
        events.LinkEventsAsync(fromMs, toMs, chargePointId, ct);

    /// <summary>The chargers a network-wide utilization is shared among: registered, or with a session overlapping the range.</summary>
    public async Task<long> ChargerCountAsync(long fromMs, long toMs, long nowMs, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            """
            SELECT COUNT(*) FROM (
                SELECT id FROM charge_points
                UNION
                SELECT charge_point_id FROM sessions WHERE start_time < @toMs AND COALESCE(stop_time, @nowMs) > @fromMs) AS ids
            """, new { fromMs, toMs, nowMs }, cancellationToken: ct));
    }
}

using Dapper;

namespace OcppCentral.Storage;

/// <summary>
/// Per charger, the time within [periodFromMs, periodToMs) during which it had an Active session: the union of its
/// sessions' intervals [start, stop) clipped to the period, so connectors charging at once count once. A session
/// still Active runs until <c>nowMs</c>; one that stopped before it started covers nothing.
/// </summary>
public sealed class UtilizationQuery(Database database)
{
    public async Task<IReadOnlyList<BusyTime>> BusyTimeAsync(long periodFromMs, long periodToMs, long nowMs, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        // The union's length in one pass over each charger's intervals in start order (ix_sessions_busy delivers
        // them so, no sort): an interval adds what reaches beyond the furthest end of the intervals before it.
        // Clipping the start to the period keeps that order, since MAX(start, from) grows with start.
        return (await connection.QueryAsync<BusyTime>(new CommandDefinition(BusySql(database.Dialect), new { periodFromMs, periodToMs, nowMs }, cancellationToken: ct))).AsList();
    }

    /// <summary>The busy time per charger as SQL (parameters @periodFromMs, @periodToMs, @nowMs).</summary>
    internal static string BusySql(SqlDialect sql) =>
        $"""
        SELECT charge_point_id, SUM({sql.Greatest("0", $"e - {sql.Greatest("s", "COALESCE(reach, s)")}")}) AS busy_ms
        FROM (
            SELECT charge_point_id, s, e,
                   MAX(e) OVER (PARTITION BY charge_point_id ORDER BY start_time ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS reach
            FROM (
                SELECT charge_point_id, start_time, {sql.Greatest("start_time", "@periodFromMs")} AS s,
                       {sql.Least("COALESCE(stop_time, @nowMs)", "@periodToMs")} AS e
                FROM sessions
                WHERE start_time < @periodToMs AND (stop_time > @periodFromMs OR stop_time IS NULL)
            ) clipped
            WHERE e > s
        ) intervals
        GROUP BY charge_point_id
        """;
}

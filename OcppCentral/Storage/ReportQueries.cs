using Dapper;

namespace OcppCentral.Storage;

/// <summary>
/// The aggregates behind /api/reports (docs/admin-api.md), each one GROUP BY over the sessions started in [from, to), read
/// from the covering index ix_sessions_report (migration 2) rather than the rows with their cost and tariff JSON.
/// A missing bound is open: the range defaults to every representable time, so the index range still applies.
/// </summary>
public sealed class ReportQueries(Database database)
{
    public Task<IReadOnlyList<SessionTotals>> TotalsByChargePointAsync(DateTimeOffset? from, DateTimeOffset? to, CancellationToken ct) =>
        TotalsAsync("charge_point_id", from, to, ct);

    public Task<IReadOnlyList<SessionTotals>> TotalsByIdTagAsync(DateTimeOffset? from, DateTimeOffset? to, CancellationToken ct) =>
        TotalsAsync("id_tag", from, to, ct);

    /// <summary>Feedback on the sessions started in the range, per charger: count, sum of ratings, how many are 1 or 2.</summary>
    public async Task<IReadOnlyList<FeedbackTotals>> FeedbackByChargePointAsync(DateTimeOffset? from, DateTimeOffset? to, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return (await connection.QueryAsync<FeedbackTotals>(new CommandDefinition(
            """
            SELECT s.charge_point_id, COUNT(*) AS feedback_count, SUM(f.rating) AS rating_sum,
                   SUM(CASE WHEN f.rating <= 2 THEN 1 ELSE 0 END) AS low_rating_count
            FROM feedback f JOIN sessions s ON s.transaction_id = f.transaction_id
            WHERE s.start_time >= @fromMs AND s.start_time < @toMs
            GROUP BY s.charge_point_id
            """, Range(from, to), cancellationToken: ct))).AsList();
    }

    /// <summary>Feedback on the sessions started in the range, per category and rating: at most 6 × 5 rows.</summary>
    public async Task<IReadOnlyList<FeedbackTotals>> FeedbackByCategoryAndRatingAsync(DateTimeOffset? from, DateTimeOffset? to, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return (await connection.QueryAsync<FeedbackTotals>(new CommandDefinition(
            """
            SELECT f.category, f.rating, COUNT(*) AS feedback_count, SUM(f.rating) AS rating_sum
            FROM feedback f JOIN sessions s ON s.transaction_id = f.transaction_id
            WHERE s.start_time >= @fromMs AND s.start_time < @toMs
            GROUP BY f.category, f.rating
            """, Range(from, to), cancellationToken: ct))).AsList();
    }

    /// <summary>The registered chargers, so that one without sessions still shows in a report (with 0 %).</summary>
    public async Task<IReadOnlyList<string>> ChargePointIdsAsync(CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return (await connection.QueryAsync<string>(new CommandDefinition("SELECT id FROM charge_points", cancellationToken: ct))).AsList();
    }

    /// <summary>When the first session started; null without sessions.</summary>
    public async Task<DateTimeOffset?> EarliestStartAsync(CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return UnixTime.FromMs(await connection.ExecuteScalarAsync<long?>(new CommandDefinition("SELECT MIN(start_time) FROM sessions", cancellationToken: ct)));
    }

    /// <param name="keyColumn">charge_point_id or id_tag: one of ours, never a caller's text.</param>
    private async Task<IReadOnlyList<SessionTotals>> TotalsAsync(string keyColumn, DateTimeOffset? from, DateTimeOffset? to, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return (await connection.QueryAsync<SessionTotals>(new CommandDefinition(
            $"""
            SELECT {keyColumn} AS key, currency, COUNT(*) AS sessions, SUM(CASE WHEN status = 'Active' THEN 1 ELSE 0 END) AS active_sessions,
                   CAST(SUM(energy_wh) AS {database.Dialect.Double}) AS energy_wh, {NetMinorSql} AS net_minor, SUM(total_minor) AS total_minor,
                   SUM(anomaly_count) AS anomaly_count
            FROM sessions
            WHERE start_time >= @fromMs AND start_time < @toMs
            GROUP BY {keyColumn}, currency
            """, Range(from, to), cancellationToken: ct))).AsList();
    }

    /// <summary>
    /// The net of priced sessions summed in minor units: the stored cost's net (its explained bill, 2 decimals), the gross
    /// being total_minor. Reading it takes the session row, not only the report index.
    /// </summary>
    private string NetMinorSql => $"SUM({database.Dialect.JsonMinor("cost", "net")})";

    /// <summary>Feedback on the sessions started in the range, per idTag (in ChargePointId): count and sum of ratings.</summary>
    public async Task<IReadOnlyList<FeedbackTotals>> FeedbackByIdTagAsync(DateTimeOffset? from, DateTimeOffset? to, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return (await connection.QueryAsync<FeedbackTotals>(new CommandDefinition(
            """
            SELECT s.id_tag AS charge_point_id, COUNT(*) AS feedback_count, SUM(f.rating) AS rating_sum
            FROM feedback f JOIN sessions s ON s.transaction_id = f.transaction_id
            WHERE s.start_time >= @fromMs AND s.start_time < @toMs
            GROUP BY s.id_tag
            """, Range(from, to), cancellationToken: ct))).AsList();
    }

    private static object Range(DateTimeOffset? from, DateTimeOffset? to) =>
        new { fromMs = UnixTime.ToMs(from) ?? long.MinValue, toMs = UnixTime.ToMs(to) ?? long.MaxValue };
}

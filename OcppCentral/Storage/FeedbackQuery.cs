using Dapper;

namespace OcppCentral.Storage;

/// <summary>Feedback across sessions (GET /api/feedback, the console's feedback page), newest first, paged in SQL.</summary>
public sealed class FeedbackQuery(Database database)
{
    private string Where =>
        $"""
        WHERE f.created_at >= COALESCE(@FromMs, {database.Dialect.MinInteger}) AND f.created_at < COALESCE(@ToMs, 9223372036854775807)
          AND (@MinRating IS NULL OR f.rating >= @MinRating) AND (@MaxRating IS NULL OR f.rating <= @MaxRating)
          AND (@Category IS NULL OR f.category = @Category)
          AND (@ChargePointId IS NULL OR s.charge_point_id = @ChargePointId)
        """;

    public async Task<(IReadOnlyList<FeedbackListRow> Rows, long Total)> ListAsync(FeedbackFilter filter, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var rows = (await connection.QueryAsync<FeedbackListRow>(new CommandDefinition(
            $"""
            SELECT f.id, f.transaction_id, s.charge_point_id, f.rating, f.category, f.comment, f.created_at
            FROM feedback f JOIN sessions s ON s.transaction_id = f.transaction_id
            {Where}
            ORDER BY f.created_at DESC, f.id DESC
            LIMIT @Limit OFFSET @Offset
            """, filter, cancellationToken: ct))).AsList();
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            $"SELECT COUNT(*) FROM feedback f JOIN sessions s ON s.transaction_id = f.transaction_id {Where}", filter, cancellationToken: ct));
        return (rows, total);
    }

    /// <summary>Counts per category and rating of the feedback matching the filter (paging ignored): at most 6 × 5 rows.</summary>
    public async Task<IReadOnlyList<FeedbackTotals>> CountsAsync(FeedbackFilter filter, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return (await connection.QueryAsync<FeedbackTotals>(new CommandDefinition(
            $"""
            SELECT f.category, f.rating, COUNT(*) AS feedback_count, SUM(f.rating) AS rating_sum
            FROM feedback f JOIN sessions s ON s.transaction_id = f.transaction_id
            {Where}
            GROUP BY f.category, f.rating
            """, filter, cancellationToken: ct))).AsList();
    }

    /// <summary>
    /// Per charger, how many ratings of <paramref name="maxRating"/> or less match the filter: every charger that has one,
    /// however few, so a charger with one or two low ratings is not hidden behind a ranking's minimum count.
    /// </summary>
    public async Task<IReadOnlyList<(string ChargePointId, long Count)>> LowRatingsByChargerAsync(FeedbackFilter filter, int maxRating, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return (await connection.QueryAsync<(string, long)>(new CommandDefinition(
            $"""
            SELECT s.charge_point_id, COUNT(*)
            FROM feedback f JOIN sessions s ON s.transaction_id = f.transaction_id
            {Where} AND f.rating <= @lowRatingAtMost
            GROUP BY s.charge_point_id
            ORDER BY COUNT(*) DESC, s.charge_point_id
            """, new { filter.FromMs, filter.ToMs, filter.MinRating, filter.MaxRating, filter.Category, filter.ChargePointId, lowRatingAtMost = maxRating },
            cancellationToken: ct))).AsList();
    }

    /// <summary>
    /// Counts per day, category and rating of the feedback matching the filter, given when (created_at) within the days
    /// whose boundaries (Unix ms, computed in the caller's zone; Count + 1 of them) are given. Key: the day's index.
    /// </summary>
    public async Task<IReadOnlyList<(int Day, string Category, int Rating, long Count)>> CountsByDayAsync(FeedbackFilter filter,
        IReadOnlyList<long> boundariesMs, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return (await connection.QueryAsync<(int, string, int, long)>(new CommandDefinition(
            $"""
            WITH b AS ({database.Dialect.IndexedIntegers("@boundaries")}),
                 d AS (SELECT b1.i, b1.ms AS from_ms, b2.ms AS to_ms FROM b b1 JOIN b b2 ON b2.i = b1.i + 1)
            SELECT d.i, f.category, f.rating, COUNT(*)
            FROM d JOIN feedback f ON f.created_at >= d.from_ms AND f.created_at < d.to_ms
                   JOIN sessions s ON s.transaction_id = f.transaction_id
            {Where}
            GROUP BY d.i, f.category, f.rating
            """,
            new
            {
                filter.FromMs, filter.ToMs, filter.MinRating, filter.MaxRating, filter.Category, filter.ChargePointId,
                boundaries = System.Text.Json.JsonSerializer.Serialize(boundariesMs),
            }, cancellationToken: ct))).AsList();
    }
}

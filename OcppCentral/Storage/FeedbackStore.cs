using Dapper;

namespace OcppCentral.Storage;

/// <summary>Drivers' feedback on sessions (docs/anomalies-and-feedback.md). Written through the writer; a session may collect several.</summary>
public sealed class FeedbackStore(Database database, StorageWriter writer, WebhookOutbox? outbox = null)
{
    /// <returns>The stored feedback, or null when there is no session <paramref name="transactionId"/>.</returns>
    public Task<SessionFeedback?> InsertAsync(long transactionId, int rating, string category, string? comment, DateTimeOffset createdAt,
        CancellationToken ct)
    {
        var createdAtMs = UnixTime.ToMs(createdAt);
        return writer.WriteAsync((connection, transaction) =>
        {
            // Checked and inserted in one statement, inside the writer's transaction: no session, no row.
            var id = connection.ExecuteScalar<long?>(
                """
                INSERT INTO feedback (transaction_id, rating, category, comment, created_at)
                SELECT @transactionId, @rating, @category, @comment, @createdAtMs
                WHERE EXISTS (SELECT 1 FROM sessions WHERE transaction_id = @transactionId)
                RETURNING id
                """, new { transactionId, rating, category, comment, createdAtMs }, transaction);
            if (id is null)
                return null;
            var feedback = new SessionFeedback(id.Value, transactionId, rating, category, comment, UnixTime.FromMs(createdAtMs));
            WebhookTriggers.Feedback(outbox, connection, transaction, feedback);
            return feedback;
        }, ct);
    }

    /// <summary>
    /// Feedback from a driver's receipt (docs/receipts.md): stored as <see cref="InsertAsync"/> stores it, unless the session
    /// already has <paramref name="limit"/> pieces of feedback given since <paramref name="since"/>. Checked and inserted in
    /// one statement inside the writer's transaction, so two posts at once cannot both slip under the limit.
    /// </summary>
    /// <returns>The feedback, or null with Limited true when the limit was reached (null and false: no such session).</returns>
    public Task<(SessionFeedback? Feedback, bool Limited)> InsertLimitedAsync(long transactionId, int rating, string category, string? comment,
        DateTimeOffset createdAt, DateTimeOffset since, int limit, CancellationToken ct)
    {
        var createdAtMs = UnixTime.ToMs(createdAt);
        var sinceMs = UnixTime.ToMs(since);
        return writer.WriteAsync<(SessionFeedback?, bool)>((connection, transaction) =>
        {
            var recent = connection.ExecuteScalar<long>(
                "SELECT COUNT(*) FROM feedback WHERE transaction_id = @transactionId AND created_at >= @sinceMs",
                new { transactionId, sinceMs }, transaction);
            if (recent >= limit)
                return (null, true);
            var id = connection.ExecuteScalar<long?>(
                """
                INSERT INTO feedback (transaction_id, rating, category, comment, created_at)
                SELECT @transactionId, @rating, @category, @comment, @createdAtMs
                WHERE EXISTS (SELECT 1 FROM sessions WHERE transaction_id = @transactionId)
                RETURNING id
                """, new { transactionId, rating, category, comment, createdAtMs }, transaction);
            if (id is null)
                return (null, false);
            var feedback = new SessionFeedback(id.Value, transactionId, rating, category, comment, UnixTime.FromMs(createdAtMs));
            WebhookTriggers.Feedback(outbox, connection, transaction, feedback);
            return (feedback, false);
        }, ct);
    }

    public async Task<IReadOnlyList<SessionFeedback>> ListAsync(long transactionId, CancellationToken ct) =>
        (await ListAsync([transactionId], ct))[transactionId].ToList();

    /// <summary>The feedback on each of <paramref name="transactionIds"/>, in the order it was given: one query for a page of sessions.</summary>
    public async Task<ILookup<long, SessionFeedback>> ListAsync(IReadOnlyCollection<long> transactionIds, CancellationToken ct)
    {
        if (transactionIds.Count == 0)
            return Array.Empty<SessionFeedback>().ToLookup(f => f.TransactionId);
        await using var connection = await database.OpenAsync(ct);
        return (await connection.QueryAsync<FeedbackRow>(new CommandDefinition(
                $"SELECT * FROM feedback WHERE {database.Dialect.In("transaction_id", "@transactionIds")} ORDER BY id",
                new { transactionIds = transactionIds.ToArray() }, cancellationToken: ct)))
            .Select(r => r.ToFeedback())
            .ToLookup(f => f.TransactionId);
    }

    public async Task<SessionFeedback?> FindAsync(long transactionId, long id, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return (await connection.QuerySingleOrDefaultAsync<FeedbackRow>(new CommandDefinition(
            "SELECT * FROM feedback WHERE id = @id AND transaction_id = @transactionId", new { transactionId, id }, cancellationToken: ct)))?.ToFeedback();
    }
}

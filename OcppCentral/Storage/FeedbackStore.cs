using Dapper;

namespace OcppCentral.Storage;

/// <summary>Drivers' feedback on sessions (SPEC 7). Written through the writer; a session may collect several.</summary>
public sealed class FeedbackStore(Database database, StorageWriter writer)
{
    /// <returns>The stored row, or null when there is no session <paramref name="transactionId"/>.</returns>
    public Task<FeedbackRow?> InsertAsync(long transactionId, int rating, string category, string? comment, long createdAtMs, CancellationToken ct) =>
        writer.WriteAsync((connection, transaction) =>
        {
            // Checked and inserted in one statement, inside the writer's transaction: no session, no row.
            var id = connection.ExecuteScalar<long?>(
                """
                INSERT INTO feedback (transaction_id, rating, category, comment, created_at)
                SELECT @transactionId, @rating, @category, @comment, @createdAtMs
                WHERE EXISTS (SELECT 1 FROM sessions WHERE transaction_id = @transactionId)
                RETURNING id
                """, new { transactionId, rating, category, comment, createdAtMs }, transaction);
            return id is null
                ? null
                : new FeedbackRow { Id = id.Value, TransactionId = transactionId, Rating = rating, Category = category, Comment = comment, CreatedAt = createdAtMs };
        }, ct);

    public async Task<IReadOnlyList<FeedbackRow>> ListAsync(long transactionId, CancellationToken ct)
    {
        await using var connection = database.Open();
        return (await connection.QueryAsync<FeedbackRow>(new CommandDefinition(
            "SELECT * FROM feedback WHERE transaction_id = @transactionId ORDER BY id", new { transactionId }, cancellationToken: ct))).AsList();
    }

    public async Task<FeedbackRow?> FindAsync(long transactionId, long id, CancellationToken ct)
    {
        await using var connection = database.Open();
        return await connection.QuerySingleOrDefaultAsync<FeedbackRow>(new CommandDefinition(
            "SELECT * FROM feedback WHERE id = @id AND transaction_id = @transactionId", new { transactionId, id }, cancellationToken: ct));
    }
}

using Dapper;

namespace OcppCentral.Storage;

/// <summary>
/// The commands sent to chargers and how each ended (docs/admin-api.md). A command is written when asked for and updated
/// when it ends, both through the writer, so a crash in between leaves it visibly <see cref="CommandRecord.Pending"/>.
/// </summary>
public sealed partial class CommandStore(Database database, StorageWriter writer)
{
    /// <returns>The command's id.</returns>
    public Task<long> InsertAsync(string chargePointId, string action, string request, string outcome, DateTimeOffset requestedAt,
        DateTimeOffset? completedAt, string? errorDescription, CancellationToken ct)
    {
        var requestedAtMs = UnixTime.ToMs(requestedAt);
        var completedAtMs = UnixTime.ToMs(completedAt);
        return writer.WriteAsync((connection, transaction) => connection.ExecuteScalar<long>(
            """
            INSERT INTO commands (charge_point_id, action, request, outcome, error_description, requested_at, completed_at)
            VALUES (@chargePointId, @action, @request, @outcome, @errorDescription, @requestedAtMs, @completedAtMs)
            RETURNING id
            """, new { chargePointId, action, request, outcome, errorDescription, requestedAtMs, completedAtMs }, transaction), ct);
    }

    /// <param name="errorDetails">A CALLERROR's errorDetails as compact JSON; null otherwise.</param>
    /// <param name="audit">The audit row of a command the charger answered, appended in the same transaction; null otherwise.</param>
    public Task CompleteAsync(long id, string outcome, string? response, string? errorCode, string? errorDescription, string? errorDetails,
        DateTimeOffset completedAt, AuditDraft? audit, CancellationToken ct)
    {
        var completedAtMs = UnixTime.ToMs(completedAt);
        return writer.WriteAsync((connection, transaction) =>
        {
            connection.Execute(
                """
                UPDATE commands SET outcome = @outcome, response = @response, error_code = @errorCode,
                    error_description = @errorDescription, error_details = @errorDetails, completed_at = @completedAtMs, payload = NULL
                WHERE id = @id
                """, new { id, outcome, response, errorCode, errorDescription, errorDetails, completedAtMs }, transaction);
            NotifyCaller(connection, transaction, id);
            if (audit is not null)
                AuditStore.Append(connection, transaction, audit, $"command {id}: {outcome}");
            return true;
        }, ct);
    }

    /// <summary>A charger's commands, newest first.</summary>
    public async Task<IReadOnlyList<CommandRecord>> ListAsync(string chargePointId, int limit, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return (await connection.QueryAsync<CommandRow>(new CommandDefinition(
            """
            SELECT * FROM commands WHERE charge_point_id = @chargePointId
            ORDER BY requested_at DESC, id DESC
            LIMIT @limit
            """, new { chargePointId, limit }, cancellationToken: ct))).Select(r => r.ToRecord()).ToList();
    }
}

using Dapper;

namespace OcppCentral.Storage;

/// <summary>The authorization list (docs/admin-api.md, /api/idtags). idTags compare without case (OCPP CiString20), spaces included.</summary>
public sealed class IdTagStore(Database database, StorageWriter writer)
{
    public async Task<AuthorizationEntry?> FindAsync(string idTag, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return (await connection.QuerySingleOrDefaultAsync<IdTagRow>(new CommandDefinition(
            "SELECT * FROM id_tags WHERE id_tag = @idTag", new { idTag }, cancellationToken: ct)))?.ToEntry();
    }

    public async Task<IReadOnlyList<AuthorizationEntry>> ListAsync(CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return (await connection.QueryAsync<IdTagRow>(new CommandDefinition("SELECT * FROM id_tags ORDER BY id_tag", cancellationToken: ct)))
            .Select(r => r.ToEntry()).ToList();
    }

    /// <param name="audit">The audit row of the change, appended in the same transaction.</param>
    public Task UpsertAsync(AuthorizationEntry entry, AuditDraft audit, CancellationToken ct) =>
        writer.WriteAsync((connection, transaction) =>
        {
            connection.Execute(
                """
                INSERT INTO id_tags (id_tag, status, expiry_date, parent_id_tag) VALUES (@IdTag, @Status, @expiryDate, @ParentIdTag)
                ON CONFLICT (id_tag) DO UPDATE SET status = excluded.status, expiry_date = excluded.expiry_date, parent_id_tag = excluded.parent_id_tag
                """, new { entry.IdTag, entry.Status, expiryDate = UnixTime.ToMs(entry.ExpiryDate), entry.ParentIdTag }, transaction);
            AuditStore.Append(connection, transaction, audit, entry.Status);
            return true;
        }, ct);

    /// <param name="audit">The audit row of the change, appended in the same transaction when the idTag was there.</param>
    public Task<bool> DeleteAsync(string idTag, AuditDraft audit, CancellationToken ct) =>
        writer.WriteAsync((connection, transaction) =>
        {
            if (connection.Execute("DELETE FROM id_tags WHERE id_tag = @idTag", new { idTag }, transaction) == 0)
                return false;
            AuditStore.Append(connection, transaction, audit, null);
            return true;
        }, ct);
}

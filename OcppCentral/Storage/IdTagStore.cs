using Dapper;
using Microsoft.Data.Sqlite;

namespace OcppCentral.Storage;

/// <summary>The authorization list (SPEC 8, /api/idtags). idTags compare without case (OCPP CiString20), spaces included.</summary>
public sealed class IdTagStore(Database database, StorageWriter writer)
{
    public async Task<IdTagRow?> FindAsync(string idTag, CancellationToken ct)
    {
        await using var connection = database.Open();
        return Find(connection, null, idTag);
    }

    public static IdTagRow? Find(SqliteConnection connection, SqliteTransaction? transaction, string idTag) =>
        connection.QuerySingleOrDefault<IdTagRow>("SELECT * FROM id_tags WHERE id_tag = @idTag", new { idTag }, transaction);

    public async Task<IReadOnlyList<IdTagRow>> ListAsync(CancellationToken ct)
    {
        await using var connection = database.Open();
        return (await connection.QueryAsync<IdTagRow>(new CommandDefinition("SELECT * FROM id_tags ORDER BY id_tag", cancellationToken: ct))).AsList();
    }

    public Task UpsertAsync(IdTagRow row, CancellationToken ct) =>
        writer.WriteAsync((connection, transaction) => connection.Execute(
            """
            INSERT INTO id_tags (id_tag, status, expiry_date, parent_id_tag) VALUES (@IdTag, @Status, @ExpiryDate, @ParentIdTag)
            ON CONFLICT (id_tag) DO UPDATE SET status = excluded.status, expiry_date = excluded.expiry_date, parent_id_tag = excluded.parent_id_tag
            """, row, transaction), ct);

    public Task<bool> DeleteAsync(string idTag, CancellationToken ct) =>
        writer.WriteAsync((connection, transaction) =>
            connection.Execute("DELETE FROM id_tags WHERE id_tag = @idTag", new { idTag }, transaction) > 0, ct);
}

using System.Text.Json;
using Dapper;
using Microsoft.Data.Sqlite;
using OcppCentral.Pricing;

namespace OcppCentral.Storage;

/// <summary>Tariffs, stored as their JSON document (SPEC 5). Only validated tariffs are written.</summary>
public sealed class TariffStore(Database database, StorageWriter writer)
{
    public const string DefaultTariffId = "default";

    /// <summary>The settings row that records the default tariff as seeded; its value is the seeded tariff's id.</summary>
    private const string DefaultSeededKey = "default_tariff_seeded";

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<TariffDocument?> FindAsync(string id, CancellationToken ct)
    {
        await using var connection = database.Open();
        return Find(connection, null, id);
    }

    public static TariffDocument? Find(SqliteConnection connection, SqliteTransaction? transaction, string id)
    {
        var json = connection.QuerySingleOrDefault<string>("SELECT document FROM tariffs WHERE id = @id", new { id }, transaction);
        return json is null ? null : JsonSerializer.Deserialize<TariffDocument>(json, Json);
    }

    public async Task<IReadOnlyList<TariffDocument>> ListAsync(CancellationToken ct)
    {
        await using var connection = database.Open();
        var documents = await connection.QueryAsync<string>(new CommandDefinition("SELECT document FROM tariffs ORDER BY id", cancellationToken: ct));
        return documents.Select(json => JsonSerializer.Deserialize<TariffDocument>(json, Json)!).ToList();
    }

    public Task SaveAsync(Tariff tariff, long nowMs, CancellationToken ct)
    {
        var document = JsonSerializer.Serialize(tariff.ToDocument(), Json);
        return writer.WriteAsync((connection, transaction) => connection.Execute(
            """
            INSERT INTO tariffs (id, document, updated_at) VALUES (@id, @document, @nowMs)
            ON CONFLICT (id) DO UPDATE SET document = excluded.document, updated_at = excluded.updated_at
            """, new { id = tariff.Id, document, nowMs }, transaction), ct);
    }

    /// <summary>True once the default tariff from appsettings.json has been seeded into this database.</summary>
    public async Task<bool> IsDefaultSeededAsync(CancellationToken ct)
    {
        await using var connection = database.Open();
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM settings WHERE key = @key", new { key = DefaultSeededKey }, cancellationToken: ct)) > 0;
    }

    /// <summary>
    /// The default tariff from appsettings.json, unless a tariff of that id exists, and the record that seeding is done,
    /// in one transaction: either both are stored or neither, so seeding is tried at every start until it has happened.
    /// </summary>
    public Task SeedAsync(Tariff tariff, long nowMs, CancellationToken ct)
    {
        var document = JsonSerializer.Serialize(tariff.ToDocument(), Json);
        return writer.WriteAsync((connection, transaction) => connection.Execute(
            """
            INSERT OR IGNORE INTO tariffs (id, document, updated_at) VALUES (@id, @document, @nowMs);
            INSERT OR IGNORE INTO settings (key, value, updated_at) VALUES (@key, @id, @nowMs);
            """, new { id = tariff.Id, document, nowMs, key = DefaultSeededKey }, transaction), ct);
    }

    public Task<bool> DeleteAsync(string id, CancellationToken ct) =>
        writer.WriteAsync((connection, transaction) =>
            connection.Execute("DELETE FROM tariffs WHERE id = @id", new { id }, transaction) > 0, ct);
}

using System.Data.Common;
using System.Text.Json;
using Dapper;
using OcppCentral.Pricing;

namespace OcppCentral.Storage;

/// <summary>Tariffs, stored as their JSON document (docs/sessions-and-pricing.md). Only validated tariffs are written.</summary>
public sealed class TariffStore(Database database, StorageWriter writer)
{
    public const string DefaultTariffId = "default";

    /// <summary>The settings row that records the default tariff as seeded; its value is the seeded tariff's id.</summary>
    private const string DefaultSeededKey = "default_tariff_seeded";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<TariffDocument?> FindAsync(string id, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return Read(await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            "SELECT document FROM tariffs WHERE id = @id", new { id }, cancellationToken: ct)));
    }

    public async Task<IReadOnlyList<TariffDocument>> ListAsync(CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var documents = await connection.QueryAsync<string>(new CommandDefinition("SELECT document FROM tariffs ORDER BY id", cancellationToken: ct));
        return documents.Select(json => Read(json)!).ToList();
    }

    /// <summary>Creates or replaces a tariff as its next version (docs/corrections.md); the version number it got.</summary>
    /// <param name="actor">Who saved it (the admin key's name, or the console's operator).</param>
    /// <param name="audit">The audit row of an admin API change, appended in the same transaction; null for the console.</param>
    public Task<int> SaveAsync(Tariff tariff, string actor, DateTimeOffset now, AuditDraft? audit, CancellationToken ct)
    {
        var document = JsonSerializer.Serialize(tariff.ToDocument(), Json);
        var nowMs = UnixTime.ToMs(now);
        return writer.WriteAsync((connection, transaction) =>
        {
            var version = connection.ExecuteScalar<int>(
            """
            INSERT INTO tariff_versions (tariff_id, version, document, actor, created_at)
                VALUES (@id, COALESCE((SELECT MAX(version) FROM tariff_versions WHERE tariff_id = @id), 0) + 1, @document, @actor, @nowMs);
            INSERT INTO tariffs (id, document, updated_at, version)
                VALUES (@id, @document, @nowMs, (SELECT MAX(version) FROM tariff_versions WHERE tariff_id = @id))
            ON CONFLICT (id) DO UPDATE SET document = excluded.document, updated_at = excluded.updated_at, version = excluded.version;
            SELECT version FROM tariffs WHERE id = @id;
            """, new { id = tariff.Id, document, actor, nowMs }, transaction);
            if (audit is not null)
                AuditStore.Append(connection, transaction, audit, $"version {version}");
            return version;
        }, ct);
    }

    /// <summary>A tariff as stored now and its version number; null when there is no such tariff (never was, or deleted).</summary>
    public async Task<(TariffDocument Document, int Version)?> CurrentAsync(string id, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var stored = await connection.QuerySingleOrDefaultAsync<StoredRow>(new CommandDefinition(
            "SELECT document, version FROM tariffs WHERE id = @id", new { id }, cancellationToken: ct));
        return stored is null ? null : (Read(stored.Document)!, (int)stored.Version);
    }

    /// <summary>Every version of a tariff, oldest first (also of a deleted tariff: history stays); empty when it never existed.</summary>
    public async Task<IReadOnlyList<TariffVersion>> VersionsAsync(string id, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var rows = await connection.QueryAsync<(long Version, string Document, string Actor, long CreatedAt)>(new CommandDefinition(
            "SELECT version, document, actor, created_at FROM tariff_versions WHERE tariff_id = @id ORDER BY version", new { id },
            cancellationToken: ct));
        return rows.Select(r => new TariffVersion(id, (int)r.Version, r.Actor, UnixTime.FromMs(r.CreatedAt), Read(r.Document)!)).ToList();
    }

    /// <summary>True once the default tariff from appsettings.json has been seeded into this database.</summary>
    public async Task<bool> IsDefaultSeededAsync(CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM settings WHERE key = @key", new { key = DefaultSeededKey }, cancellationToken: ct)) > 0;
    }

    /// <summary>
    /// The default tariff from appsettings.json, unless a tariff of that id exists, and the record that seeding is done,
    /// in one transaction: either both are stored or neither, so seeding is tried at every start until it has happened.
    /// </summary>
    public Task SeedAsync(Tariff tariff, DateTimeOffset now, CancellationToken ct)
    {
        var document = JsonSerializer.Serialize(tariff.ToDocument(), Json);
        var nowMs = UnixTime.ToMs(now);
        return writer.WriteAsync((connection, transaction) => connection.Execute(
            """
            INSERT INTO tariff_versions (tariff_id, version, document, actor, created_at)
                SELECT @id, COALESCE((SELECT MAX(version) FROM tariff_versions WHERE tariff_id = @id), 0) + 1, @document, 'system', @nowMs
                WHERE NOT EXISTS (SELECT 1 FROM tariffs WHERE id = @id);
            INSERT INTO tariffs (id, document, updated_at, version)
                VALUES (@id, @document, @nowMs, (SELECT MAX(version) FROM tariff_versions WHERE tariff_id = @id))
                ON CONFLICT DO NOTHING;
            INSERT INTO settings (key, value, updated_at) VALUES (@key, @id, @nowMs) ON CONFLICT DO NOTHING;
            """, new { id = tariff.Id, document, nowMs, key = DefaultSeededKey }, transaction), ct);
    }

    /// <summary>
    /// Deletes a tariff unless chargers are assigned to it: then it is refused with those chargers named, rather than
    /// leaving them to fall back silently to <c>default</c> (or to no price at all). The check and the delete are one
    /// write, so no assignment made through the writer can slip in between. Sessions already started keep the copy of
    /// the tariff they were pinned to.
    /// </summary>
    /// <param name="audit">The audit row of the change, appended in the same transaction when the tariff is deleted.</param>
    public Task<TariffDeletion> DeleteAsync(string id, AuditDraft? audit, CancellationToken ct) =>
        writer.WriteAsync((connection, transaction) =>
        {
            if (connection.ExecuteScalar<long>("SELECT COUNT(*) FROM tariffs WHERE id = @id", new { id }, transaction) == 0)
                return new TariffDeletion(TariffDeletion.Outcomes.NotFound, []);
            var assigned = connection.Query<string>("SELECT id FROM charge_points WHERE tariff_id = @id ORDER BY id", new { id }, transaction).AsList();
            if (assigned.Count > 0)
                return new TariffDeletion(TariffDeletion.Outcomes.Assigned, assigned);
            connection.Execute("DELETE FROM tariffs WHERE id = @id", new { id }, transaction);
            if (audit is not null)
                AuditStore.Append(connection, transaction, audit, null);
            return new TariffDeletion(TariffDeletion.Outcomes.Deleted, []);
        }, ct);

    /// <summary>
    /// The tariff in force for a charger (docs/sessions-and-pricing.md): its assigned tariff, else <c>default</c>; its id, version
    /// and document as stored.
    /// </summary>
    internal static (string? TariffId, int? Version, string? Document) InForce(DbConnection connection, DbTransaction transaction,
        string chargePointId)
    {
        var assigned = connection.QuerySingleOrDefault<string?>("SELECT tariff_id FROM charge_points WHERE id = @chargePointId",
            new { chargePointId }, transaction);
        foreach (var id in new[] { assigned, DefaultTariffId })
        {
            if (id is null)
                continue;
            var stored = connection.QuerySingleOrDefault<StoredRow>("SELECT document, version FROM tariffs WHERE id = @id", new { id }, transaction);
            if (stored is not null)
                return (id, (int)stored.Version, stored.Document);
        }
        return (null, null, null);
    }

    /// <summary>A tariff's document as stored now, or as one of its versions; null when there is no such tariff or version.</summary>
    internal static (TariffDocument Document, int Version)? Find(DbConnection connection, DbTransaction transaction, string id, int? version)
    {
        var stored = version is null
            ? connection.QuerySingleOrDefault<StoredRow>("SELECT document, version FROM tariffs WHERE id = @id", new { id }, transaction)
            : connection.QuerySingleOrDefault<StoredRow>(
                "SELECT document, version FROM tariff_versions WHERE tariff_id = @id AND version = @version", new { id, version }, transaction);
        return stored is null ? null : (Read(stored.Document)!, (int)stored.Version);
    }

    private sealed class StoredRow
    {
        public string Document { get; init; } = "";
        public long Version { get; init; }
    }

    internal static TariffDocument? Read(string? document) =>
        document is null ? null : JsonSerializer.Deserialize<TariffDocument>(document, Json);
}

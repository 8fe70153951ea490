using Dapper;
using Microsoft.Data.Sqlite;

namespace OcppCentral.Storage;

/// <summary>Chargers and their connectors' status. SQL beside the method that runs it, parameters always.</summary>
public sealed class ChargePointStore(Database database, StorageWriter writer)
{
    public async Task<ChargePointRow?> FindAsync(string id, CancellationToken ct)
    {
        await using var connection = database.Open();
        return await connection.QuerySingleOrDefaultAsync<ChargePointRow>(new CommandDefinition(
            "SELECT * FROM charge_points WHERE id = @id", new { id }, cancellationToken: ct));
    }

    public async Task<IReadOnlyList<ChargePointRow>> ListAsync(CancellationToken ct)
    {
        await using var connection = database.Open();
        return (await connection.QueryAsync<ChargePointRow>(new CommandDefinition(
            "SELECT * FROM charge_points ORDER BY id", cancellationToken: ct))).AsList();
    }

    public async Task<IReadOnlyList<ConnectorRow>> ConnectorsAsync(string? chargePointId, CancellationToken ct)
    {
        await using var connection = database.Open();
        return (await connection.QueryAsync<ConnectorRow>(new CommandDefinition(
            """
            SELECT * FROM connectors
            WHERE @chargePointId IS NULL OR charge_point_id = @chargePointId
            ORDER BY charge_point_id, connector_id
            """, new { chargePointId }, cancellationToken: ct))).AsList();
    }

    /// <summary>
    /// Registers a charger or updates its password and tariff (admin PUT). Null leaves a field as it is.
    /// Returns null, changing nothing, when <paramref name="tariffId"/> names no tariff: checked in the same write,
    /// so a tariff deleted meanwhile cannot end up assigned.
    /// </summary>
    public Task<ChargePointRow?> UpsertAsync(string id, string? passwordHash, string? tariffId, bool clearTariff, long nowMs, CancellationToken ct) =>
        writer.WriteAsync<ChargePointRow?>((connection, transaction) =>
        {
            if (tariffId is not null &&
                connection.ExecuteScalar<long>("SELECT COUNT(*) FROM tariffs WHERE id = @tariffId", new { tariffId }, transaction) == 0)
                return null;
            connection.Execute(
                """
                INSERT INTO charge_points (id, password_hash, tariff_id, registered_at) VALUES (@id, @passwordHash, @tariffId, @nowMs)
                ON CONFLICT (id) DO UPDATE SET
                    password_hash = COALESCE(@passwordHash, password_hash),
                    tariff_id = CASE WHEN @clearTariff THEN NULL ELSE COALESCE(@tariffId, tariff_id) END
                """, new { id, passwordHash, tariffId, clearTariff, nowMs }, transaction);
            return connection.QuerySingle<ChargePointRow>("SELECT * FROM charge_points WHERE id = @id", new { id }, transaction);
        }, ct);

    /// <summary>BootNotification: registers an unknown charger and records what it says about itself.</summary>
    public static void RecordBoot(SqliteConnection connection, SqliteTransaction transaction, string id,
        string vendor, string model, string? serialNumber, string? firmwareVersion, long nowMs) =>
        connection.Execute(
            """
            INSERT INTO charge_points (id, vendor, model, serial_number, firmware_version, registered_at, last_boot_at, last_seen)
            VALUES (@id, @vendor, @model, @serialNumber, @firmwareVersion, @nowMs, @nowMs, @nowMs)
            ON CONFLICT (id) DO UPDATE SET
                vendor = excluded.vendor, model = excluded.model, serial_number = excluded.serial_number,
                firmware_version = excluded.firmware_version, last_boot_at = excluded.last_boot_at, last_seen = excluded.last_seen
            """, new { id, vendor, model, serialNumber, firmwareVersion, nowMs }, transaction);

    public Task RecordStatusAsync(string chargePointId, int connectorId, string status, string errorCode, string? info,
        string? vendorErrorCode, long updatedAtMs, CancellationToken ct) =>
        writer.WriteAsync((connection, transaction) => connection.Execute(
            """
            INSERT INTO connectors (charge_point_id, connector_id, status, error_code, info, vendor_error_code, updated_at)
            VALUES (@chargePointId, @connectorId, @status, @errorCode, @info, @vendorErrorCode, @updatedAtMs)
            ON CONFLICT (charge_point_id, connector_id) DO UPDATE SET
                status = excluded.status, error_code = excluded.error_code, info = excluded.info,
                vendor_error_code = excluded.vendor_error_code, updated_at = excluded.updated_at
            """, new { chargePointId, connectorId, status, errorCode, info, vendorErrorCode, updatedAtMs }, transaction), ct);

    public Task TouchAsync(string chargePointId, long lastSeenMs, CancellationToken ct) =>
        writer.WriteAsync((connection, transaction) => connection.Execute(
            "UPDATE charge_points SET last_seen = MAX(IFNULL(last_seen, 0), @lastSeenMs) WHERE id = @chargePointId",
            new { chargePointId, lastSeenMs }, transaction), ct);
}

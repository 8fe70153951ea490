using System.Data.Common;
using Dapper;

namespace OcppCentral.Storage;

/// <summary>Chargers and their connectors' status. SQL beside the method that runs it, parameters always.</summary>
public sealed class ChargePointStore(Database database, StorageWriter writer, WebhookOutbox? outbox = null)
{
    public async Task<ChargePoint?> FindAsync(string id, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return (await connection.QuerySingleOrDefaultAsync<ChargePointRow>(new CommandDefinition(
            "SELECT * FROM charge_points WHERE id = @id", new { id }, cancellationToken: ct)))?.ToChargePoint();
    }

    public async Task<IReadOnlyList<ChargePoint>> ListAsync(CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return (await connection.QueryAsync<ChargePointRow>(new CommandDefinition(
            "SELECT * FROM charge_points ORDER BY id", cancellationToken: ct))).Select(r => r.ToChargePoint()).ToList();
    }

    /// <summary>The connectors of one charger, or of every charger when <paramref name="chargePointId"/> is null; by charger and connector.</summary>
    public async Task<IReadOnlyList<ConnectorStatus>> ConnectorsAsync(string? chargePointId, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return (await connection.QueryAsync<ConnectorRow>(new CommandDefinition(
            """
            SELECT * FROM connectors
            WHERE @chargePointId IS NULL OR charge_point_id = @chargePointId
            ORDER BY charge_point_id, connector_id
            """, new { chargePointId }, cancellationToken: ct))).Select(r => r.ToStatus()).ToList();
    }

    /// <summary>
    /// Registers a charger or updates its password, tariff and required security profile (admin PUT). Null leaves a
    /// field as it is; <paramref name="clearPassword"/> removes the password. Returns null, changing nothing, when
    /// <paramref name="tariffId"/> names no tariff: checked in the same write, so a tariff deleted meanwhile cannot end up assigned.
    /// </summary>
    /// <param name="name">Null leaves it as it is, "" removes it; likewise <paramref name="address"/>.</param>
    /// <param name="audit">The audit row of an admin API change, appended in the same transaction; null for the console and the server.</param>
    /// <param name="setMessageLog">Whether to set the charger's message log to <paramref name="messageLog"/> (null: follow the server's setting).</param>
    public Task<ChargePoint?> UpsertAsync(string id, string? passwordHash, string? tariffId, bool clearTariff, DateTimeOffset now,
        CancellationToken ct, int? securityProfile = null, bool clearPassword = false, string? name = null, string? address = null,
        AuditDraft? audit = null, bool setMessageLog = false, bool? messageLog = null)
    {
        var nowMs = UnixTime.ToMs(now);
        return writer.WriteAsync<ChargePoint?>((connection, transaction) =>
        {
            if (tariffId is not null &&
                connection.ExecuteScalar<long>("SELECT COUNT(*) FROM tariffs WHERE id = @tariffId", new { tariffId }, transaction) == 0)
                return null;
            connection.Execute(
                """
                INSERT INTO charge_points (id, password_hash, tariff_id, registered_at, security_profile, name, address, message_log)
                VALUES (@id, @passwordHash, @tariffId, @nowMs, COALESCE(@securityProfile, 0), NULLIF(@name, ''), NULLIF(@address, ''), @messageLog)
                ON CONFLICT (id) DO UPDATE SET
                    password_hash = CASE WHEN @clearPassword = 1 THEN NULL ELSE COALESCE(@passwordHash, charge_points.password_hash) END,
                    tariff_id = CASE WHEN @clearTariff = 1 THEN NULL ELSE COALESCE(@tariffId, charge_points.tariff_id) END,
                    security_profile = COALESCE(@securityProfile, charge_points.security_profile),
                    name = CASE WHEN @name IS NULL THEN charge_points.name ELSE NULLIF(@name, '') END,
                    address = CASE WHEN @address IS NULL THEN charge_points.address ELSE NULLIF(@address, '') END,
                    message_log = CASE WHEN @setMessageLog = 1 THEN @messageLog ELSE charge_points.message_log END
                """, new { id, passwordHash, tariffId, clearTariff, clearPassword, nowMs, securityProfile, name, address, setMessageLog, messageLog },
                transaction);
            if (audit is not null)
                AuditStore.Append(connection, transaction, audit, null);
            return connection.QuerySingle<ChargePointRow>("SELECT * FROM charge_points WHERE id = @id", new { id }, transaction).ToChargePoint();
        }, ct);
    }

    /// <summary>
    /// Removes a charger and its connectors' status (DELETE /api/chargepoints/{id}); its sessions, commands and history stay.
    /// </summary>
    /// <returns>False when there was no such charger.</returns>
    /// <param name="audit">The audit row of the change, appended in the same transaction when the charger was there.</param>
    public Task<bool> DeleteAsync(string id, AuditDraft audit, CancellationToken ct) =>
        writer.WriteAsync((connection, transaction) =>
        {
            connection.Execute("DELETE FROM connectors WHERE charge_point_id = @id", new { id }, transaction);
            if (connection.Execute("DELETE FROM charge_points WHERE id = @id", new { id }, transaction) == 0)
                return false;
            AuditStore.Append(connection, transaction, audit, null);
            return true;
        }, ct);

    /// <summary>BootNotification, inside the ledger's write: registers an unknown charger and records what it says about itself.</summary>
    internal static void RecordBoot(DbConnection connection, DbTransaction transaction, string id,
        string vendor, string model, string? serialNumber, string? firmwareVersion, long nowMs)
    {
        connection.Execute(
            """
            INSERT INTO charge_points (id, vendor, model, serial_number, firmware_version, registered_at, last_boot_at, last_seen)
            VALUES (@id, @vendor, @model, @serialNumber, @firmwareVersion, @nowMs, @nowMs, @nowMs)
            ON CONFLICT (id) DO UPDATE SET
                vendor = excluded.vendor, model = excluded.model, serial_number = excluded.serial_number,
                firmware_version = excluded.firmware_version, last_boot_at = excluded.last_boot_at, last_seen = excluded.last_seen
            """, new { id, vendor, model, serialNumber, firmwareVersion, nowMs }, transaction);
        ChargerEventStore.Insert(connection, transaction, ChargerEvent.New(id, UnixTime.FromMs(nowMs), ChargerEventKinds.BootNotification) with
        {
            Info = firmwareVersion is null ? $"{vendor} {model}" : $"{vendor} {model}, firmware {firmwareVersion}",
        });
    }

    /// <summary>
    /// The connector's latest status; a change of status, error code or info (or a connector's first report) is also kept
    /// in the charger's history (docs/charger-health.md), in the same write.
    /// </summary>
    public Task RecordStatusAsync(string chargePointId, int connectorId, string status, string errorCode, string? info,
        string? vendorErrorCode, DateTimeOffset updatedAt, DateTimeOffset receivedAt, CancellationToken ct)
    {
        var updatedAtMs = UnixTime.ToMs(updatedAt);
        return writer.WriteAsync((connection, transaction) =>
        {
            var changed = connection.ExecuteScalar<bool>(
                """
                SELECT NOT EXISTS (SELECT 1 FROM connectors WHERE charge_point_id = @chargePointId AND connector_id = @connectorId
                    AND status = @status AND error_code = @errorCode AND info IS NOT DISTINCT FROM @info)
                """, new { chargePointId, connectorId, status, errorCode, info }, transaction);
            connection.Execute(
                """
                INSERT INTO connectors (charge_point_id, connector_id, status, error_code, info, vendor_error_code, updated_at)
                VALUES (@chargePointId, @connectorId, @status, @errorCode, @info, @vendorErrorCode, @updatedAtMs)
                ON CONFLICT (charge_point_id, connector_id) DO UPDATE SET
                    status = excluded.status, error_code = excluded.error_code, info = excluded.info,
                    vendor_error_code = excluded.vendor_error_code, updated_at = excluded.updated_at
                """, new { chargePointId, connectorId, status, errorCode, info, vendorErrorCode, updatedAtMs }, transaction);
            if (changed)
            {
                var change = ChargerEvent.New(chargePointId, receivedAt, ChargerEventKinds.StatusChanged) with
                {
                    ConnectorId = connectorId, Status = status, ErrorCode = errorCode, Info = info, ReportedAt = updatedAt,
                };
                ChargerEventStore.Insert(connection, transaction, change);
                WebhookTriggers.StatusChanged(outbox, connection, transaction, change, vendorErrorCode);
            }
            return changed;
        }, ct);
    }

    /// <summary>Moves lastSeen forward to <paramref name="lastSeen"/>, never back.</summary>
    public Task TouchAsync(string chargePointId, DateTimeOffset lastSeen, CancellationToken ct)
    {
        var lastSeenMs = UnixTime.ToMs(lastSeen);
        return writer.WriteAsync((connection, transaction) => connection.Execute(
            $"UPDATE charge_points SET last_seen = {SqlDialect.Of(connection).Greatest("COALESCE(last_seen, 0)", "@lastSeenMs")} WHERE id = @chargePointId",
            new { chargePointId, lastSeenMs }, transaction), ct);
    }
}

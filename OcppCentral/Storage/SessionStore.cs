using System.Text.Json;
using System.Text.Json.Serialization;
using Dapper;
using Microsoft.Data.Sqlite;
using OcppCentral.Ledger;
using OcppCentral.Sessions;

namespace OcppCentral.Storage;

/// <summary>Session rows: the writer-side statements the ledger runs inside a batch, and the admin-side reads.</summary>
public sealed class SessionStore(Database database)
{
    internal static readonly JsonSerializerOptions CostJson = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static SessionRow? Find(SqliteConnection connection, SqliteTransaction? transaction, long transactionId) =>
        connection.QuerySingleOrDefault<SessionRow>("SELECT * FROM sessions WHERE transaction_id = @transactionId", new { transactionId }, transaction);

    /// <summary>
    /// The charger a session belongs to (null when there is no such session), and whether the server closed it
    /// itself (Completed without a meterStop: reboot, superseded). A prepared lookup on the MeterValues path.
    /// </summary>
    public static (string? ChargePointId, bool ClosedByServer) OwnerOf(SqliteConnection connection, SqliteTransaction transaction, long transactionId)
    {
        var command = PreparedCommands.Get(connection, transaction,
            "SELECT charge_point_id, status = 'Completed' AND meter_stop_wh IS NULL FROM sessions WHERE transaction_id = @id", "@id");
        command.Parameters[0].Value = transactionId;
        using var reader = command.ExecuteReader();
        return reader.Read() ? (reader.GetString(0), reader.GetInt64(1) == 1) : (null, false);
    }

    public static long? FindByContent(SqliteConnection connection, SqliteTransaction transaction, string chargePointId, int connectorId,
        string idTag, long meterStartWh, long startTimeMs) =>
        connection.QuerySingleOrDefault<long?>(
            """
            SELECT transaction_id FROM sessions
            WHERE charge_point_id = @chargePointId AND connector_id = @connectorId AND id_tag = @idTag
              AND meter_start_wh = @meterStartWh AND start_time = @startTimeMs
            """, new { chargePointId, connectorId, idTag, meterStartWh, startTimeMs }, transaction);

    public static IReadOnlyList<SessionRow> ActiveOn(SqliteConnection connection, SqliteTransaction transaction, string chargePointId, int? connectorId) =>
        connection.Query<SessionRow>(
            """
            SELECT * FROM sessions
            WHERE charge_point_id = @chargePointId AND status = 'Active' AND (@connectorId IS NULL OR connector_id = @connectorId)
            """, new { chargePointId, connectorId }, transaction).AsList();

    public static long Insert(SqliteConnection connection, SqliteTransaction transaction, SessionRow row) =>
        connection.ExecuteScalar<long>(
            """
            INSERT INTO sessions (charge_point_id, connector_id, id_tag, reservation_id, start_time, meter_start_wh, status,
                tariff_id, tariff_document, created_at)
            VALUES (@ChargePointId, @ConnectorId, @IdTag, @ReservationId, @StartTime, @MeterStartWh, 'Active',
                @TariffId, @TariffDocument, @CreatedAt);
            SELECT last_insert_rowid();
            """, row, transaction);

    public static void Complete(SqliteConnection connection, SqliteTransaction transaction, long transactionId, long stopTimeMs,
        long? meterStopWh, string stopReason, string? stopIdTag, SessionEvaluation evaluation, long nowMs)
    {
        var summary = evaluation.Summary;
        var cost = evaluation.Cost;
        connection.Execute(
            """
            UPDATE sessions SET status = 'Completed', stop_time = @stopTimeMs, meter_stop_wh = @meterStopWh, stop_reason = @stopReason,
                stop_id_tag = @stopIdTag, energy_wh = @EnergyWh, energy_source = @EnergySource, duration_minutes = @DurationMinutes,
                charging_minutes = @ChargingMinutes, idle_minutes = @IdleMinutes, max_power_kw = @MaxPowerKw,
                average_power_kw = @AveragePowerKw, soc_start_percent = @SocStartPercent, soc_end_percent = @SocEndPercent,
                cost = @costJson, currency = @currency, total_minor = @totalMinor, closed_at = @nowMs
            WHERE transaction_id = @transactionId
            """,
            new
            {
                transactionId, stopTimeMs, meterStopWh, stopReason, stopIdTag,
                summary.EnergyWh, summary.EnergySource, summary.DurationMinutes, summary.ChargingMinutes, summary.IdleMinutes,
                summary.MaxPowerKw, summary.AveragePowerKw, summary.SocStartPercent, summary.SocEndPercent,
                costJson = cost is null ? null : JsonSerializer.Serialize(cost, CostJson),
                currency = cost?.Currency,
                totalMinor = cost is null ? (long?)null : (long)decimal.Round(cost.Total * 100m, 0, MidpointRounding.AwayFromZero),
                nowMs,
            }, transaction);
        AddAnomalies(connection, transaction, transactionId, evaluation.Anomalies, nowMs);
    }

    /// <summary>
    /// A session carries each code at most once: the first finding stays. A charger whose clock runs ahead flags
    /// every message it sends, but that is one problem to fix, and a report's anomaly count counts problems.
    /// </summary>
    public static void AddAnomalies(SqliteConnection connection, SqliteTransaction transaction, long transactionId,
        IEnumerable<Anomaly> anomalies, long nowMs)
    {
        var rows = anomalies.Select(a => new { transactionId, a.Code, a.Detail, nowMs }).ToList();
        if (rows.Count == 0)
            return;
        connection.Execute(
            """
            INSERT INTO session_anomalies (transaction_id, code, detail, detected_at)
            SELECT @transactionId, @Code, @Detail, @nowMs
            WHERE NOT EXISTS (SELECT 1 FROM session_anomalies WHERE transaction_id = @transactionId AND code = @Code)
            """, rows, transaction);
        CountAnomalies(connection, transaction, transactionId);
    }

    /// <summary>
    /// Before a session is closed again with the charger's real StopTransaction, the findings of the first close go:
    /// they are computed anew. What was observed as messages arrived (reboot, superseded, clock ahead) stays.
    /// </summary>
    public static void RemoveCloseTimeAnomalies(SqliteConnection connection, SqliteTransaction transaction, long transactionId)
    {
        connection.Execute(
            "DELETE FROM session_anomalies WHERE transaction_id = @transactionId AND code NOT IN @kept",
            new { transactionId, kept = new[] { AnomalyCodes.InterruptedByReboot, AnomalyCodes.Superseded, AnomalyCodes.TimestampInFuture } },
            transaction);
        CountAnomalies(connection, transaction, transactionId);
    }

    private static void CountAnomalies(SqliteConnection connection, SqliteTransaction transaction, long transactionId) =>
        connection.Execute(
            "UPDATE sessions SET anomaly_count = (SELECT COUNT(*) FROM session_anomalies WHERE transaction_id = @transactionId) WHERE transaction_id = @transactionId",
            new { transactionId }, transaction);

    public async Task<SessionRow?> FindAsync(long transactionId, CancellationToken ct)
    {
        await using var connection = database.Open();
        return Find(connection, null, transactionId);
    }

    public async Task<IReadOnlyList<Anomaly>> AnomaliesAsync(long transactionId, CancellationToken ct)
    {
        await using var connection = database.Open();
        return (await connection.QueryAsync<(string Code, string Detail)>(new CommandDefinition(
            "SELECT code, detail FROM session_anomalies WHERE transaction_id = @transactionId ORDER BY id",
            new { transactionId }, cancellationToken: ct))).Select(a => new Anomaly(a.Code, a.Detail)).ToList();
    }
}

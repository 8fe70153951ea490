using System.Text.Json;
using Dapper;
using Microsoft.Data.Sqlite;
using OcppCentral.Pricing;
using OcppCentral.Sessions;

namespace OcppCentral.Storage;

/// <summary>
/// The statements the ledger runs on sessions, samples, orphans and boots, all inside one of the writer's transactions
/// (<see cref="SessionStore.WriteAsync{T}"/>): what it reads there sees what the batch wrote before it. Only the writer's
/// thread uses an instance, and only during its write.
/// </summary>
public sealed class SessionWrites
{
    private readonly SqliteConnection _connection;
    private readonly SqliteTransaction _transaction;

    internal SessionWrites(SqliteConnection connection, SqliteTransaction transaction)
    {
        _connection = connection;
        _transaction = transaction;
    }

    public StoredSession? Find(long transactionId) =>
        _connection.QuerySingleOrDefault<SessionRow>($"SELECT {SessionRow.Columns} FROM sessions WHERE transaction_id = @transactionId",
            new { transactionId }, _transaction)?.ToSession();

    /// <summary>
    /// The charger a session belongs to (null when there is no such session), whether the server closed it itself
    /// (Completed without a meterStop: reboot, superseded), and how many samples it holds. A prepared lookup on the
    /// MeterValues path.
    /// </summary>
    public (string? ChargePointId, bool ClosedByServer, long SampleCount) OwnerOf(long transactionId)
    {
        var command = PreparedCommands.Get(_connection, _transaction,
            "SELECT charge_point_id, status = 'Completed' AND meter_stop_wh IS NULL, sample_count FROM sessions WHERE transaction_id = @id", "@id");
        command.Parameters[0].Value = transactionId;
        using var reader = command.ExecuteReader();
        return reader.Read() ? (reader.GetString(0), reader.GetInt64(1) == 1, reader.GetInt64(2)) : (null, false, 0);
    }

    /// <summary>Adds <paramref name="added"/> newly stored samples to the session's count (the same batch that stored them).</summary>
    public void CountSamples(long transactionId, int added)
    {
        if (added == 0)
            return;
        var command = PreparedCommands.Get(_connection, _transaction,
            "UPDATE sessions SET sample_count = sample_count + @added WHERE transaction_id = @id", "@added", "@id");
        command.Parameters[0].Value = added;
        command.Parameters[1].Value = transactionId;
        command.ExecuteNonQuery();
    }

    /// <summary>The session a StartTransaction with exactly this content created, if one did (a resend).</summary>
    public long? FindByContent(string chargePointId, int connectorId, string idTag, long meterStartWh, DateTimeOffset startTime) =>
        _connection.QuerySingleOrDefault<long?>(
            """
            SELECT transaction_id FROM sessions
            WHERE charge_point_id = @chargePointId AND connector_id = @connectorId AND id_tag = @idTag
              AND meter_start_wh = @meterStartWh AND start_time = @startTimeMs
            """, new { chargePointId, connectorId, idTag, meterStartWh, startTimeMs = UnixTime.ToMs(startTime) }, _transaction);

    /// <summary>The Active sessions of a charger, on one connector or (null) on all.</summary>
    public IReadOnlyList<StoredSession> ActiveOn(string chargePointId, int? connectorId) =>
        _connection.Query<SessionRow>(
            $"""
            SELECT {SessionRow.Columns} FROM sessions
            WHERE charge_point_id = @chargePointId AND status = 'Active' AND (@connectorId IS NULL OR connector_id = @connectorId)
            """, new { chargePointId, connectorId }, _transaction).Select(r => r.ToSession()).ToList();

    /// <summary>
    /// A new Active session, pinned to the tariff in force now (docs/sessions-and-pricing.md): the charger's assigned tariff, else <c>default</c>.
    /// The session keeps a copy of that tariff's document, so editing the tariff later changes neither a closed session
    /// nor one still running. It gets its receipt token (<see cref="ReceiptToken"/>) here.
    /// </summary>
    /// <returns>Its transactionId.</returns>
    public long Start(string chargePointId, int connectorId, string idTag, int? reservationId, DateTimeOffset startTime, long meterStartWh,
        DateTimeOffset now)
    {
        var (tariffId, tariffDocument) = TariffStore.InForce(_connection, _transaction, chargePointId);
        return _connection.ExecuteScalar<long>(
            """
            INSERT INTO sessions (charge_point_id, connector_id, id_tag, reservation_id, start_time, meter_start_wh, status,
                tariff_id, tariff_document, created_at, receipt_token)
            VALUES (@chargePointId, @connectorId, @idTag, @reservationId, @startTimeMs, @meterStartWh, 'Active',
                @tariffId, @tariffDocument, @nowMs, @receiptToken);
            SELECT last_insert_rowid();
            """,
            new
            {
                chargePointId, connectorId, idTag, reservationId, startTimeMs = UnixTime.ToMs(startTime), meterStartWh, tariffId, tariffDocument,
                nowMs = UnixTime.ToMs(now), receiptToken = ReceiptToken.New(),
            }, _transaction);
    }

    /// <summary>The copy of the tariff the session was pinned to at its start; null when none applied.</summary>
    public TariffDocument? PinnedTariff(long transactionId) =>
        TariffStore.Read(_connection.QuerySingleOrDefault<string?>("SELECT tariff_document FROM sessions WHERE transaction_id = @transactionId",
            new { transactionId }, _transaction));

    /// <summary>Stores one sample (see <see cref="MeterValueStore.Insert"/>); true when new.</summary>
    public bool AddSample(string chargePointId, int connectorId, long? transactionId, MeterSample sample) =>
        MeterValueStore.Insert(_connection, _transaction, chargePointId, connectorId, transactionId, sample);

    /// <summary>A session's samples, in time order (ties in arrival order).</summary>
    public IReadOnlyList<MeterSample> Samples(long transactionId) => MeterValueStore.ForTransaction(_connection, _transaction, transactionId);

    /// <summary>Closes a session with its figures, its price (null: none) and the anomalies found at close.</summary>
    public void Complete(long transactionId, DateTimeOffset stopTime, long? meterStopWh, string stopReason, string? stopIdTag,
        SessionSummary summary, Cost? cost, IReadOnlyList<Anomaly> anomalies, DateTimeOffset now)
    {
        var nowMs = UnixTime.ToMs(now);
        _connection.Execute(
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
                transactionId, stopTimeMs = UnixTime.ToMs(stopTime), meterStopWh, stopReason, stopIdTag,
                summary.EnergyWh, summary.EnergySource, summary.DurationMinutes, summary.ChargingMinutes, summary.IdleMinutes,
                summary.MaxPowerKw, summary.AveragePowerKw, summary.SocStartPercent, summary.SocEndPercent,
                costJson = cost is null ? null : JsonSerializer.Serialize(cost, SessionRow.CostJson),
                currency = cost?.Currency,
                totalMinor = cost is null ? (long?)null : (long)decimal.Round(cost.Total * 100m, 0, MidpointRounding.AwayFromZero),
                nowMs,
            }, _transaction);
        AddAnomalies(transactionId, anomalies, now);
    }

    /// <summary>
    /// A session carries each code at most once: the first finding stays. A charger whose clock runs ahead flags
    /// every message it sends, but that is one problem to fix, and a report's anomaly count counts problems.
    /// </summary>
    public void AddAnomalies(long transactionId, IEnumerable<Anomaly> anomalies, DateTimeOffset now)
    {
        var nowMs = UnixTime.ToMs(now);
        var rows = anomalies.Select(a => new { transactionId, a.Code, a.Detail, nowMs }).ToList();
        if (rows.Count == 0)
            return;
        _connection.Execute(
            """
            INSERT INTO session_anomalies (transaction_id, code, detail, detected_at)
            SELECT @transactionId, @Code, @Detail, @nowMs
            WHERE NOT EXISTS (SELECT 1 FROM session_anomalies WHERE transaction_id = @transactionId AND code = @Code)
            """, rows, _transaction);
        CountAnomalies(transactionId);
    }

    /// <summary>
    /// Before a session is closed again with the charger's real StopTransaction, the findings of the first close go:
    /// they are computed anew. What was observed as messages arrived (reboot, superseded, clock ahead, the sample limit) stays.
    /// </summary>
    public void RemoveCloseTimeAnomalies(long transactionId)
    {
        _connection.Execute(
            "DELETE FROM session_anomalies WHERE transaction_id = @transactionId AND code NOT IN @kept",
            new { transactionId, kept = new[]
            {
                AnomalyCodes.InterruptedByReboot, AnomalyCodes.Superseded, AnomalyCodes.TimestampInFuture, AnomalyCodes.SampleLimitReached,
            } },
            _transaction);
        CountAnomalies(transactionId);
    }

    /// <summary>Keeps a message for a transaction this server does not know (<see cref="OrphanStore"/>).</summary>
    public void KeepOrphan(string chargePointId, string action, string? transactionId, string payload, DateTimeOffset receivedAt) =>
        OrphanStore.Insert(_connection, _transaction, chargePointId, action, transactionId, payload, UnixTime.ToMs(receivedAt));

    /// <summary>BootNotification: registers an unknown charger and records what it says about itself.</summary>
    public void RecordBoot(string chargePointId, string vendor, string model, string? serialNumber, string? firmwareVersion,
        DateTimeOffset receivedAt) =>
        ChargePointStore.RecordBoot(_connection, _transaction, chargePointId, vendor, model, serialNumber, firmwareVersion, UnixTime.ToMs(receivedAt));

    private void CountAnomalies(long transactionId) =>
        _connection.Execute(
            "UPDATE sessions SET anomaly_count = (SELECT COUNT(*) FROM session_anomalies WHERE transaction_id = @transactionId) WHERE transaction_id = @transactionId",
            new { transactionId }, _transaction);
}

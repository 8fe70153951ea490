using System.Data.Common;
using System.Text.Json;
using Dapper;
using OcppCentral.Operations;
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
    private readonly DbConnection _db;
    private readonly DbTransaction _transaction;
    private readonly SampleBatch? _samples;
    private readonly StorageWriter? _writer;
    private readonly ChargeMonitorMetrics? _metrics;
    private readonly WebhookOutbox? _outbox;

    /// <param name="writer">The writer running this write: sessions closed and anomalies are counted once it commits.</param>
    /// <param name="outbox">Where the webhook events a close raises go (docs/webhooks.md); none in unit tests.</param>
    internal SessionWrites(DbConnection connection, DbTransaction transaction, StorageWriter? writer = null, ChargeMonitorMetrics? metrics = null,
        WebhookOutbox? outbox = null)
    {
        _outbox = outbox;
        _db = connection;
        _transaction = transaction;
        _writer = writer;
        _samples = writer?.Samples;
        _metrics = metrics;
    }

    /// <summary>
    /// The writer's connection, for a statement of this write: on PostgreSQL the samples the batch holds back
    /// (<see cref="SampleBatch"/>) are stored first, so that the statement sees them, as it would had each been stored at once.
    /// </summary>
    private DbConnection Connection
    {
        get
        {
            _samples?.Touched();
            return _db;
        }
    }

    /// <summary>Records a measurement once this write is committed (nothing when metrics are not wired, as in unit tests).</summary>
    private void CountWhenCommitted(Action<ChargeMonitorMetrics> count)
    {
        if (_writer is not null && _metrics is { } metrics)
            _writer.OnCommitted(() => count(metrics));
    }

    public StoredSession? Find(long transactionId) =>
        Connection.QuerySingleOrDefault<SessionRow>($"SELECT {SessionRow.Columns} FROM sessions WHERE transaction_id = @transactionId",
            new { transactionId }, _transaction)?.ToSession();

    /// <summary>
    /// The charger a session belongs to (null when there is no such session), whether the server closed it itself
    /// (Completed without a meterStop: reboot, superseded), and how many samples it holds. A prepared lookup on the
    /// MeterValues path.
    /// </summary>
    public (string? ChargePointId, bool ClosedByServer, long SampleCount) OwnerOf(long transactionId)
    {
        // On PostgreSQL, read with the sessions the rest of the batch looks up.
        if (_samples is not null)
            return _samples.OwnerOf(transactionId);
        var command = PreparedCommands.Get(Connection, _transaction,
            "SELECT charge_point_id, CASE WHEN status = 'Completed' AND meter_stop_wh IS NULL THEN 1 ELSE 0 END, sample_count FROM sessions WHERE transaction_id = @id",
            "@id");
        command.Parameters[0].Value = transactionId;
        using var reader = command.ExecuteReader();
        return reader.Read() ? (reader.GetString(0), reader.GetInt64(1) == 1, reader.GetInt64(2)) : (null, false, 0);
    }

    /// <summary>
    /// Adds <paramref name="added"/> newly stored samples to the session's count (the same batch that stored them); for a
    /// MeterValues, <paramref name="heardAt"/> is also what <see cref="Heard"/> records, in the same update, so the writer
    /// finds the session's row once per message, not twice.
    /// </summary>
    public void CountSamples(long transactionId, int added, DateTimeOffset? heardAt = null)
    {
        if (heardAt is not { } at)
        {
            if (added == 0)
                return;
            var command = PreparedCommands.Get(Connection, _transaction,
                "UPDATE sessions SET sample_count = sample_count + @added WHERE transaction_id = @id", "@added", "@id");
            command.Parameters[0].Value = added;
            command.Parameters[1].Value = transactionId;
            command.ExecuteNonQuery();
            return;
        }
        var counted = PreparedCommands.Get(Connection, _transaction,
            """
            UPDATE sessions SET sample_count = sample_count + @added,
                last_message_at = CASE WHEN last_message_at IS NULL OR last_message_at < @at THEN @at ELSE last_message_at END
            WHERE transaction_id = @id
            """, "@added", "@at", "@id");
        counted.Parameters[0].Value = added;
        counted.Parameters[1].Value = UnixTime.ToMs(at);
        counted.Parameters[2].Value = transactionId;
        counted.ExecuteNonQuery();
    }

    /// <summary>
    /// A MeterValues for the session arrived at <paramref name="receivedAt"/> (server time): the stale-session sweep counts its
    /// silence from the latest (docs/corrections.md). One prepared update by key, whatever the session's length.
    /// </summary>
    public void Heard(long transactionId, DateTimeOffset receivedAt)
    {
        var command = PreparedCommands.Get(Connection, _transaction,
            "UPDATE sessions SET last_message_at = @at WHERE transaction_id = @id AND (last_message_at IS NULL OR last_message_at < @at)",
            "@at", "@id");
        command.Parameters[0].Value = UnixTime.ToMs(receivedAt);
        command.Parameters[1].Value = transactionId;
        command.ExecuteNonQuery();
    }

    /// <summary>
    /// Active sessions whose charger has sent nothing for them since before <paramref name="cutoff"/> and that were never flagged
    /// NoStopReceived, at most <paramref name="limit"/>, the longest silent first; read from the index of Active sessions.
    /// </summary>
    public IReadOnlyList<(long TransactionId, DateTimeOffset LastMessageAt)> GoneSilent(DateTimeOffset cutoff, int limit) =>
        Connection.Query<(long TransactionId, long LastMessageAt)>(
            """
            SELECT s.transaction_id, s.last_message_at FROM sessions s
            WHERE s.status = 'Active' AND s.last_message_at < @cutoffMs
              AND NOT EXISTS (SELECT 1 FROM session_anomalies a WHERE a.transaction_id = s.transaction_id AND a.code = @code)
            ORDER BY s.last_message_at, s.transaction_id
            LIMIT @limit
            """, new { cutoffMs = UnixTime.ToMs(cutoff), code = Sessions.AnomalyCodes.NoStopReceived, limit }, _transaction)
            .Select(r => (r.TransactionId, UnixTime.FromMs(r.LastMessageAt))).ToList();

    /// <summary>The session a StartTransaction with exactly this content created, if one did (a resend).</summary>
    public long? FindByContent(string chargePointId, int connectorId, string idTag, long meterStartWh, DateTimeOffset startTime) =>
        Connection.QuerySingleOrDefault<long?>(
            """
            SELECT transaction_id FROM sessions
            WHERE charge_point_id = @chargePointId AND connector_id = @connectorId AND id_tag = @idTag
              AND meter_start_wh = @meterStartWh AND start_time = @startTimeMs
            """, new { chargePointId, connectorId, idTag, meterStartWh, startTimeMs = UnixTime.ToMs(startTime) }, _transaction);

    /// <summary>The Active sessions of a charger, on one connector or (null) on all.</summary>
    public IReadOnlyList<StoredSession> ActiveOn(string chargePointId, int? connectorId) =>
        Connection.Query<SessionRow>(
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
        var (tariffId, tariffVersion, tariffDocument) = TariffStore.InForce(Connection, _transaction, chargePointId);
        return Connection.ExecuteScalar<long>(
            """
            INSERT INTO sessions (charge_point_id, connector_id, id_tag, reservation_id, start_time, meter_start_wh, status,
                tariff_id, tariff_version, tariff_document, created_at, receipt_token, last_message_at)
            VALUES (@chargePointId, @connectorId, @idTag, @reservationId, @startTimeMs, @meterStartWh, 'Active',
                @tariffId, @tariffVersion, @tariffDocument, @nowMs, @receiptToken, @nowMs)
            RETURNING transaction_id
            """,
            new
            {
                chargePointId, connectorId, idTag, reservationId, startTimeMs = UnixTime.ToMs(startTime), meterStartWh, tariffId, tariffVersion,
                tariffDocument,
                nowMs = UnixTime.ToMs(now), receiptToken = ReceiptToken.New(),
            }, _transaction);
    }

    /// <summary>The copy of the tariff the session was pinned to at its start; null when none applied.</summary>
    public TariffDocument? PinnedTariff(long transactionId) =>
        TariffStore.Read(Connection.QuerySingleOrDefault<string?>("SELECT tariff_document FROM sessions WHERE transaction_id = @transactionId",
            new { transactionId }, _transaction));

    /// <summary>Stores one sample (see <see cref="MeterValueStore.Insert"/>); true when new.</summary>
    public bool AddSample(string chargePointId, int connectorId, long? transactionId, MeterSample sample, DateTimeOffset? receivedAt) =>
        MeterValueStore.Insert(Connection, _transaction, chargePointId, connectorId, transactionId, sample, receivedAt);

    /// <summary>
    /// Stores a message's samples (each as <see cref="AddSample"/>) and counts the new ones on the session, recording for a
    /// MeterValues (<paramref name="receivedAt"/> given) that the session was heard of (<see cref="CountSamples"/>); without a
    /// session (<paramref name="transactionId"/> null) nothing is counted. On PostgreSQL all of it is one statement
    /// (<see cref="SampleBatch"/>), for all the messages of the writer's batch or for this one alone.
    /// </summary>
    /// <returns>The samples newly stored, in the message's order.</returns>
    public IReadOnlyList<MeterSample> AddSamples(string chargePointId, int connectorId, long? transactionId, IReadOnlyList<MeterSample> samples,
        DateTimeOffset? receivedAt)
    {
        // Usually every sample is new: the message's own list is then what was added, and no copy is made.
        // On PostgreSQL, stored with the batch's other messages, just before a statement that could see them.
        if (_samples is not null)
            return _samples.Add(chargePointId, connectorId, transactionId, samples, receivedAt);
        // On PostgreSQL outside such a batch (a write run isolated): the same statement, for this message alone, at once.
        if (Dialect == SqlDialect.Postgres)
            return SampleBatch.StoreNow(Connection, _transaction, chargePointId, connectorId, transactionId, samples, receivedAt);
        List<MeterSample>? some = null;
        for (var i = 0; i < samples.Count; i++)
        {
            if (AddSample(chargePointId, connectorId, transactionId, samples[i], receivedAt))
                some?.Add(samples[i]);
            else
                some ??= [.. samples.Take(i)];
        }
        var added = some ?? samples;
        if (transactionId is { } id)
            CountSamples(id, added.Count, receivedAt);
        return added;
    }

    /// <summary>The backend this write runs on: how a sample reads back once stored depends on it (<see cref="MeterValueStore.AsStored"/>).</summary>
    public SqlDialect Dialect => SqlDialect.Of(_db);

    /// <summary>Per timestamp of the session's MeterValues, when it was received (<see cref="MeterValueStore.Receipts"/>).</summary>
    public IReadOnlyList<(long TimestampMs, long ReceivedAtMs)> Receipts(long transactionId) =>
        MeterValueStore.Receipts(Connection, _transaction, transactionId);

    /// <summary>The charger's link events and Faulted status changes from <paramref name="from"/> to <paramref name="to"/> (server time).</summary>
    public IReadOnlyList<ChargerEvent> HealthEvents(string chargePointId, DateTimeOffset from, DateTimeOffset to) =>
        ChargerEventStore.HealthEvents(Connection, _transaction, chargePointId, UnixTime.ToMs(from), UnixTime.ToMs(to));

    /// <summary>A session's samples, in time order (ties in arrival order).</summary>
    public IReadOnlyList<MeterSample> Samples(long transactionId) => MeterValueStore.ForTransaction(Connection, _transaction, transactionId);

    /// <summary>Closes a session with its figures, its price (null: none) and the anomalies found at close.</summary>
    public void Complete(long transactionId, DateTimeOffset stopTime, long? meterStopWh, string stopReason, string? stopIdTag,
        SessionSummary summary, Cost? cost, IReadOnlyList<Anomaly> anomalies, DateTimeOffset now)
    {
        var nowMs = UnixTime.ToMs(now);
        // A session the server closed (reboot, superseded) and the charger's Stop closes again was counted the first time.
        if (_metrics is not null && Connection.ExecuteScalar<long>("SELECT CASE WHEN status = 'Active' THEN 1 ELSE 0 END FROM sessions WHERE transaction_id = @transactionId",
                new { transactionId }, _transaction) == 1)
            CountWhenCommitted(metrics => metrics.SessionClosed(stopReason));
        // Whatever closes the session now, it no longer waits for the charger's own Stop (docs/corrections.md, kind close).
        Connection.Execute(
            """
            UPDATE sessions SET status = 'Completed', stop_reason = @stopReason, stop_id_tag = @stopIdTag, closed_at = @nowMs, awaiting_charger_stop = 0
            WHERE transaction_id = @transactionId
            """,
            new { transactionId, stopReason, stopIdTag, nowMs }, _transaction);
        StoreFigures(transactionId, stopTime, meterStopWh, summary, cost);
        AddAnomalies(transactionId, anomalies, now);
    }

    /// <summary>
    /// An operator closed the Active session (correction kind close, docs/corrections.md), just completed with
    /// <see cref="Complete"/>: it is corrected, and the charger's own StopTransaction, should it come, measures it again.
    /// </summary>
    public void MarkClosedByOperator(long transactionId) =>
        Connection.Execute("UPDATE sessions SET corrected = 1, awaiting_charger_stop = 1 WHERE transaction_id = @transactionId",
            new { transactionId }, _transaction);

    /// <summary>Resolves the session's open anomalies of <paramref name="code"/> with <paramref name="version"/> (the correction that put them right).</summary>
    public void ResolveAnomalies(long transactionId, string code, int version, string actor, DateTimeOffset now)
    {
        Connection.Execute(
            """
            UPDATE session_anomalies SET status = 'Resolved', resolved_by_version = @version, decided_by = @actor, decided_at = @nowMs
            WHERE transaction_id = @transactionId AND code = @code AND status <> 'Resolved'
            """, new { transactionId, code, version, actor, nowMs = UnixTime.ToMs(now) }, _transaction);
        CountAnomalies(transactionId);
    }

    /// <summary>
    /// A correction's new figures and price (docs/corrections.md): the stop it measured to, and the credit and void its bill
    /// carries; its anomalies follow with <see cref="ReconcileAnomalies"/>.
    /// </summary>
    public void Correct(long transactionId, DateTimeOffset stopTime, long? meterStopWh, SessionSummary summary, Cost? cost, decimal? credit,
        bool voided)
    {
        Connection.Execute("UPDATE sessions SET corrected = 1, credit = @credit, voided = @voided WHERE transaction_id = @transactionId",
            new { transactionId, credit, voided }, _transaction);
        StoreFigures(transactionId, stopTime, meterStopWh, summary, cost);
    }

    private void StoreFigures(long transactionId, DateTimeOffset stopTime, long? meterStopWh, SessionSummary summary, Cost? cost) =>
        Connection.Execute(
            """
            UPDATE sessions SET stop_time = @stopTimeMs, meter_stop_wh = @meterStopWh,
                energy_wh = @EnergyWh, energy_source = @EnergySource, duration_minutes = @DurationMinutes,
                charging_minutes = @ChargingMinutes, idle_minutes = @IdleMinutes, max_power_kw = @MaxPowerKw,
                average_power_kw = @AveragePowerKw, soc_start_percent = @SocStartPercent, soc_end_percent = @SocEndPercent,
                cost = @costJson, currency = @currency, total_minor = @totalMinor
            WHERE transaction_id = @transactionId
            """,
            new
            {
                transactionId, stopTimeMs = UnixTime.ToMs(stopTime), meterStopWh,
                summary.EnergyWh, summary.EnergySource, summary.DurationMinutes, summary.ChargingMinutes, summary.IdleMinutes,
                summary.MaxPowerKw, summary.AveragePowerKw, summary.SocStartPercent, summary.SocEndPercent,
                costJson = cost is null ? null : JsonSerializer.Serialize(cost, SessionRow.CostJson),
                currency = cost?.Currency,
                totalMinor = SessionVersionStore.Minor(cost?.Total),
            }, _transaction);

    /// <summary>A tariff as stored now, or one of its versions; null when there is no such tariff or version.</summary>
    public (TariffDocument Document, int Version)? StoredTariff(string tariffId, int? version) =>
        TariffStore.Find(Connection, _transaction, tariffId, version);

    /// <summary>Pins a Completed session to a version of a tariff (a re-price).</summary>
    public void Repin(long transactionId, string tariffId, int version) =>
        Connection.Execute(
            """
            UPDATE sessions SET tariff_id = @tariffId, tariff_version = @version,
                tariff_document = (SELECT document FROM tariff_versions WHERE tariff_id = @tariffId AND version = @version)
            WHERE transaction_id = @transactionId
            """, new { transactionId, tariffId, version }, _transaction);

    /// <summary>The webhook event anomaly.detected for what a close newly found (docs/webhooks.md), committed with the close.</summary>
    public void AnomaliesFound(StoredSession session, IReadOnlyList<Anomaly> anomalies, DateTimeOffset at) =>
        WebhookTriggers.AnomaliesFound(_outbox, Connection, _transaction, session, anomalies, at);

    /// <summary>
    /// The Completed sessions pinned to a tariff that started in [from, to), in start order, each with the tariff version it is
    /// priced with (null: a copy older than versions); what a re-price of the tariff looks at (docs/corrections.md).
    /// </summary>
    public IReadOnlyList<(long TransactionId, int? TariffVersion)> CompletedOfTariff(string tariffId, DateTimeOffset from, DateTimeOffset to) =>
        Connection.Query<(long, long?)>(
            """
            SELECT transaction_id, tariff_version FROM sessions
            WHERE status = 'Completed' AND tariff_id = @tariffId AND start_time >= @fromMs AND start_time < @toMs
            ORDER BY start_time, transaction_id
            """, new { tariffId, fromMs = UnixTime.ToMs(from), toMs = UnixTime.ToMs(to) }, _transaction)
            .Select(row => (row.Item1, (int?)row.Item2)).ToList();

    /// <summary>The re-price made by a request with this Idempotency-Key: its tariff, the request's hash and its answer (JSON).</summary>
    public (string TariffId, string RequestHash, string Result)? RepriceByIdempotencyKey(string key)
    {
        var row = Connection.QuerySingleOrDefault<(string? TariffId, string RequestHash, string Result)>(
            "SELECT tariff_id, request_hash, result FROM tariff_reprices WHERE idempotency_key = @key", new { key }, _transaction);
        return row.TariffId is { } tariffId ? (tariffId, row.RequestHash, row.Result) : null;
    }

    /// <summary>Keeps a re-price's answer under its Idempotency-Key (append-only).</summary>
    public void KeepReprice(string key, string requestHash, string tariffId, string actor, string result, DateTimeOffset now) =>
        Connection.Execute(
            """
            INSERT INTO tariff_reprices (idempotency_key, request_hash, tariff_id, actor, result, created_at)
            VALUES (@key, @requestHash, @tariffId, @actor, @result, @nowMs)
            """, new { key, requestHash, tariffId, actor, result, nowMs = UnixTime.ToMs(now) }, _transaction);

    /// <summary>The codes of a session's anomalies, in the order found.</summary>
    public IReadOnlyList<string> AnomalyCodesOf(long transactionId) =>
        Connection.Query<string>("SELECT code FROM session_anomalies WHERE transaction_id = @transactionId AND status <> 'Resolved' ORDER BY id",
            new { transactionId },
            _transaction).AsList();

    /// <summary>The ids of a session's readings, each with whether a correction excluded it.</summary>
    public IReadOnlyDictionary<long, bool> ReadingIds(long transactionId) => MeterValueStore.ReadingIds(Connection, _transaction, transactionId);

    /// <summary>The ids of the readings corrections excluded from a session, in id order.</summary>
    public IReadOnlyList<long> ExcludedReadings(long transactionId) =>
        Connection.Query<long>("SELECT meter_value_id FROM excluded_readings WHERE transaction_id = @transactionId ORDER BY meter_value_id",
            new { transactionId }, _transaction).AsList();

    /// <summary>Takes readings out of a session's measurement from <paramref name="version"/> on.</summary>
    public void ExcludeReadings(long transactionId, IReadOnlyCollection<long> ids, int version) =>
        MeterValueStore.Exclude(Connection, _transaction, transactionId, ids, version);

    /// <summary>The session's latest version; null before its close.</summary>
    public SessionVersion? LatestVersion(long transactionId) => SessionVersionStore.Latest(Connection, _transaction, transactionId);

    /// <summary>The version made by a request with this Idempotency-Key, and that request's hash.</summary>
    public (SessionVersion Version, string? RequestHash)? VersionByIdempotencyKey(string key) =>
        SessionVersionStore.ByIdempotencyKey(Connection, _transaction, key);

    /// <summary>Appends the session's next version (docs/corrections.md) and makes it the current one; its number.</summary>
    public int AppendVersion(long transactionId, string kind, string actor, string? reason, string changesJson, SessionFigures record,
        string? idempotencyKey, string? requestHash, DateTimeOffset now) =>
        SessionVersionStore.Append(Connection, _transaction, transactionId, kind, actor, reason, changesJson, record, idempotencyKey, requestHash, now);

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
        foreach (var row in rows)
        {
            var added = Connection.Execute(
                """
                INSERT INTO session_anomalies (transaction_id, code, detail, detected_at)
                SELECT @transactionId, @Code, @Detail, @nowMs
                WHERE NOT EXISTS (SELECT 1 FROM session_anomalies WHERE transaction_id = @transactionId AND code = @Code AND status <> 'Resolved')
                ON CONFLICT (transaction_id, code, detail) DO UPDATE SET status = 'Open', resolved_by_version = NULL
                """, row, _transaction);
            if (added > 0)
                CountWhenCommitted(metrics => metrics.AnomalyRecorded(row.Code));
        }
        CountAnomalies(transactionId);
    }

    /// <summary>
    /// Before a session is closed again with the charger's real StopTransaction, the findings of the first close go:
    /// they are computed anew. What was observed as messages arrived (reboot, superseded, clock ahead, the sample limit) stays.
    /// </summary>
    public void RemoveCloseTimeAnomalies(long transactionId)
    {
        Connection.Execute(
            $"DELETE FROM session_anomalies WHERE transaction_id = @transactionId AND {SqlDialect.Of(Connection).NotIn("code", "@kept")}",
            new { transactionId, kept = new[]
            {
                AnomalyCodes.InterruptedByReboot, AnomalyCodes.Superseded, AnomalyCodes.TimestampInFuture, AnomalyCodes.SampleLimitReached,
                AnomalyCodes.ChargerOfflineDuringSession, AnomalyCodes.NoStopReceived,
            } },
            _transaction);
        CountAnomalies(transactionId);
    }

    /// <summary>
    /// After a correction measured a session again (docs/corrections.md): each anomaly found at close that is no longer found is
    /// Resolved by that correction's version; one still found keeps its id and status; a new one is added Open. What was
    /// observed as messages arrived (reboot, superseded, clock ahead) is not a finding of the close and stays.
    /// </summary>
    public void ReconcileAnomalies(long transactionId, IReadOnlyList<Anomaly> found, int version, string actor, DateTimeOffset now)
    {
        var codes = found.Select(a => a.Code).ToArray();
        Connection.Execute(
            $"""
            UPDATE session_anomalies SET status = 'Resolved', resolved_by_version = @version, decided_by = @actor, decided_at = @nowMs
            WHERE transaction_id = @transactionId AND status <> 'Resolved' AND {SqlDialect.Of(Connection).NotIn("code", "@kept")}
              AND {SqlDialect.Of(Connection).NotIn("code", "@codes")}
            """,
            new { transactionId, version, actor, nowMs = UnixTime.ToMs(now), kept = ObservedCodes, codes }, _transaction);
        AddAnomalies(transactionId, found, now);
    }

    private static readonly string[] ObservedCodes =
    [
        Sessions.AnomalyCodes.InterruptedByReboot, Sessions.AnomalyCodes.Superseded, Sessions.AnomalyCodes.TimestampInFuture,
        Sessions.AnomalyCodes.NoStopReceived,
    ];

    /// <summary>One anomaly with its workflow state; null when there is no such anomaly.</summary>
    public TrackedAnomaly? FindAnomaly(long id) =>
        Connection.QuerySingleOrDefault<AnomalyQueries.AnomalyRow>($"SELECT {AnomalyQueries.AnomalyColumns} FROM session_anomalies WHERE id = @id",
            new { id }, _transaction)?.ToAnomaly();

    /// <summary>Whether the session has this version.</summary>
    public bool HasVersion(long transactionId, int version) =>
        Connection.ExecuteScalar<long>("SELECT COUNT(*) FROM session_versions WHERE transaction_id = @transactionId AND version = @version",
            new { transactionId, version }, _transaction) > 0;

    /// <summary>An operator's decision on an anomaly (docs/corrections.md): its new status, note, and the version that resolved it.</summary>
    public void DecideAnomaly(long id, long transactionId, string status, string? note, int? resolvedByVersion, string actor, DateTimeOffset now)
    {
        Connection.Execute(
            """
            UPDATE session_anomalies SET status = @status, note = @note, resolved_by_version = @resolvedByVersion, decided_by = @actor,
                decided_at = @nowMs
            WHERE id = @id
            """, new { id, status, note, resolvedByVersion, actor, nowMs = UnixTime.ToMs(now) }, _transaction);
        CountAnomalies(transactionId);
    }

    /// <summary>Appends the audit row of the change this write makes, in its transaction (<see cref="AuditStore.Append"/>).</summary>
    public void Audit(AuditDraft draft, string? detail) => AuditStore.Append(Connection, _transaction, draft, detail);

    /// <summary>Keeps a message for a transaction this server does not know (<see cref="OrphanStore"/>).</summary>
    public void KeepOrphan(string chargePointId, string action, string? transactionId, string payload, DateTimeOffset receivedAt) =>
        OrphanStore.Insert(Connection, _transaction, chargePointId, action, transactionId, payload, UnixTime.ToMs(receivedAt));

    /// <summary>BootNotification: registers an unknown charger and records what it says about itself.</summary>
    public void RecordBoot(string chargePointId, string vendor, string model, string? serialNumber, string? firmwareVersion,
        DateTimeOffset receivedAt) =>
        ChargePointStore.RecordBoot(Connection, _transaction, chargePointId, vendor, model, serialNumber, firmwareVersion, UnixTime.ToMs(receivedAt));

    private void CountAnomalies(long transactionId) =>
        Connection.Execute(
            """
            UPDATE sessions SET anomaly_count = (SELECT COUNT(*) FROM session_anomalies WHERE transaction_id = @transactionId AND status <> 'Resolved')
            WHERE transaction_id = @transactionId
            """,
            new { transactionId }, _transaction);
}

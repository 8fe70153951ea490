using System.Numerics;
using Microsoft.Data.Sqlite;
using OcppCentral.Sessions;
using OcppCentral.Storage;

namespace OcppCentral.Ledger;

/// <summary>
/// Turns transaction messages into session records, each as one operation of the batching writer, so the
/// handler's answer waits until its data is committed (SPEC 3). Idempotent by content: resends find what
/// their first copy stored.
/// </summary>
public sealed class TransactionLedger(StorageWriter writer, TimeProvider time)
{
    public Task<long> StartAsync(TransactionStart start, CancellationToken ct) =>
        writer.WriteAsync((connection, transaction) => Start(connection, transaction, start), ct);

    public Task<bool> AddMeterValuesAsync(MeterValuesReport report, CancellationToken ct) =>
        writer.WriteAsync((connection, transaction) => AddMeterValues(connection, transaction, report), ct);

    public Task<StopOutcome> StopAsync(TransactionStop stop, CancellationToken ct) =>
        writer.WriteAsync((connection, transaction) => Stop(connection, transaction, stop), ct);

    /// <summary>BootNotification: records the charger, and closes its Active sessions at their last known reading (SPEC 6).</summary>
    public Task<int> RecordBootAsync(ChargerBoot boot, CancellationToken ct) =>
        writer.WriteAsync((connection, transaction) =>
        {
            ChargePointStore.RecordBoot(connection, transaction, boot.ChargePointId, boot.Vendor, boot.Model, boot.SerialNumber,
                boot.FirmwareVersion, UnixTime.ToMs(boot.ReceivedAt));
            var interrupted = SessionStore.ActiveOn(connection, transaction, boot.ChargePointId, null);
            foreach (var session in interrupted)
                CloseAtLastReading(connection, transaction, session, "Reboot", last => AnomalyDetector.InterruptedByReboot(boot.ReceivedAt, last));
            return interrupted.Count;
        }, ct);

    private long Start(SqliteConnection connection, SqliteTransaction transaction, TransactionStart start)
    {
        var startMs = UnixTime.ToMs(start.Timestamp);
        if (SessionStore.FindByContent(connection, transaction, start.ChargePointId, start.ConnectorId, start.IdTag,
                start.MeterStartWh, startMs) is { } existing)
            return existing;

        var superseded = SessionStore.ActiveOn(connection, transaction, start.ChargePointId, start.ConnectorId);
        var (tariffId, tariffDocument) = TariffPinning.Resolve(connection, transaction, start.ChargePointId);
        var nowMs = UnixTime.ToMs(time.GetUtcNow());
        var transactionId = SessionStore.Insert(connection, transaction, new SessionRow
        {
            ChargePointId = start.ChargePointId, ConnectorId = start.ConnectorId, IdTag = start.IdTag,
            ReservationId = start.ReservationId, StartTime = startMs, MeterStartWh = start.MeterStartWh,
            TariffId = tariffId, TariffDocument = tariffDocument, CreatedAt = nowMs,
        });
        if (AnomalyDetector.CheckTimestamp("StartTransaction", start.Timestamp, start.ReceivedAt) is { } future)
            SessionStore.AddAnomalies(connection, transaction, transactionId, [future], nowMs);
        // A new start on a connector with an Active session means that session's Stop never came (SPEC 6).
        foreach (var session in superseded)
            CloseAtLastReading(connection, transaction, session, "Other",
                _ => AnomalyDetector.Superseded(transactionId, start.ConnectorId, start.Timestamp));
        return transactionId;
    }

    /// <returns>False when the transactionId is unknown and the report was kept as an orphan.</returns>
    private bool AddMeterValues(SqliteConnection connection, SqliteTransaction transaction, MeterValuesReport report)
    {
        long? transactionId = null;
        var closedByServer = false;
        // Connector 0 readings belong to the charger, not to a session (SPEC 4).
        if (report.TransactionId is { } sent && report.ConnectorId != 0)
        {
            var (owner, closed) = KnownTransactionId(sent) is { } known ? SessionStore.OwnerOf(connection, transaction, known) : (null, false);
            if (owner != report.ChargePointId)
            {
                OrphanStore.Insert(connection, transaction, report.ChargePointId, "MeterValues", sent.ToString(),
                    report.Payload(), UnixTime.ToMs(report.ReceivedAt));
                return false;
            }
            transactionId = (long)sent;
            closedByServer = closed;
        }
        StoreSamples(connection, transaction, report.ChargePointId, report.ConnectorId, transactionId, report.Samples, report.ReceivedAt);
        // Readings a charger queued before a reboot arrive after the server closed the session at its last known
        // reading: that reading has moved, so the session is measured and priced again up to it.
        if (closedByServer && SessionStore.Find(connection, transaction, transactionId!.Value) is { } session)
        {
            SessionStore.RemoveCloseTimeAnomalies(connection, transaction, session.TransactionId);
            CloseAtLastReading(connection, transaction, session, session.StopReason ?? "Other", why: null);
        }
        return true;
    }

    private StopOutcome Stop(SqliteConnection connection, SqliteTransaction transaction, TransactionStop stop)
    {
        if (KnownSession(connection, transaction, stop.ChargePointId, stop.TransactionId) is not { } session)
        {
            OrphanStore.Insert(connection, transaction, stop.ChargePointId, "StopTransaction", stop.TransactionId.ToString(),
                stop.Payload(), UnixTime.ToMs(stop.ReceivedAt));
            return StopOutcome.Orphan;
        }
        if (session.Status == SessionRow.Completed)
        {
            // A session the server closed itself (reboot, superseded) has no meterStop. When the charger's own
            // StopTransaction for it arrives later (chargers that keep transactions across a reboot send it once back
            // online), that account replaces the estimate from the last reading, so the bill is exact. A Stop for a
            // session that already has one is a resend and changes nothing (SPEC 3).
            if (session.MeterStopWh is not null)
                return StopOutcome.AlreadyCompleted;
            SessionStore.RemoveCloseTimeAnomalies(connection, transaction, session.TransactionId);
        }

        StoreSamples(connection, transaction, stop.ChargePointId, (int)session.ConnectorId, session.TransactionId, stop.Samples, stop.ReceivedAt);
        var extra = AnomalyDetector.CheckTimestamp("StopTransaction", stop.Timestamp, stop.ReceivedAt) is { } future ? new[] { future } : [];
        Close(connection, transaction, session, stop.Timestamp, stop.MeterStopWh, stop.Reason ?? "Local", stop.IdTag, extra);
        return StopOutcome.Completed;
    }

    private void StoreSamples(SqliteConnection connection, SqliteTransaction transaction, string chargePointId, int connectorId,
        long? transactionId, IReadOnlyList<MeterSample> samples, DateTimeOffset receivedAt)
    {
        foreach (var sample in samples)
            MeterValueStore.Insert(connection, transaction, chargePointId, connectorId, transactionId, sample);
        if (transactionId is not { } id)
            return;
        // One finding per message is enough: the session keeps the first of each code anyway.
        var future = samples.Select(s => AnomalyDetector.CheckTimestamp("MeterValues", s.Timestamp, receivedAt)).FirstOrDefault(a => a is not null);
        if (future is not null)
            SessionStore.AddAnomalies(connection, transaction, id, [future], UnixTime.ToMs(time.GetUtcNow()));
    }

    /// <summary>Reboot and supersede: the session ends where its readings end; meterStop stays unknown.</summary>
    /// <param name="why">The anomaly that says why, or null when the session was closed this way before and keeps it.</param>
    private void CloseAtLastReading(SqliteConnection connection, SqliteTransaction transaction, SessionRow session, string reason,
        Func<Sessions.EnergyReading, Anomaly>? why)
    {
        var samples = MeterValueStore.ForTransaction(connection, transaction, session.TransactionId);
        var start = UnixTime.FromMs(session.StartTime);
        var last = EnergyRegister.LastKnown(new SessionFacts(start, start, session.MeterStartWh, null, samples));
        var stopTime = last.Timestamp < start ? start : last.Timestamp;
        Close(connection, transaction, session, stopTime, null, reason, null, why is null ? [] : [why(last)], samples);
    }

    private void Close(SqliteConnection connection, SqliteTransaction transaction, SessionRow session, DateTimeOffset stopTime,
        long? meterStopWh, string reason, string? stopIdTag, IReadOnlyList<Anomaly> extra, IReadOnlyList<MeterSample>? samples = null)
    {
        samples ??= MeterValueStore.ForTransaction(connection, transaction, session.TransactionId);
        var facts = new SessionFacts(UnixTime.FromMs(session.StartTime), stopTime, session.MeterStartWh, meterStopWh, samples);
        var evaluation = SessionEvaluator.Close(facts, TariffPinning.Read(session.TariffDocument), session.TariffId);
        evaluation = evaluation with { Anomalies = [.. extra, .. evaluation.Anomalies] };
        SessionStore.Complete(connection, transaction, session.TransactionId, UnixTime.ToMs(stopTime), meterStopWh, reason, stopIdTag,
            evaluation, UnixTime.ToMs(time.GetUtcNow()));
    }

    /// <summary>A transactionId names a session only when it is one of ours and belongs to this charger; -1, 0 and 2^63−1 do not.</summary>
    private static SessionRow? KnownSession(SqliteConnection connection, SqliteTransaction transaction, string chargePointId, BigInteger sent)
    {
        if (KnownTransactionId(sent) is not { } id)
            return null;
        var session = SessionStore.Find(connection, transaction, id);
        return session?.ChargePointId == chargePointId ? session : null;
    }

    private static long? KnownTransactionId(BigInteger sent) => sent >= 1 && sent <= long.MaxValue ? (long)sent : null;
}

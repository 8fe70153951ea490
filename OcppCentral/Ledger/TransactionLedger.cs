using System.Numerics;
using OcppCentral.Pricing;
using OcppCentral.Sessions;
using OcppCentral.Storage;

namespace OcppCentral.Ledger;

/// <summary>
/// Turns transaction messages into session records, each as one operation of the batching writer, so the
/// handler's answer waits until its data is committed (docs/ocpp-endpoint.md). Idempotent by content: resends find what
/// their first copy stored. The decisions are made here; the statements are <see cref="SessionWrites"/>'.
/// </summary>
public sealed class TransactionLedger(SessionStore sessions, TimeProvider time)
{
    public Task<long> StartAsync(TransactionStart start, CancellationToken ct) =>
        sessions.WriteAsync(writes => Start(writes, start), ct);

    public Task<bool> AddMeterValuesAsync(MeterValuesReport report, CancellationToken ct) =>
        sessions.WriteAsync(writes => AddMeterValues(writes, report), ct);

    public Task<StopOutcome> StopAsync(TransactionStop stop, CancellationToken ct) =>
        sessions.WriteAsync(writes => Stop(writes, stop), ct);

    /// <summary>BootNotification: records the charger, and closes its Active sessions at their last known reading (docs/anomalies-and-feedback.md).</summary>
    public Task<int> RecordBootAsync(ChargerBoot boot, CancellationToken ct) =>
        sessions.WriteAsync(writes =>
        {
            writes.RecordBoot(boot.ChargePointId, boot.Vendor, boot.Model, boot.SerialNumber, boot.FirmwareVersion, boot.ReceivedAt);
            var interrupted = writes.ActiveOn(boot.ChargePointId, null);
            foreach (var session in interrupted)
                CloseAtLastReading(writes, session, "Reboot", last => AnomalyDetector.InterruptedByReboot(boot.ReceivedAt, last));
            return interrupted.Count;
        }, ct);

    private long Start(SessionWrites writes, TransactionStart start)
    {
        if (writes.FindByContent(start.ChargePointId, start.ConnectorId, start.IdTag, start.MeterStartWh, start.Timestamp) is { } existing)
            return existing;

        var superseded = writes.ActiveOn(start.ChargePointId, start.ConnectorId);
        var now = time.GetUtcNow();
        var transactionId = writes.Start(start.ChargePointId, start.ConnectorId, start.IdTag, start.ReservationId, start.Timestamp,
            start.MeterStartWh, now);
        if (AnomalyDetector.CheckTimestamp("StartTransaction", start.Timestamp, start.ReceivedAt) is { } future)
            writes.AddAnomalies(transactionId, [future], now);
        // A new start on a connector with an Active session means that session's Stop never came (docs/anomalies-and-feedback.md).
        foreach (var session in superseded)
            CloseAtLastReading(writes, session, "Other", _ => AnomalyDetector.Superseded(transactionId, start.ConnectorId, start.Timestamp));
        return transactionId;
    }

    /// <returns>False when the transactionId is unknown and the report was kept as an orphan.</returns>
    private bool AddMeterValues(SessionWrites writes, MeterValuesReport report)
    {
        long? transactionId = null;
        var closedByServer = false;
        // Connector 0 readings belong to the charger, not to a session (docs/sessions-and-pricing.md).
        if (report.TransactionId is { } sent && report.ConnectorId != 0)
        {
            var (owner, closed) = KnownTransactionId(sent) is { } known ? writes.OwnerOf(known) : (null, false);
            if (owner != report.ChargePointId)
            {
                writes.KeepOrphan(report.ChargePointId, "MeterValues", sent.ToString(), report.Payload(), report.ReceivedAt);
                return false;
            }
            transactionId = (long)sent;
            closedByServer = closed;
        }
        StoreSamples(writes, report.ChargePointId, report.ConnectorId, transactionId, report.Samples, report.ReceivedAt);
        // Readings a charger queued before a reboot arrive after the server closed the session at its last known
        // reading: that reading has moved, so the session is measured and priced again up to it.
        if (closedByServer && writes.Find(transactionId!.Value) is { } session)
        {
            writes.RemoveCloseTimeAnomalies(session.TransactionId);
            CloseAtLastReading(writes, session, session.StopReason ?? "Other", why: null);
        }
        return true;
    }

    private StopOutcome Stop(SessionWrites writes, TransactionStop stop)
    {
        if (KnownSession(writes, stop.ChargePointId, stop.TransactionId) is not { } session)
        {
            writes.KeepOrphan(stop.ChargePointId, "StopTransaction", stop.TransactionId.ToString(), stop.Payload(), stop.ReceivedAt);
            return StopOutcome.Orphan;
        }
        if (session.Status == StoredSession.Completed)
        {
            // A session the server closed itself (reboot, superseded) has no meterStop. When the charger's own
            // StopTransaction for it arrives later (chargers that keep transactions across a reboot send it once back
            // online), that account replaces the estimate from the last reading, so the bill is exact. A Stop for a
            // session that already has one is a resend and changes nothing (docs/ocpp-endpoint.md).
            if (session.MeterStopWh is not null)
                return StopOutcome.AlreadyCompleted;
            writes.RemoveCloseTimeAnomalies(session.TransactionId);
        }

        StoreSamples(writes, stop.ChargePointId, session.ConnectorId, session.TransactionId, stop.Samples, stop.ReceivedAt);
        var extra = AnomalyDetector.CheckTimestamp("StopTransaction", stop.Timestamp, stop.ReceivedAt) is { } future ? new[] { future } : [];
        Close(writes, session, stop.Timestamp, stop.MeterStopWh, stop.Reason ?? "Local", stop.IdTag, extra);
        return StopOutcome.Completed;
    }

    private void StoreSamples(SessionWrites writes, string chargePointId, int connectorId, long? transactionId,
        IReadOnlyList<MeterSample> samples, DateTimeOffset receivedAt)
    {
        foreach (var sample in samples)
            writes.AddSample(chargePointId, connectorId, transactionId, sample);
        if (transactionId is not { } id)
            return;
        // One finding per message is enough: the session keeps the first of each code anyway.
        var future = samples.Select(s => AnomalyDetector.CheckTimestamp("MeterValues", s.Timestamp, receivedAt)).FirstOrDefault(a => a is not null);
        if (future is not null)
            writes.AddAnomalies(id, [future], time.GetUtcNow());
    }

    /// <summary>Reboot and supersede: the session ends where its readings end; meterStop stays unknown.</summary>
    /// <param name="why">The anomaly that says why, or null when the session was closed this way before and keeps it.</param>
    private void CloseAtLastReading(SessionWrites writes, StoredSession session, string reason, Func<EnergyReading, Anomaly>? why)
    {
        var samples = writes.Samples(session.TransactionId);
        var start = session.StartTime;
        var last = EnergyRegister.LastKnown(new SessionFacts(start, start, session.MeterStartWh, null, samples));
        var stopTime = last.Timestamp < start ? start : last.Timestamp;
        Close(writes, session, stopTime, null, reason, null, why is null ? [] : [why(last)], samples);
    }

    private void Close(SessionWrites writes, StoredSession session, DateTimeOffset stopTime, long? meterStopWh, string reason, string? stopIdTag,
        IReadOnlyList<Anomaly> extra, IReadOnlyList<MeterSample>? samples = null)
    {
        samples ??= writes.Samples(session.TransactionId);
        var facts = new SessionFacts(session.StartTime, stopTime, session.MeterStartWh, meterStopWh, samples);
        var (summary, anomalies, computed) = SessionEvaluator.Close(facts, writes.PinnedTariff(session.TransactionId), session.TariffId);
        // A credit or void given by a correction stays when the system measures the session again (docs/corrections.md).
        var cost = BillAdjustments.Apply(computed, session.Credit, session.Voided);
        var now = time.GetUtcNow();
        writes.Complete(session.TransactionId, stopTime, meterStopWh, reason, stopIdTag, summary, cost, [.. extra, .. anomalies], now);
        // Each close is a version: the first is the original bill, a later one the system's re-measuring (a late StopTransaction,
        // readings queued before a reboot).
        var before = session.Version == 0 ? null : writes.LatestVersion(session.TransactionId)?.Record;
        var after = VersionRecords.Figures(stopTime, meterStopWh, reason, summary, session.TariffId, session.TariffVersion,
            session.Version == 0 ? [] : writes.ExcludedReadings(session.TransactionId), session.Credit, session.Voided, cost,
            writes.AnomalyCodesOf(session.TransactionId));
        writes.AppendVersion(session.TransactionId, session.Version == 0 ? CorrectionKinds.Closed : CorrectionKinds.Remeasured,
            CorrectionKinds.SystemActor, session.Version == 0 ? null : RemeasureReason(meterStopWh), VersionRecords.Changes(before, after), after,
            null, null, now);
    }

    private static string RemeasureReason(long? meterStopWh) => meterStopWh is null
        ? "Readings the charger had queued arrived after the server closed the session; measured again up to its last reading."
        : "The charger's own StopTransaction arrived after the server closed the session; measured again with it.";

    /// <summary>A transactionId names a session only when it is one of ours and belongs to this charger; -1, 0 and 2^63−1 do not.</summary>
    private static StoredSession? KnownSession(SessionWrites writes, string chargePointId, BigInteger sent)
    {
        if (KnownTransactionId(sent) is not { } id)
            return null;
        var session = writes.Find(id);
        return session?.ChargePointId == chargePointId ? session : null;
    }

    private static long? KnownTransactionId(BigInteger sent) => sent >= 1 && sent <= long.MaxValue ? (long)sent : null;
}

using System.Numerics;
using OcppCentral.Pricing;
using OcppCentral.Sessions;
using OcppCentral.Storage;

namespace OcppCentral.Ledger;

/// <summary>
/// Turns transaction messages into session records, each as one operation of the batching writer, so the
/// handler's answer waits until its data is committed (docs/ocpp-endpoint.md). Idempotent by content: resends find what
/// their first copy stored. The decisions are made here; the statements are <see cref="SessionWrites"/>'. The anomalies
/// found when a session closes are logged at warning level once they are committed.
/// </summary>
public sealed class TransactionLedger(SessionStore sessions, TimeProvider time, ILogger<TransactionLedger>? logger = null)
{
    public Task<long> StartAsync(TransactionStart start, CancellationToken ct) =>
        WriteAsync((writes, closed) => Start(writes, start, closed), ct);

    public Task<bool> AddMeterValuesAsync(MeterValuesReport report, CancellationToken ct) =>
        WriteAsync((writes, closed) => AddMeterValues(writes, report, closed), ct);

    public Task<StopOutcome> StopAsync(TransactionStop stop, CancellationToken ct) =>
        WriteAsync((writes, closed) => Stop(writes, stop, closed), ct);

    /// <summary>BootNotification: records the charger, and closes its Active sessions at their last known reading (docs/anomalies-and-feedback.md).</summary>
    public Task<int> RecordBootAsync(ChargerBoot boot, CancellationToken ct) =>
        WriteAsync((writes, closed) =>
        {
            writes.RecordBoot(boot.ChargePointId, boot.Vendor, boot.Model, boot.SerialNumber, boot.FirmwareVersion, boot.ReceivedAt);
            var interrupted = writes.ActiveOn(boot.ChargePointId, null);
            foreach (var session in interrupted)
                CloseAtLastReading(writes, session, "Reboot", last => AnomalyDetector.InterruptedByReboot(boot.ReceivedAt, last), closed, boot.ReceivedAt);
            return interrupted.Count;
        }, ct);

    /// <summary>One write of the ledger; the sessions it closed are logged with their anomalies once it is committed.</summary>
    private async Task<T> WriteAsync<T>(Func<SessionWrites, List<ClosedSession>, T> work, CancellationToken ct)
    {
        var closed = new List<ClosedSession>();
        var result = await sessions.WriteAsync(writes =>
        {
            // The writer runs a write again when its batch had to be isolated: only the last run counts.
            closed.Clear();
            return work(writes, closed);
        }, ct).ConfigureAwait(false);
        if (logger is not null)
        {
            foreach (var session in closed.Where(c => c.Anomalies.Count > 0))
                logger.LogWarning("Session {TransactionId} of {ChargePointId} closed with anomalies: {Anomalies}", session.TransactionId,
                    session.ChargePointId, string.Join("; ", session.Anomalies.Select(a => $"{a.Code}: {a.Detail}")));
        }
        return result;
    }

    private long Start(SessionWrites writes, TransactionStart start, List<ClosedSession> closed)
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
            CloseAtLastReading(writes, session, "Other", _ => AnomalyDetector.Superseded(transactionId, start.ConnectorId, start.Timestamp), closed);
        return transactionId;
    }

    /// <returns>False when the transactionId is unknown and the report was kept as an orphan.</returns>
    private bool AddMeterValues(SessionWrites writes, MeterValuesReport report, List<ClosedSession> closed)
    {
        long? transactionId = null;
        var closedByServer = false;
        // Connector 0 readings belong to the charger, not to a session (docs/sessions-and-pricing.md).
        if (report.TransactionId is { } sent && report.ConnectorId != 0)
        {
            var (owner, closedBefore) = KnownTransactionId(sent) is { } known ? writes.OwnerOf(known) : (null, false);
            if (owner != report.ChargePointId)
            {
                writes.KeepOrphan(report.ChargePointId, "MeterValues", sent.ToString(), report.Payload(), report.ReceivedAt);
                return false;
            }
            transactionId = (long)sent;
            closedByServer = closedBefore;
        }
        StoreSamples(writes, report.ChargePointId, report.ConnectorId, transactionId, report.Samples, report.ReceivedAt, live: true);
        // Readings a charger queued before a reboot arrive after the server closed the session at its last known
        // reading: that reading has moved, so the session is measured and priced again up to it.
        if (closedByServer && writes.Find(transactionId!.Value) is { } session)
        {
            writes.RemoveCloseTimeAnomalies(session.TransactionId);
            CloseAtLastReading(writes, session, session.StopReason ?? "Other", why: null, closed);
        }
        return true;
    }

    private StopOutcome Stop(SessionWrites writes, TransactionStop stop, List<ClosedSession> closed)
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

        StoreSamples(writes, stop.ChargePointId, session.ConnectorId, session.TransactionId, stop.Samples, stop.ReceivedAt, live: false);
        var extra = AnomalyDetector.CheckTimestamp("StopTransaction", stop.Timestamp, stop.ReceivedAt) is { } future ? new[] { future } : [];
        Close(writes, session, stop.Timestamp, stop.MeterStopWh, stop.Reason ?? "Local", stop.IdTag, extra, closed);
        return StopOutcome.Completed;
    }

    /// <param name="live">A MeterValues message: its samples keep when they were received (docs/charger-health.md). A
    /// StopTransaction's transactionData is a summary sent at the end, so its receipt says nothing about the link.</param>
    private void StoreSamples(SessionWrites writes, string chargePointId, int connectorId, long? transactionId,
        IReadOnlyList<MeterSample> samples, DateTimeOffset receivedAt, bool live)
    {
        foreach (var sample in samples)
            writes.AddSample(chargePointId, connectorId, transactionId, sample, live ? receivedAt : null);
        if (transactionId is not { } id)
            return;
        // One finding per message is enough: the session keeps the first of each code anyway.
        var future = samples.Select(s => AnomalyDetector.CheckTimestamp("MeterValues", s.Timestamp, receivedAt)).FirstOrDefault(a => a is not null);
        if (future is not null)
            writes.AddAnomalies(id, [future], time.GetUtcNow());
    }

    /// <summary>Reboot and supersede: the session ends where its readings end; meterStop stays unknown.</summary>
    /// <param name="why">The anomaly that says why, or null when the session was closed this way before and keeps it.</param>
    /// <param name="rebootAt">When the BootNotification that closes it arrived; null when something else closes it.</param>
    private void CloseAtLastReading(SessionWrites writes, StoredSession session, string reason, Func<EnergyReading, Anomaly>? why,
        List<ClosedSession> closed, DateTimeOffset? rebootAt = null)
    {
        var samples = writes.Samples(session.TransactionId);
        var start = session.StartTime;
        var last = EnergyRegister.LastKnown(new SessionFacts(start, start, session.MeterStartWh, null, samples));
        var stopTime = last.Timestamp < start ? start : last.Timestamp;
        Close(writes, session, stopTime, null, reason, null, why is null ? [] : [why(last)], closed, samples, rebootAt);
    }

    private void Close(SessionWrites writes, StoredSession session, DateTimeOffset stopTime, long? meterStopWh, string reason, string? stopIdTag,
        IReadOnlyList<Anomaly> extra, List<ClosedSession> closed, IReadOnlyList<MeterSample>? samples = null, DateTimeOffset? rebootAt = null)
    {
        samples ??= writes.Samples(session.TransactionId);
        var now = time.GetUtcNow();
        var facts = new SessionFacts(session.StartTime, stopTime, session.MeterStartWh, meterStopWh, samples);
        var (summary, anomalies, cost) = SessionEvaluator.Close(facts, writes.PinnedTariff(session.TransactionId), session.TariffId);
        var link = AnomalyDetector.DetectLink(facts, Link(writes, session, now, rebootAt), session.ConnectorId);
        List<Anomaly> all = [.. extra, .. anomalies, .. link];
        writes.Complete(session.TransactionId, stopTime, meterStopWh, reason, stopIdTag, summary, cost, all, now);
        closed.Add(new ClosedSession(session.TransactionId, session.ChargePointId, all));
    }

    /// <summary>What the server saw of the charger from the session's start until now (docs/charger-health.md).</summary>
    private static SessionLink Link(SessionWrites writes, StoredSession session, DateTimeOffset now, DateTimeOffset? rebootAt)
    {
        var receipts = writes.Receipts(session.TransactionId)
            .Select(r => (DateTimeOffset.FromUnixTimeMilliseconds(r.TimestampMs), DateTimeOffset.FromUnixTimeMilliseconds(r.ReceivedAtMs))).ToList();
        var events = session.StartTime <= now ? writes.HealthEvents(session.ChargePointId, session.StartTime, now) : [];
        var links = events.Where(e => e.Kind != ChargerEventKinds.StatusChanged)
            .Select(e => new LinkChange(e.At, e.Kind == ChargerEventKinds.Connected, e.Reason)).ToList();
        var faults = events.Where(e => e.Kind == ChargerEventKinds.StatusChanged)
            .Select(e => new ConnectorFault(e.At, e.ConnectorId ?? 0, e.ErrorCode ?? "", e.Info)).ToList();
        return new SessionLink(receipts, links, faults, rebootAt, now);
    }

    /// <summary>A session closed by a write, with every anomaly it was closed with.</summary>
    private sealed record ClosedSession(long TransactionId, string ChargePointId, IReadOnlyList<Anomaly> Anomalies);

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

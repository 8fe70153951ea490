using System.Numerics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OcppCentral.Pricing;
using OcppCentral.Sessions;
using OcppCentral.Storage;

namespace OcppCentral.Ledger;

/// <summary>
/// Turns transaction messages into session records, each as operations of the batching writer, so the handler's answer
/// waits until its data is committed (docs/ocpp-endpoint.md). Idempotent by content: resends find what their first copy
/// stored. The decisions are made here; the statements are <see cref="SessionWrites"/>'. The anomalies found when a
/// session closes are logged at warning level once they are committed.
/// </summary>
/// <remarks>
/// The cost of a message on the single writer does not grow with its session's history (docs/architecture.md): a
/// session counts its samples as they are stored, and closing a session (Stop, reboot, superseded, or again after a
/// late reading) is done in three steps: the message's own data is committed on the writer; the session's samples are
/// read and the session measured, checked and priced off the writer; the result is committed in a small write that
/// first checks the sample count is still the one read. The message is answered after the last step. The close-time link
/// checks (docs/charger-health.md) read the charger's events and the samples' receipt times in the same snapshot.
/// </remarks>
/// <remarks>
/// Each Active session's estimate is kept as its samples are committed (<see cref="RunningEstimates"/>): begun at the start,
/// folded forward with each message's new samples, dropped at the close.
/// </remarks>
public sealed class TransactionLedger(SessionStore sessions, TimeProvider time, IOptions<ChargeMonitorOptions>? options = null,
    ILogger<TransactionLedger>? logger = null, RunningEstimates? estimates = null)
{
    /// <summary>How often a close is evaluated off the writer before it is done on the writer (samples kept arriving meanwhile).</summary>
    private const int CloseAttempts = 3;

    private readonly int _maxSamples = options?.Value.MaxSamplesPerSession ?? ChargeMonitorOptions.DefaultMaxSamplesPerSession;

    public async Task<long> StartAsync(TransactionStart start, CancellationToken ct)
    {
        var (transactionId, superseded, pinned) = await sessions.WriteAsync(writes => Start(writes, start), ct);
        if (pinned is { } tariff)
            estimates?.Started(transactionId, start.Timestamp, start.MeterStartWh, tariff.Document);
        // A new start on a connector with an Active session means that session's Stop never came (docs/anomalies-and-feedback.md).
        foreach (var session in superseded)
            await CloseAsync(Closing.AtLastReading(session, "Other", _ => AnomalyDetector.Superseded(transactionId, start.ConnectorId, start.Timestamp)),
                ct);
        return transactionId;
    }

    public async Task<bool> AddMeterValuesAsync(MeterValuesReport report, CancellationToken ct)
    {
        // Naming its session lets the writer read the sessions of a whole batch at once (on PostgreSQL).
        var session = report.TransactionId is { } sent && report.ConnectorId != 0 ? KnownTransactionId(sent) : null;
        var (known, reclose, stored) = await sessions.WriteAsync(writes => AddMeterValues(writes, report), ct, session);
        if (stored is { } added)
            estimates?.Added(added.TransactionId, added.CountBefore, added.Samples, added.Dialect);
        // Readings a charger queued before a reboot arrive after the server closed the session at its last known
        // reading: that reading has moved, so the session is measured and priced again up to it.
        if (reclose is not null)
            await CloseAsync(Closing.AtLastReading(reclose, reclose.StopReason ?? "Other", why: null, replacesServerClose: true), ct);
        return known;
    }

    public async Task<StopOutcome> StopAsync(TransactionStop stop, CancellationToken ct)
    {
        var (outcome, closing, stored) = await sessions.WriteAsync(writes => Stop(writes, stop), ct);
        if (stored is { } added)
            estimates?.Added(added.TransactionId, added.CountBefore, added.Samples, added.Dialect);
        if (closing is not null)
            await CloseAsync(closing, ct);
        return outcome;
    }

    /// <summary>BootNotification: records the charger, and closes its Active sessions at their last known reading (docs/anomalies-and-feedback.md).</summary>
    public async Task<int> RecordBootAsync(ChargerBoot boot, CancellationToken ct)
    {
        var interrupted = await sessions.WriteAsync(writes =>
        {
            writes.RecordBoot(boot.ChargePointId, boot.Vendor, boot.Model, boot.SerialNumber, boot.FirmwareVersion, boot.ReceivedAt);
            return writes.ActiveOn(boot.ChargePointId, null);
        }, ct);
        foreach (var session in interrupted)
            await CloseAsync(Closing.AtLastReading(session, "Reboot", last => AnomalyDetector.InterruptedByReboot(boot.ReceivedAt, last),
                rebootAt: boot.ReceivedAt), ct);
        return interrupted.Count;
    }

    /// <returns>
    /// The session, the Active sessions on its connector that it supersedes (to be closed next), and for a new session the
    /// tariff copy it was pinned to (its document null when none applied).
    /// </returns>
    private (long TransactionId, IReadOnlyList<StoredSession> Superseded, Pinned? Pinned) Start(SessionWrites writes, TransactionStart start)
    {
        var superseded = writes.ActiveOn(start.ChargePointId, start.ConnectorId);
        if (writes.FindByContent(start.ChargePointId, start.ConnectorId, start.IdTag, start.MeterStartWh, start.Timestamp) is { } existing)
        {
            // A resend: the sessions its first copy superseded are closed already, unless the server stopped before
            // closing them (that copy was never answered); then they are closed now.
            return (existing, superseded.Where(s => s.TransactionId < existing).ToList(), null);
        }

        var now = time.GetUtcNow();
        var transactionId = writes.Start(start.ChargePointId, start.ConnectorId, start.IdTag, start.ReservationId, start.Timestamp,
            start.MeterStartWh, now);
        if (AnomalyDetector.CheckTimestamp("StartTransaction", start.Timestamp, start.ReceivedAt) is { } future)
            writes.AddAnomalies(transactionId, [future], now);
        return (transactionId, superseded, estimates is null ? null : new Pinned(writes.PinnedTariff(transactionId)));
    }

    /// <returns>
    /// False when the transactionId is unknown and the report was kept as an orphan; the session to close again, if any; the
    /// samples stored for an Active session.
    /// </returns>
    private (bool Known, StoredSession? Reclose, Stored? Stored) AddMeterValues(SessionWrites writes, MeterValuesReport report)
    {
        long? transactionId = null;
        var closedByServer = false;
        long heldBefore = 0;
        // Connector 0 readings belong to the charger, not to a session (docs/sessions-and-pricing.md).
        if (report.TransactionId is { } sent && report.ConnectorId != 0)
        {
            var (owner, closed, held) = KnownTransactionId(sent) is { } known ? writes.OwnerOf(known) : (null, false, 0);
            if (owner != report.ChargePointId)
            {
                writes.KeepOrphan(report.ChargePointId, "MeterValues", sent.ToString(), report.Payload(), report.ReceivedAt);
                return (false, null, null);
            }
            transactionId = (long)sent;
            if (OverLimit(writes, transactionId.Value, held, report.Samples.Count, "MeterValues", report.ChargePointId, sent, report.Payload,
                    report.ReceivedAt))
            {
                writes.Heard(transactionId.Value, report.ReceivedAt);
                return (true, null, null);
            }
            closedByServer = closed;
            heldBefore = held;
        }
        var added = StoreSamples(writes, report.ChargePointId, report.ConnectorId, transactionId, report.Samples, report.ReceivedAt, live: true);
        return (true, closedByServer ? writes.Find(transactionId!.Value) : null,
            transactionId is { } id && !closedByServer ? new Stored(id, heldBefore, added, writes.Dialect) : null);
    }

    private (StopOutcome Outcome, Closing? Closing, Stored? Stored) Stop(SessionWrites writes, TransactionStop stop)
    {
        if (KnownSession(writes, stop.ChargePointId, stop.TransactionId) is not { } session)
        {
            writes.KeepOrphan(stop.ChargePointId, "StopTransaction", stop.TransactionId.ToString(), stop.Payload(), stop.ReceivedAt);
            return (StopOutcome.Orphan, null, null);
        }
        // A session the server closed itself (reboot, superseded) has no meterStop. When the charger's own
        // StopTransaction for it arrives later (chargers that keep transactions across a reboot send it once back
        // online), that account replaces the estimate from the last reading, so the bill is exact. A Stop for a
        // session that already has one is a resend and changes nothing (docs/ocpp-endpoint.md). A session an operator closed
        // (correction kind close) is measured again by the charger's own Stop as well, once (docs/corrections.md).
        if (session.Status == StoredSession.Completed && session.MeterStopWh is not null && !session.AwaitingChargerStop)
            return (StopOutcome.AlreadyCompleted, null, null);

        IReadOnlyList<MeterSample> added = [];
        if (!OverLimit(writes, session.TransactionId, session.SampleCount, stop.Samples.Count, "StopTransaction", stop.ChargePointId,
                stop.TransactionId, stop.Payload, stop.ReceivedAt))
            added = StoreSamples(writes, stop.ChargePointId, session.ConnectorId, session.TransactionId, stop.Samples, stop.ReceivedAt, live: false);
        var extra = AnomalyDetector.CheckTimestamp("StopTransaction", stop.Timestamp, stop.ReceivedAt) is { } future ? new[] { future } : [];
        return (StopOutcome.Completed,
            new Closing(session, stop.Reason ?? "Local", stop.Timestamp, stop.MeterStopWh, stop.IdTag, extra, Why: null,
                StillDue: current => current.MeterStopWh is null || current.AwaitingChargerStop),
            session.IsActive ? new Stored(session.TransactionId, session.SampleCount, added, writes.Dialect) : null);
    }

    /// <summary>
    /// The limit of samples per session (docs/sessions-and-pricing.md): a message whose samples would take the session past
    /// it is kept whole as an orphan, and the session is flagged SampleLimitReached; the charger is answered all the same.
    /// </summary>
    /// <returns>True when the message's samples are not stored for the session.</returns>
    private bool OverLimit(SessionWrites writes, long transactionId, long held, int adding, string action, string chargePointId,
        BigInteger sent, Func<string> payload, DateTimeOffset receivedAt)
    {
        if (adding == 0 || held + adding <= _maxSamples)
            return false;
        writes.KeepOrphan(chargePointId, action, sent.ToString(), payload(), receivedAt);
        writes.AddAnomalies(transactionId, [AnomalyDetector.SampleLimitReached(action, _maxSamples, (int)Math.Min(held, int.MaxValue), adding, receivedAt)],
            time.GetUtcNow());
        return true;
    }

    /// <param name="live">A MeterValues message: its samples keep when they were received (docs/charger-health.md). A
    /// StopTransaction's transactionData is a summary sent at the end, so its receipt says nothing about the link.</param>
    /// <returns>
    /// The samples newly stored, as received; none without a session. The running estimate makes what it keeps of them what
    /// reads back (<see cref="MeterValueStore.StoredNumber"/>) after the commit, off the writer's thread.
    /// </returns>
    private IReadOnlyList<MeterSample> StoreSamples(SessionWrites writes, string chargePointId, int connectorId, long? transactionId,
        IReadOnlyList<MeterSample> samples, DateTimeOffset receivedAt, bool live)
    {
        // Stored and counted together; a MeterValues also tells the stale-session sweep that the session was heard of.
        var added = writes.AddSamples(chargePointId, connectorId, transactionId, samples, live ? receivedAt : null);
        if (transactionId is not { } id)
            return [];
        // One finding per message is enough: the session keeps the first of each code anyway.
        foreach (var sample in samples)
        {
            if (AnomalyDetector.CheckTimestamp("MeterValues", sample.Timestamp, receivedAt) is { } future)
            {
                writes.AddAnomalies(id, [future], time.GetUtcNow());
                break;
            }
        }
        return estimates is null ? [] : added;
    }

    /// <summary>
    /// Closes a session: its samples are read and evaluated off the writer, and the result committed in a small write that
    /// checks nothing was added meanwhile (else it tries again, and at last evaluates on the writer, as before).
    /// </summary>
    private async Task CloseAsync(Closing closing, CancellationToken ct)
    {
        try
        {
            await CloseOnceAsync(closing, ct);
        }
        finally
        {
            estimates?.Closed(closing.Session.TransactionId);
        }
    }

    private async Task CloseOnceAsync(Closing closing, CancellationToken ct)
    {
        var id = closing.Session.TransactionId;
        for (var attempt = 0; attempt < CloseAttempts; attempt++)
        {
            var now = time.GetUtcNow();
            if (await sessions.HistoryAsync(id, now, ct) is not { } history)
                return;
            var evaluated = Evaluate(closing, history.Samples, history.PinnedTariff, Link(closing, history.Receipts, history.HealthEvents, now));
            var committed = await sessions.WriteAsync(writes =>
            {
                if (writes.Find(id) is not { } current || !closing.StillDue(current))
                    return (Done: true, Completed: false);
                if (current.SampleCount != history.SampleCount)
                    return (Done: false, Completed: false);
                Complete(writes, current, closing, evaluated);
                return (Done: true, Completed: true);
            }, ct);
            if (committed.Completed)
                LogAnomalies(closing.Session, evaluated.Anomalies);
            if (committed.Done)
                return;
        }
        var last = await sessions.WriteAsync(writes =>
        {
            if (writes.Find(id) is not { } current || !closing.StillDue(current))
                return null;
            var now = time.GetUtcNow();
            var link = Link(closing, writes.Receipts(id),
                closing.Session.StartTime <= now ? writes.HealthEvents(closing.Session.ChargePointId, closing.Session.StartTime, now) : [], now);
            var evaluated = Evaluate(closing, writes.Samples(id), writes.PinnedTariff(id), link);
            Complete(writes, current, closing, evaluated);
            return evaluated;
        }, ct);
        if (last is not null)
            LogAnomalies(closing.Session, last.Anomalies);
    }

    /// <summary>The anomalies a committed close found, at warning level (docs/charger-health.md).</summary>
    private void LogAnomalies(StoredSession session, IReadOnlyList<Anomaly> anomalies)
    {
        if (logger is null || anomalies.Count == 0)
            return;
        logger.LogWarning("Session {TransactionId} of {ChargePointId} closed with anomalies: {Anomalies}", session.TransactionId,
            session.ChargePointId, string.Join("; ", anomalies.Select(a => $"{a.Code}: {a.Detail}")));
    }

    /// <summary>What the server saw of the charger from the session's start until <paramref name="now"/> (docs/charger-health.md).</summary>
    private static SessionLink Link(Closing closing, IReadOnlyList<(long TimestampMs, long ReceivedAtMs)> receiptRows,
        IReadOnlyList<ChargerEvent> events, DateTimeOffset now) =>
        SessionLinks.From(receiptRows, events, closing.RebootAt, now);

    private static Evaluated Evaluate(Closing closing, IReadOnlyList<MeterSample> samples, TariffDocument? pinnedTariff, SessionLink link)
    {
        var session = closing.Session;
        var stopTime = closing.StopTime;
        var extra = closing.Extra;
        if (stopTime is null)
        {
            // Reboot and supersede: the session ends where its readings end; meterStop stays unknown.
            var start = session.StartTime;
            var last = EnergyRegister.LastKnown(new SessionFacts(start, start, session.MeterStartWh, null, samples));
            stopTime = last.Timestamp < start ? start : last.Timestamp;
            if (closing.Why is { } why)
                extra = [.. extra, why(last)];
        }
        var facts = new SessionFacts(session.StartTime, stopTime.Value, session.MeterStartWh, closing.MeterStopWh, samples);
        var (summary, anomalies, cost) = SessionEvaluator.Close(facts, pinnedTariff, session.TariffId);
        var linkAnomalies = AnomalyDetector.DetectLink(facts, link, session.ConnectorId);
        return new Evaluated(stopTime.Value, summary, cost, [.. extra, .. anomalies, .. linkAnomalies]);
    }

    private void Complete(SessionWrites writes, StoredSession current, Closing closing, Evaluated evaluated)
    {
        var had = writes.AnomalyCodesOf(current.TransactionId).ToHashSet(StringComparer.Ordinal);
        // Closed before by the server: the findings of that close are computed anew.
        if (current.Status == StoredSession.Completed)
            writes.RemoveCloseTimeAnomalies(current.TransactionId);
        // A credit or void given by a correction stays when the system measures the session again (docs/corrections.md).
        var cost = BillAdjustments.Apply(evaluated.Cost, current.Credit, current.Voided);
        var now = time.GetUtcNow();
        writes.Complete(current.TransactionId, evaluated.StopTime, closing.MeterStopWh, closing.Reason, closing.StopIdTag, evaluated.Summary,
            cost, evaluated.Anomalies, now);
        // Subscribers hear of what this close found anew, not again of what a re-measuring finds once more (docs/webhooks.md).
        writes.AnomaliesFound(current, evaluated.Anomalies.Where(a => !had.Contains(a.Code)).DistinctBy(a => a.Code).ToList(), now);
        // Each close is a version: the first is the original bill, a later one the system's re-measuring (a late StopTransaction,
        // readings queued before a reboot).
        var first = current.Version == 0;
        var before = first ? null : writes.LatestVersion(current.TransactionId)?.Record;
        var after = VersionRecords.Figures(evaluated.StopTime, closing.MeterStopWh, closing.Reason, evaluated.Summary, current.TariffId,
            current.TariffVersion, first ? [] : writes.ExcludedReadings(current.TransactionId), current.Credit, current.Voided, cost,
            writes.AnomalyCodesOf(current.TransactionId));
        writes.AppendVersion(current.TransactionId, first ? CorrectionKinds.Closed : CorrectionKinds.Remeasured, CorrectionKinds.SystemActor,
            first ? null : RemeasureReason(closing.MeterStopWh, current.AwaitingChargerStop), VersionRecords.Changes(before, after), after, null,
            null, now);
    }

    private static string RemeasureReason(long? meterStopWh, bool closedByOperator) => (meterStopWh, closedByOperator) switch
    {
        (null, _) => "Readings the charger had queued arrived after the server closed the session; measured again up to its last reading.",
        (_, true) => "The charger's own StopTransaction arrived after an operator closed the session; measured again with it.",
        _ => "The charger's own StopTransaction arrived after the server closed the session; measured again with it.",
    };

    /// <summary>A transactionId names a session only when it is one of ours and belongs to this charger; -1, 0 and 2^63−1 do not.</summary>
    private static StoredSession? KnownSession(SessionWrites writes, string chargePointId, BigInteger sent)
    {
        if (KnownTransactionId(sent) is not { } id)
            return null;
        var session = writes.Find(id);
        return session?.ChargePointId == chargePointId ? session : null;
    }

    private static long? KnownTransactionId(BigInteger sent) => sent >= 1 && sent <= long.MaxValue ? (long)sent : null;

    /// <summary>How a session is to be closed, decided on the writer when its message was stored.</summary>
    /// <param name="StopTime">The charger's stop time; null: at the last known reading.</param>
    /// <param name="Why">With <paramref name="StopTime"/> null, the anomaly that says why from that reading; null when it keeps the one it has.</param>
    /// <param name="StillDue">Whether the session, as it is when the result is committed, still wants this close.</param>
    /// <param name="RebootAt">When the BootNotification that closes it arrived; null when something else closes it.</param>
    private sealed record Closing(StoredSession Session, string Reason, DateTimeOffset? StopTime, long? MeterStopWh, string? StopIdTag,
        IReadOnlyList<Anomaly> Extra, Func<EnergyReading, Anomaly>? Why, Func<StoredSession, bool> StillDue, DateTimeOffset? RebootAt = null)
    {
        /// <summary>Reboot, supersede (of an Active session), or again after a late reading (of one the server closed).</summary>
        public static Closing AtLastReading(StoredSession session, string reason, Func<EnergyReading, Anomaly>? why, bool replacesServerClose = false,
            DateTimeOffset? rebootAt = null) =>
            new(session, reason, StopTime: null, MeterStopWh: null, StopIdTag: null, [], why,
                replacesServerClose
                    ? current => current.Status == StoredSession.Completed && current.MeterStopWh is null
                    : current => current.IsActive,
                rebootAt);
    }

    /// <summary>The tariff copy a new session was pinned to; null document when none applied.</summary>
    private sealed record Pinned(TariffDocument? Document);

    /// <summary>The samples one message stored (as received) for a session that held <paramref name="CountBefore"/>, and the backend that stored them.</summary>
    private sealed record Stored(long TransactionId, long CountBefore, IReadOnlyList<MeterSample> Samples, SqlDialect Dialect);

    private sealed record Evaluated(DateTimeOffset StopTime, SessionSummary Summary, Cost? Cost, IReadOnlyList<Anomaly> Anomalies);
}

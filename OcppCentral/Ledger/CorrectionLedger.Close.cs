using OcppCentral.Pricing;
using OcppCentral.Sessions;
using OcppCentral.Storage;

namespace OcppCentral.Ledger;

public sealed partial class CorrectionLedger
{
    /// <summary>What an operator's close gives as the session's stop reason (OCPP 1.6 Reason).</summary>
    public const string CloseStopReason = "Other";

    /// <summary>
    /// Closes an Active session whose StopTransaction never came (correction kind close, docs/corrections.md): at its last reading,
    /// or at the given stopTime and meterStopWh. The session is measured, checked (the link checks included) and priced by the same
    /// pure functions as any close, completed, and made its first version by the operator; its NoStopReceived anomaly is resolved by
    /// that version. The charger's own StopTransaction, should it come later, measures it again (TransactionLedger).
    /// </summary>
    private CorrectionOutcome Close(SessionWrites writes, StoredSession session, Correction correction)
    {
        var id = session.TransactionId;
        var now = time.GetUtcNow();
        if (correction.StopTime is { } given)
        {
            if (given < session.StartTime)
                return CorrectionOutcome.Invalid("stopTime", "stopTime is before the session's start.");
            if (given > now)
                return CorrectionOutcome.Invalid("stopTime", "stopTime is in the future: a session can only be closed at a time that has passed.");
            if (given - session.StartTime > SessionEvaluator.MaxMeasurableSpan)
                return CorrectionOutcome.Invalid("stopTime", $"stopTime is more than {SessionEvaluator.MaxMeasurableSpan.TotalDays} days after the start.");
        }
        if (correction.MeterStopWh < session.MeterStartWh)
            return CorrectionOutcome.Invalid("meterStopWh",
                $"meterStopWh {correction.MeterStopWh} is below the session's meterStart {session.MeterStartWh} Wh.");

        // The last reading up to the stop (the last of all without one): where the session ends unless the operator says otherwise.
        var samples = writes.Samples(id);
        var upToStop = correction.StopTime is { } stop ? samples.Where(s => s.Timestamp <= stop).ToList() : samples;
        var last = EnergyRegister.LastKnown(new SessionFacts(session.StartTime, session.StartTime, session.MeterStartWh, null, upToStop));
        var stopTime = correction.StopTime ?? (last.Timestamp < session.StartTime ? session.StartTime : last.Timestamp);
        // A register in fractions of a Wh (a kWh reading) is rounded up, so meterStop is never below the reading it stands for.
        var meterStopWh = correction.MeterStopWh ?? (long)Math.Ceiling(last.RegisterWh);

        var facts = new SessionFacts(session.StartTime, stopTime, session.MeterStartWh, meterStopWh, samples);
        var (summary, anomalies, cost) = SessionEvaluator.Close(facts, writes.PinnedTariff(id), session.TariffId);
        var link = SessionLinks.From(writes.Receipts(id),
            session.StartTime <= now ? writes.HealthEvents(session.ChargePointId, session.StartTime, now) : [], rebootAt: null, now);
        IReadOnlyList<Anomaly> found = [.. anomalies, .. AnomalyDetector.DetectLink(facts, link, session.ConnectorId)];

        var had = writes.AnomalyCodesOf(id).ToHashSet(StringComparer.Ordinal);
        writes.Complete(id, stopTime, meterStopWh, CloseStopReason, null, summary, cost, found, now);
        writes.MarkClosedByOperator(id);
        writes.AnomaliesFound(session, found.Where(a => !had.Contains(a.Code)).DistinctBy(a => a.Code).ToList(), now);
        var version = session.Version + 1;
        writes.ResolveAnomalies(id, AnomalyCodes.NoStopReceived, version, correction.Actor, now);
        var after = VersionRecords.Figures(stopTime, meterStopWh, CloseStopReason, summary, session.TariffId, session.TariffVersion, [], null, false,
            cost, writes.AnomalyCodesOf(id));
        var made = writes.AppendVersion(id, CorrectionKinds.Close, correction.Actor, correction.Reason, VersionRecords.Changes(null, after), after,
            correction.IdempotencyKey, correction.RequestHash, now);
        Audit(writes, correction, made, "");
        return new CorrectionOutcome(CorrectionResult.Created, writes.LatestVersion(id));
    }
}

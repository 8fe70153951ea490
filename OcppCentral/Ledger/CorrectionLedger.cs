using System.Globalization;
using OcppCentral.Pricing;
using OcppCentral.Sessions;
using OcppCentral.Storage;

namespace OcppCentral.Ledger;

/// <summary>
/// Corrections of Completed sessions (docs/corrections.md). Each runs as one operation of the single writer, so it is committed
/// before it is answered, and its checks (the session, its version, the Idempotency-Key) and its writes see one state. A
/// correction changes one input of the session (its stop, meterStop, readings, tariff or tariff version, credit, void), then the session is
/// measured, checked and priced again by <see cref="SessionEvaluator.Close"/>, the function that closed it, and the result is
/// appended as its next version.
/// </summary>
public sealed partial class CorrectionLedger(SessionStore sessions, TimeProvider time, RunningEstimates? estimates = null)
{
    public async Task<CorrectionOutcome> CorrectAsync(long transactionId, Correction correction, CancellationToken ct)
    {
        var outcome = await sessions.WriteAsync(writes => Correct(writes, transactionId, correction), ct);
        // An operator's close ends the session as a charger's stop does: its running estimate is no longer needed.
        if (correction.Kind == CorrectionKinds.Close && outcome.Result == CorrectionResult.Created)
            estimates?.Closed(transactionId);
        return outcome;
    }

    internal CorrectionOutcome Correct(SessionWrites writes, long transactionId, Correction correction)
    {
        if (correction.IdempotencyKey is { } key && writes.VersionByIdempotencyKey(key) is ({ } earlier, var hash))
        {
            if (earlier.TransactionId != transactionId || hash != correction.RequestHash)
                return CorrectionOutcome.Conflict("This Idempotency-Key was used for another request; use a new key for a new correction.");
            Audit(writes, correction, earlier.Version, " (resent, nothing changed)");
            return new CorrectionOutcome(CorrectionResult.Replayed, earlier);
        }
        if (writes.Find(transactionId) is not { } session)
            return new CorrectionOutcome(CorrectionResult.NotFound, Message: $"There is no session {transactionId}.");
        if (correction.Kind == CorrectionKinds.Close && !session.IsActive)
            return CorrectionOutcome.Conflict(
                $"Session {transactionId} is Completed: close is for an Active session whose StopTransaction never came; correct it with another kind.");
        if (correction.Kind != CorrectionKinds.Close && session.IsActive)
            return CorrectionOutcome.Conflict(
                $"Session {transactionId} is Active: only a Completed session can be corrected (an Active one only closed, with kind close).");
        if (correction.ExpectedVersion is { } expected && expected != session.Version)
            return CorrectionOutcome.Conflict(
                $"Session {transactionId} is at version {session.Version}, not {expected}: someone corrected it meanwhile. Read it again and decide anew.");
        if (correction.Kind == CorrectionKinds.Close)
            return Close(writes, session, correction);

        var stopTime = session.StopTime ?? session.StartTime;
        var meterStopWh = session.MeterStopWh;
        var credit = session.Credit;
        var voided = session.Voided;
        var excluded = writes.ExcludedReadings(transactionId).ToList();
        var newlyExcluded = new List<long>();
        var tariffVersion = session.TariffVersion;
        switch (correction.Kind)
        {
            case CorrectionKinds.SetMeterStop:
                if (correction.MeterStopWh < session.MeterStartWh)
                    return CorrectionOutcome.Invalid("meterStopWh",
                        $"meterStopWh {correction.MeterStopWh} is below the session's meterStart {session.MeterStartWh} Wh.");
                meterStopWh = correction.MeterStopWh;
                break;
            case CorrectionKinds.SetStopTime:
                if (correction.StopTime < session.StartTime)
                    return CorrectionOutcome.Invalid("stopTime", "stopTime is before the session's start.");
                if (correction.StopTime - session.StartTime > SessionEvaluator.MaxMeasurableSpan)
                    return CorrectionOutcome.Invalid("stopTime", $"stopTime is more than {SessionEvaluator.MaxMeasurableSpan.TotalDays} days after the start.");
                stopTime = correction.StopTime!.Value;
                break;
            case CorrectionKinds.ExcludeReadings:
                var readings = writes.ReadingIds(transactionId);
                var foreign = correction.ReadingIds!.Where(id => !readings.ContainsKey(id)).ToList();
                if (foreign.Count > 0)
                    return CorrectionOutcome.Invalid("readingIds",
                        $"{string.Join(", ", foreign)} {(foreign.Count == 1 ? "is not a reading" : "are not readings")} of session {transactionId} " +
                        $"(GET /api/sessions/{transactionId}/meter-values lists them with their ids).");
                newlyExcluded = correction.ReadingIds!.Where(id => !readings[id]).Distinct().ToList();
                if (newlyExcluded.Count == 0)
                    return CorrectionOutcome.Invalid("readingIds", "every one of these readings is excluded already.");
                excluded = [.. excluded.Concat(newlyExcluded).Order()];
                break;
            case CorrectionKinds.Reprice:
                if (writes.StoredTariff(correction.TariffId!, null) is null)
                    return CorrectionOutcome.Invalid("tariffId", $"There is no tariff '{correction.TariffId}'.");
                if (writes.StoredTariff(correction.TariffId!, correction.TariffVersion) is not var (tariff, version))
                    return CorrectionOutcome.Invalid("tariffVersion", $"Tariff '{correction.TariffId}' has no version {correction.TariffVersion}.");
                tariffVersion = version;
                if (credit is > 0m && session.Cost is { } charged && charged.Currency != tariff.Currency)
                    return CorrectionOutcome.Invalid("tariffId",
                        $"The session carries a credit in {charged.Currency}; tariff '{correction.TariffId}' charges in {tariff.Currency}.");
                break;
            case CorrectionKinds.Credit:
                if (session.Cost is not { } bill)
                    return CorrectionOutcome.Invalid("amount", $"Session {transactionId} has no bill to credit.");
                if (correction.Currency is { } given && given != bill.Currency)
                    return CorrectionOutcome.Invalid("currency", $"The session was charged in {bill.Currency}, not {given}.");
                if (correction.Amount > bill.Total)
                    return CorrectionOutcome.Invalid("amount",
                        string.Create(CultureInfo.InvariantCulture, $"amount {correction.Amount} is more than the session's total {bill.Total} {bill.Currency}."));
                credit = (credit ?? 0m) + correction.Amount!.Value;
                break;
            case CorrectionKinds.Void:
                if (voided)
                    return CorrectionOutcome.Conflict($"Session {transactionId} is void already.");
                voided = true;
                break;
            default:
                return CorrectionOutcome.Invalid("kind", $"Unknown kind '{correction.Kind}'.");
        }

        var before = writes.LatestVersion(transactionId)?.Record;
        var next = session.Version + 1;
        // Every check is done: from here on the operation writes (a refusal after a write would commit half a correction).
        if (correction.Kind == CorrectionKinds.Reprice)
            writes.Repin(transactionId, correction.TariffId!, tariffVersion!.Value);
        if (newlyExcluded.Count > 0)
            writes.ExcludeReadings(transactionId, newlyExcluded, next);
        var facts = new SessionFacts(session.StartTime, stopTime, session.MeterStartWh, meterStopWh, writes.Samples(transactionId));
        var tariffId = correction.Kind == CorrectionKinds.Reprice ? correction.TariffId : session.TariffId;
        var (summary, anomalies, computed) = SessionEvaluator.Close(facts, writes.PinnedTariff(transactionId), tariffId);
        var cost = BillAdjustments.Apply(computed, credit, voided);
        var now = time.GetUtcNow();
        writes.Correct(transactionId, stopTime, meterStopWh, summary, cost, credit, voided);
        writes.ReconcileAnomalies(transactionId, anomalies, next, correction.Actor, now);
        var after = VersionRecords.Figures(stopTime, meterStopWh, session.StopReason, summary, tariffId, tariffVersion, excluded, credit, voided, cost,
            writes.AnomalyCodesOf(transactionId));
        var made = writes.AppendVersion(transactionId, correction.Kind, correction.Actor, correction.Reason, VersionRecords.Changes(before, after), after,
            correction.IdempotencyKey, correction.RequestHash, now);
        Audit(writes, correction, made, "");
        return new CorrectionOutcome(CorrectionResult.Created, writes.LatestVersion(transactionId));
    }

    /// <summary>The correction's audit row, in its own transaction: committed with the version it made, or not at all.</summary>
    private static void Audit(SessionWrites writes, Correction correction, int version, string note)
    {
        if (correction.Audit is { } draft)
            writes.Audit(draft, $"{correction.Kind} → version {version}{note}: {correction.Reason}");
    }
}

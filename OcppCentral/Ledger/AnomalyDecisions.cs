using OcppCentral.Storage;

namespace OcppCentral.Ledger;

/// <summary>
/// An operator's decision on one anomaly (docs/corrections.md): the status it moves to, a note, the correction that resolved it, and
/// the audit row the decision appends in its own transaction.
/// </summary>
public sealed record AnomalyDecision(string Status, string? Note, int? CorrectionVersion, string Actor, AuditDraft? Audit = null);

/// <summary>What became of a decision: the anomaly as decided, or why not (the field for a 400).</summary>
public sealed record DecisionOutcome(CorrectionResult Result, TrackedAnomaly? Anomaly = null, string? Field = null, string? Message = null);

/// <summary>
/// The anomaly workflow (docs/corrections.md): Open → Acknowledged → Resolved (naming the session version, a correction, that
/// resolved it) or Dismissed (with a note); an Acknowledged or Dismissed one may be opened again; a Resolved one is final. One
/// operation of the single writer, so the decision is committed before it is answered.
/// </summary>
public sealed class AnomalyDecisions(SessionStore sessions, TimeProvider time)
{
    public Task<DecisionOutcome> DecideAsync(long id, AnomalyDecision decision, CancellationToken ct) =>
        sessions.WriteAsync(writes => Decide(writes, id, decision), ct);

    private DecisionOutcome Decide(SessionWrites writes, long id, AnomalyDecision decision)
    {
        if (writes.FindAnomaly(id) is not { } anomaly)
            return new DecisionOutcome(CorrectionResult.NotFound, Message: $"There is no anomaly {id}.");
        if (anomaly.Status == AnomalyStatuses.Resolved)
            return new DecisionOutcome(CorrectionResult.Conflict,
                Message: $"Anomaly {id} was resolved by version {anomaly.ResolvedByVersion} of session {anomaly.TransactionId}; it is final.");
        if (decision.Status == AnomalyStatuses.Resolved
            && (decision.CorrectionVersion is not > 1 || !writes.HasVersion(anomaly.TransactionId, decision.CorrectionVersion.Value)))
            return new DecisionOutcome(CorrectionResult.Invalid, Field: "correctionVersion",
                Message: $"correctionVersion names the correction (a version from 2 on of session {anomaly.TransactionId}) that resolved it.");
        writes.DecideAnomaly(id, anomaly.TransactionId, decision.Status, decision.Note,
            decision.Status == AnomalyStatuses.Resolved ? decision.CorrectionVersion : null, decision.Actor, time.GetUtcNow());
        var decided = writes.FindAnomaly(id)!;
        if (decision.Audit is { } draft)
            writes.Audit(draft, $"{decided.Code} of session {decided.TransactionId} → {decided.Status}" + (decided.Note is null ? "" : $": {decided.Note}"));
        return new DecisionOutcome(CorrectionResult.Created, decided);
    }
}

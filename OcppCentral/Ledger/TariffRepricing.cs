using System.Text.Json;
using OcppCentral.Pricing;
using OcppCentral.Storage;

namespace OcppCentral.Ledger;

/// <summary>
/// Puts a tariff's current version onto its closed sessions (docs/corrections.md, re-pricing a tariff's sessions): each session
/// pinned to an older version (or to a copy older than versions) becomes a <c>reprice</c> correction through
/// <see cref="CorrectionLedger.Correct"/>, the function a single correction runs, so its version, figures, anomalies and bill are
/// what that correction makes. All of one call run as one operation of the single writer: the choice of sessions and their
/// corrections see one state and are committed together before the answer. <see cref="MaxSessions"/> bounds how long that holds
/// the writer.
/// </summary>
public sealed class TariffRepricing(SessionStore sessions, CorrectionLedger ledger, TimeProvider time)
{
    /// <summary>Sessions one call re-prices at most; a range with more to re-price is refused whole, to be split by the caller.</summary>
    public const int MaxSessions = 200;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <param name="audit">The audit row of the call: each correction appends it with its own detail, a resend once.</param>
    public Task<RepriceOutcome> ApplyAsync(TariffReprice reprice, AuditDraft? audit, CancellationToken ct) =>
        sessions.WriteAsync(writes => Apply(writes, reprice, audit), ct);

    private RepriceOutcome Apply(SessionWrites writes, TariffReprice reprice, AuditDraft? audit)
    {
        if (reprice.IdempotencyKey is { } key && writes.RepriceByIdempotencyKey(key) is var (tariffId, hash, json))
        {
            if (tariffId != reprice.TariffId || hash != reprice.RequestHash)
                return new RepriceOutcome(RepriceResult.Conflict, Message: "This Idempotency-Key was used for another request; use a new key for a new re-price.");
            if (audit is not null)
                writes.Audit(audit, $"reprice of tariff '{tariffId}' (resent, nothing changed): {reprice.Reason}");
            return new RepriceOutcome(RepriceResult.Replayed, JsonSerializer.Deserialize<TariffRepriceResult>(json, Json));
        }
        if (writes.StoredTariff(reprice.TariffId, null) is not var (_, version))
            return new RepriceOutcome(RepriceResult.NotFound, Message: $"There is no tariff '{reprice.TariffId}'.");

        var pinned = writes.CompletedOfTariff(reprice.TariffId, reprice.From, reprice.To);
        var due = pinned.Where(session => session.TariffVersion != version).ToList();
        if (due.Count > MaxSessions)
            return TooMany(due.Count);

        var done = new List<RepricedSession>(due.Count);
        foreach (var (transactionId, fromVersion) in due)
        {
            var before = writes.Find(transactionId)!;
            var correction = new Correction(CorrectionKinds.Reprice, reprice.Reason, before.Version, null, null, null, reprice.TariffId, version, null,
                null, reprice.Actor, null, reprice.RequestHash, audit);
            var outcome = ledger.Correct(writes, transactionId, correction);
            var current = before.Cost is { } charged ? Revenue.Of(charged) : null;
            done.Add(outcome.Result == CorrectionResult.Created
                ? Session(transactionId, before.ChargePointId, before.StartTime, fromVersion, outcome.Version!.Version, current, outcome.Version.Record.Cost, null)
                : Session(transactionId, before.ChargePointId, before.StartTime, fromVersion, null, current, null, outcome.Message));
        }
        var answer = Report(reprice, version, dryRun: false, pinned.Count - due.Count, done);
        if (reprice.IdempotencyKey is { } newKey)
            writes.KeepReprice(newKey, reprice.RequestHash, reprice.TariffId, reprice.Actor, JsonSerializer.Serialize(answer, Json), time.GetUtcNow());
        return new RepriceOutcome(RepriceResult.Done, answer);
    }

    public static RepriceOutcome TooMany(int sessions) => new(RepriceResult.TooMany, Sessions: sessions,
        Message: $"{sessions} sessions in the range need re-pricing, more than the {MaxSessions} one call re-prices; split the range (from, to).");

    /// <summary>
    /// A dry run of one session: what <see cref="CorrectionLedger.Correct"/> would make of it, computed by the same pure functions
    /// (<see cref="SessionEvaluator.Close"/> with the tariff's current version, then the session's credit and void) without writing.
    /// </summary>
    public static RepricedSession Preview(ClosedSession session, TariffDocument current, string tariffId)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(current);
        if (session.Credit is > 0m && session.Actual is { } charged && charged.Currency != current.Currency)
            return Session(session.TransactionId, session.ChargePointId, session.Facts.StartTime, session.TariffVersion, null, session.Actual, null,
                $"The session carries a credit in {charged.Currency}; tariff '{tariffId}' charges in {current.Currency}.");
        var computed = SessionEvaluator.Close(session.Facts, current, tariffId).Cost;
        return Session(session.TransactionId, session.ChargePointId, session.Facts.StartTime, session.TariffVersion, null, session.Actual,
            BillAdjustments.Apply(computed, session.Credit, session.Voided), null);
    }

    private static RepricedSession Session(long transactionId, string chargePointId, DateTimeOffset startTime, int? fromVersion, int? version,
        Revenue? current, Cost? repriced, string? refused)
    {
        var after = repriced is null ? null : Revenue.Of(repriced);
        var difference = current is not null && after is not null && current.Currency == after.Currency
            ? new Revenue(after.Currency, after.Net - current.Net, after.Total - current.Total)
            : null;
        return new RepricedSession(transactionId, chargePointId, startTime, fromVersion, version, current, refused is null ? after : null,
            refused is null ? difference : null, refused);
    }

    /// <summary>The answer over the sessions re-priced (or previewed) and refused: the counts and the sums per currency.</summary>
    public static TariffRepriceResult Report(TariffReprice reprice, int version, bool dryRun, int skipped, IReadOnlyList<RepricedSession> done)
    {
        ArgumentNullException.ThrowIfNull(reprice);
        ArgumentNullException.ThrowIfNull(done);
        var sums = new SortedDictionary<string, (int Sessions, decimal CurrentNet, decimal CurrentTotal, decimal Net, decimal Total)>(StringComparer.Ordinal);
        foreach (var session in done.Where(s => s.Refused is null))
        {
            if (session.Current is { } current)
            {
                var sum = sums.GetValueOrDefault(current.Currency);
                sums[current.Currency] = sum with { CurrentNet = sum.CurrentNet + current.Net, CurrentTotal = sum.CurrentTotal + current.Total };
            }
            if (session.Repriced is { } repriced)
            {
                var sum = sums.GetValueOrDefault(repriced.Currency);
                sums[repriced.Currency] = sum with { Net = sum.Net + repriced.Net, Total = sum.Total + repriced.Total };
            }
            if ((session.Repriced ?? session.Current)?.Currency is { } counted)
                sums[counted] = sums[counted] with { Sessions = sums[counted].Sessions + 1 };
        }
        var totals = sums.Select(entry => new RepriceTotal(entry.Key, entry.Value.Sessions,
            new Revenue(entry.Key, entry.Value.CurrentNet, entry.Value.CurrentTotal), new Revenue(entry.Key, entry.Value.Net, entry.Value.Total),
            new Revenue(entry.Key, entry.Value.Net - entry.Value.CurrentNet, entry.Value.Total - entry.Value.CurrentTotal))).ToList();
        var refused = done.Count(s => s.Refused is not null);
        return new TariffRepriceResult(reprice.TariffId, version, reprice.From, reprice.To, dryRun, reprice.Reason, done.Count - refused, skipped, refused,
            totals, done);
    }
}

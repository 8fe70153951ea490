using System.Collections.Concurrent;
using OcppCentral.Pricing;
using OcppCentral.Sessions;
using OcppCentral.Storage;

namespace OcppCentral.Ledger;

/// <summary>
/// The estimate of every Active session (docs/sessions-and-pricing.md, docs/performance.md): a <see cref="RunningEstimate"/>
/// per session, begun when the session starts, folded forward with the samples each committed message stored, and dropped
/// when the session closes, so neither a message nor an estimate costs more as a session's history grows. One that is
/// missing (after a restart) or out of step with the session's sample count is rebuilt once from the database. The
/// session record (<c>GET /api/sessions</c>, the console, the receipt) asks <see cref="EstimateAsync"/>.
/// </summary>
public sealed class RunningEstimates(SessionStore sessions)
{
    private readonly ConcurrentDictionary<long, Slot> _slots = new();

    /// <summary>
    /// The estimate of an Active session at <paramref name="now"/>: exactly what <see cref="SessionEvaluator.Estimate"/>
    /// gives for its samples so far. Null when the session is no longer Active.
    /// </summary>
    public async Task<SessionEvaluation?> EstimateAsync(StoredSession session, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(session);
        var estimate = Current(session.TransactionId, session.SampleCount) ?? await RebuildAsync(session.TransactionId, ct);
        if (estimate is null)
            return null;
        if (estimate.At(now) is { } evaluation)
            return evaluation;
        // Figures beyond decimal arithmetic (a database from before the normalizer's limit): the full computation decides.
        if (await sessions.RunningAsync(session.TransactionId, ct) is not { } running)
            return null;
        var start = running.StartTime;
        return SessionEvaluator.Estimate(new SessionFacts(start, now < start ? start : now, running.MeterStartWh, null, running.Samples),
            running.PinnedTariff);
    }

    /// <summary>A session was started (committed): its estimate begins empty.</summary>
    internal void Started(long transactionId, DateTimeOffset startTime, long meterStartWh, TariffDocument? pinnedTariff) =>
        _slots[transactionId] = new Slot(RunningEstimate.Begin(startTime, meterStartWh, pinnedTariff), 0);

    /// <summary>
    /// A message stored <paramref name="received"/> (as received) through <paramref name="dialect"/>'s backend for a session
    /// that held <paramref name="countBefore"/>; committed. Only a session that has an estimate keeps anything: the readings
    /// the estimate uses, made what reads back (<see cref="MeterValueStore.StoredTimestamp"/>,
    /// <see cref="MeterValueStore.StoredNumber"/>), after the commit and off the writer's thread. They are kept to be folded
    /// in a batch, when the estimate is asked for or when <see cref="FoldAfter"/> are waiting, so a message costs a few
    /// small copies rather than a new summary. Kept when the estimate is at that count, else it is dropped, to be rebuilt
    /// when next asked for.
    /// </summary>
    internal void Added(long transactionId, long countBefore, IReadOnlyList<MeterSample> received, SqlDialect dialect)
    {
        if (received.Count == 0 || !_slots.TryGetValue(transactionId, out var slot))
            return;
        lock (slot)
        {
            if (slot.Pending is { } pending)
            {
                var readings = new List<RunningEstimate.Reading>();
                Keep(received, dialect, readings);
                pending.Add((countBefore, received.Count, readings));
            }
            else if (slot.Count == countBefore)
            {
                Keep(received, dialect, slot.Unfolded ??= new List<RunningEstimate.Reading>(FoldAfter));
                slot.Count += received.Count;
                if (slot.Unfolded.Count >= FoldAfter)
                    slot.Fold();
            }
            else
            {
                _slots.TryRemove(new KeyValuePair<long, Slot>(transactionId, slot));
            }
        }
    }

    /// <summary>How many readings wait at most before they are folded (about 2 KB per Active session while they wait).</summary>
    internal const int FoldAfter = 48;

    private static void Keep(IReadOnlyList<MeterSample> received, SqlDialect dialect, List<RunningEstimate.Reading> readings) =>
        RunningEstimate.Reading.Collect(received, readings, StoredTimestamp, dialect == SqlDialect.Postgres ? PostgresNumber : SqliteNumber);

    // What a received sample reads back as (made once, so a message allocates no delegate).
    private static readonly Func<DateTimeOffset, DateTimeOffset> StoredTimestamp = MeterValueStore.StoredTimestamp;
    private static readonly Func<decimal, decimal> SqliteNumber = value => MeterValueStore.StoredNumber(SqlDialect.Sqlite, value);
    private static readonly Func<decimal, decimal> PostgresNumber = value => MeterValueStore.StoredNumber(SqlDialect.Postgres, value);

    /// <summary>The session was closed (committed): its estimate is no longer needed.</summary>
    internal void Closed(long transactionId) => _slots.TryRemove(transactionId, out _);

    /// <summary>Whether the session has a running estimate (for tests).</summary>
    internal bool Holds(long transactionId) => _slots.ContainsKey(transactionId);

    /// <summary>How many sessions have a running estimate (for tests).</summary>
    internal int Count => _slots.Count;

    private RunningEstimate? Current(long transactionId, long sampleCount)
    {
        if (!_slots.TryGetValue(transactionId, out var slot))
            return null;
        lock (slot)
        {
            if (slot.Pending is not null || slot.Count < sampleCount)
                return null;
            slot.Fold();
            return slot.Estimate;
        }
    }

    /// <summary>
    /// Folds the session's stored samples from one snapshot, then what was committed meanwhile (kept while it read), and
    /// installs the result unless the session closed meanwhile.
    /// </summary>
    private async Task<RunningEstimate?> RebuildAsync(long transactionId, CancellationToken ct)
    {
        var slot = new Slot(null, 0) { Pending = [] };
        _slots[transactionId] = slot;
        RunningSession? running;
        try
        {
            running = await sessions.RunningAsync(transactionId, ct);
        }
        catch
        {
            _slots.TryRemove(new KeyValuePair<long, Slot>(transactionId, slot));
            throw;
        }
        if (running is not { IsActive: true })
        {
            _slots.TryRemove(new KeyValuePair<long, Slot>(transactionId, slot));
            return null;
        }
        var estimate = RunningEstimate.Begin(running.StartTime, running.MeterStartWh, running.PinnedTariff).Add(running.Samples);
        lock (slot)
        {
            var count = running.SampleCount;
            // Messages committed after the snapshot; those before it are in it already.
            foreach (var (before, stored, readings) in slot.Pending!.OrderBy(p => p.CountBefore))
            {
                if (before < count)
                    continue;
                if (before > count)
                    break;
                estimate = estimate.Add(readings);
                count += stored;
            }
            (slot.Estimate, slot.Count, slot.Pending) = (estimate, count, null);
        }
        return estimate;
    }

    /// <summary>
    /// One session's estimate and the sample count it reflects, with the readings of that count not yet folded into it;
    /// while it is rebuilt, the messages committed meanwhile (how many samples each stored, and its readings).
    /// </summary>
    private sealed class Slot(RunningEstimate? estimate, long count)
    {
        public RunningEstimate? Estimate { get; set; } = estimate;

        public long Count { get; set; } = count;

        public List<RunningEstimate.Reading>? Unfolded { get; set; }

        public List<(long CountBefore, int Stored, List<RunningEstimate.Reading> Readings)>? Pending { get; set; }

        /// <summary>Folds the waiting readings into the estimate (under the slot's lock).</summary>
        public void Fold()
        {
            if (Unfolded is not { Count: > 0 } unfolded)
                return;
            Estimate = Estimate!.Add(unfolded);
            unfolded.Clear();
        }
    }
}

using Microsoft.Extensions.Options;
using OcppCentral.Cluster;
using OcppCentral.Sessions;
using OcppCentral.Storage;

namespace OcppCentral.Ledger;

/// <summary>
/// Finds stale sessions (docs/corrections.md): once a minute, on the server's <see cref="TimeProvider"/>, every session still
/// Active whose charger has sent nothing for it (no StartTransaction, no MeterValues) for <see cref="ChargeMonitorOptions.StaleSessionAfter"/>
/// gets the anomaly NoStopReceived, once. The sweep reads when each Active session was last heard of from an index (the writer
/// keeps <c>last_message_at</c> as messages arrive), so it costs the same however long the sessions are. Each finding also raises
/// the webhook event anomaly.detected (docs/webhooks.md), in the same transaction. The sweep runs as one
/// operation of the single writer, so a message arriving meanwhile is either before it (and the session is not stale) or after.
/// Of instances sharing a PostgreSQL database, only the one leading the periodic work sweeps (docs/deployment.md).
/// </summary>
public sealed class StaleSessionSweep(SessionStore sessions, JobLeadership leadership, TimeProvider time, IOptions<ChargeMonitorOptions> options,
    ILogger<StaleSessionSweep> logger) : BackgroundService
{
    /// <summary>How often the sweep runs.</summary>
    public static readonly TimeSpan Period = TimeSpan.FromMinutes(1);

    /// <summary>The most sessions one sweep flags, so one sweep never holds the writer long; the next takes the rest.</summary>
    public const int MaxPerSweep = 1000;

    /// <summary>Raised after each sweep with the sessions it flagged (usually none); for whoever watches the server (the tests).</summary>
    public event Action<IReadOnlyList<long>>? Swept;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Period, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                if (!leadership.Leads)
                    continue;
                try
                {
                    Swept?.Invoke(await SweepAsync(stoppingToken));
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    // A failed sweep (a full disk) is tried again at the next tick.
                    logger.LogError(ex, "Looking for stale sessions failed");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Flags the sessions gone silent for the stale-session time; their transactionIds.</summary>
    public async Task<IReadOnlyList<long>> SweepAsync(CancellationToken ct)
    {
        var staleAfter = options.Value.StaleSessionAfter;
        var found = await sessions.WriteAsync(writes =>
        {
            var now = time.GetUtcNow();
            var silent = writes.GoneSilent(now - staleAfter, MaxPerSweep);
            foreach (var (transactionId, lastMessageAt) in silent)
            {
                Anomaly[] found = [AnomalyDetector.NoStopReceived(lastMessageAt, now, staleAfter)];
                writes.AddAnomalies(transactionId, found, now);
                writes.AnomaliesFound(writes.Find(transactionId)!, found, now);
            }
            return silent;
        }, ct);
        foreach (var (transactionId, lastMessageAt) in found)
            logger.LogWarning("Session {TransactionId} is still Active, but its charger has sent nothing for it since {LastMessageAt:o}: NoStopReceived",
                transactionId, lastMessageAt);
        return found.Select(s => s.TransactionId).ToList();
    }
}

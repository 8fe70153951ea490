using Microsoft.Extensions.Options;
using OcppCentral.Cluster;
using OcppCentral.Storage;

namespace OcppCentral.Admission;

/// <summary>
/// Keeps the message log to <c>--message-log-days</c> (docs/charger-health.md): at start and then every
/// <see cref="Interval"/> on the server's clock, deletes the frames older than that, a chunk per write so the writer is
/// never held for long. Runs whether or not the log is on, so a log switched off still ages out. Of instances sharing a
/// PostgreSQL database, only the one leading the periodic work prunes (docs/deployment.md).
/// </summary>
public sealed class MessageLogRetention(MessageLogStore store, JobLeadership leadership, IOptions<ChargeMonitorOptions> options, TimeProvider time,
    ILogger<MessageLogRetention> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    private TaskCompletionSource _passed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _lastCutoffMs = long.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        do
            await PruneAsync(stoppingToken).ConfigureAwait(false);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    private async Task PruneAsync(CancellationToken ct)
    {
        if (!leadership.Leads)
            return;
        var cutoff = time.GetUtcNow() - TimeSpan.FromDays(options.Value.MessageLogDays);
        try
        {
            var deleted = await store.PruneAsync(cutoff, ct).ConfigureAwait(false);
            if (deleted > 0)
                logger.LogInformation("Pruned {Count} frames older than {Cutoff:O} from the message log", deleted, cutoff);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Pruning the message log failed; the next pass tries again");
        }
        Interlocked.Exchange(ref _lastCutoffMs, UnixTime.ToMs(cutoff));
        Interlocked.Exchange(ref _passed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    /// <summary>For tests in virtual time: completes once a pass has pruned everything older than <paramref name="cutoff"/>.</summary>
    internal async Task PrunedAsync(DateTimeOffset cutoff, CancellationToken ct)
    {
        while (true)
        {
            var next = Volatile.Read(ref _passed).Task;
            if (Interlocked.Read(ref _lastCutoffMs) >= UnixTime.ToMs(cutoff))
                return;
            await next.WaitAsync(ct).ConfigureAwait(false);
        }
    }
}

using System.Data.Common;
using System.Diagnostics;
using Microsoft.Extensions.Options;
using OcppCentral.Storage;

namespace OcppCentral.Cluster;

/// <summary>
/// Which instance runs the periodic work (docs/deployment.md): the stale-session sweep, the charger.offline watch, the
/// message log's retention and the webhook deliveries, each written for one writer. On a shared PostgreSQL database one
/// instance at a time leads: it holds an advisory lock on a connection of its own, taken at start or at a heartbeat when
/// free. PostgreSQL frees the lock when that session ends: at once when the leader stops or its process dies, and after
/// <see cref="ClusterOptions.InstanceTimeout"/> when its machine went silent (the session's idle timeout, which the
/// leader's touches keep from running out). The next heartbeat of another instance takes it over. The leader watches
/// its lock's connection all the time: it steps down the moment the server ends that session or the link breaks, and
/// counts itself the leader only while its last touch is younger than the instance timeout less one heartbeat, so that
/// a link cut silently makes it stop before the server can free the lock. On SQLite this instance always leads.
/// </summary>
public sealed class JobLeadership(InstanceIdentity instance, ClusterStore store, IOptions<ClusterOptions> options, ILogger<JobLeadership> logger)
    : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private DbConnection? _lock;
    private CancellationTokenSource? _stopWatching;
    private Task _watching = Task.CompletedTask;
    // Until when (a Stopwatch timestamp) the lock is surely still ours: the server cannot free it before then.
    private long _leaseEnds;
    private TaskCompletionSource _leading = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Whether this instance runs the periodic work now.</summary>
    public bool Leads => !instance.Shared || (Volatile.Read(ref _lock) is not null && Stopwatch.GetTimestamp() < Interlocked.Read(ref _leaseEnds));

    /// <summary>Completes once this instance leads (at once on SQLite).</summary>
    public Task LeadingAsync(CancellationToken ct) => Leads ? Task.CompletedTask : Volatile.Read(ref _leading).Task.WaitAsync(ct);

    /// <summary>
    /// The idle timeout of the lock's session starts when a touch ends, in the database's own time; counting the lease from
    /// when the touch began, and one heartbeat short of that timeout, keeps it on the safe side of clocks and delays.
    /// </summary>
    private TimeSpan Lease => options.Value.InstanceTimeout - options.Value.HeartbeatInterval;

    /// <summary>At start and at each heartbeat: an instance that does not lead tries to take the lock (the leader's is watched all along).</summary>
    public async Task RenewAsync(CancellationToken ct)
    {
        if (!instance.Shared)
            return;
        await _gate.WaitAsync(ct);
        try
        {
            if (_lock is not null)
                return;
            var began = Stopwatch.GetTimestamp();
            if (await store.TryLeadAsync(options.Value.InstanceTimeout, ct) is not { } taken)
                return;
            Touched(began);
            _stopWatching?.Dispose();
            var stop = new CancellationTokenSource();
            _stopWatching = stop;
            Volatile.Write(ref _lock, taken);
            _watching = WatchAsync(taken, stop.Token);
            logger.LogInformation("Instance {InstanceId} runs the periodic work", instance.Id);
            Volatile.Read(ref _leading).TrySetResult();
        }
        finally
        {
            _gate.Release();
        }
    }

    private void Touched(long began) =>
        Interlocked.Exchange(ref _leaseEnds, began + (long)(Lease.TotalSeconds * Stopwatch.Frequency));

    /// <summary>Keeps the lock's session touched, and steps down the moment it is gone.</summary>
    private async Task WatchAsync(DbConnection held, CancellationToken stop)
    {
        await Task.Yield();
        try
        {
            // Real time, as the database counts the session's idle timeout.
            await ClusterStore.KeepLeadingAsync(held, options.Value.HeartbeatInterval, Touched, stop);
        }
        catch (Exception ex) when (!stop.IsCancellationRequested)
        {
            // Not leading from this instant; what the periodic work has begun runs to its end.
            if (Interlocked.CompareExchange(ref _lock, null, held) != held)
                return;
            logger.LogWarning(ex, "Instance {InstanceId} lost its hold on the periodic work; another instance may take it over", instance.Id);
            Volatile.Write(ref _leading, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            await ClusterStore.StepDownAsync(held);
        }
        catch (Exception) when (stop.IsCancellationRequested)
        {
            // Stepping down at a graceful stop: DisposeAsync frees the lock.
        }
    }

    /// <summary>At a graceful stop: the lock is freed for another instance at once.</summary>
    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync();
        try
        {
            _stopWatching?.Cancel();
            await _watching.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            _stopWatching?.Dispose();
            _stopWatching = null;
            if (Interlocked.Exchange(ref _lock, null) is { } held)
                await ClusterStore.StepDownAsync(held);
        }
        finally
        {
            _gate.Release();
        }
    }
}

using System.Data.Common;
using Microsoft.Extensions.Options;
using OcppCentral.Storage;

namespace OcppCentral.Cluster;

/// <summary>
/// Which instance runs the periodic work (docs/deployment.md): the stale-session sweep, the charger.offline watch, the
/// message log's retention and the webhook deliveries, each written for one writer. On a shared PostgreSQL database one
/// instance at a time leads: it holds an advisory lock on a connection of its own, taken at start or at a heartbeat when
/// free. PostgreSQL frees the lock when that session ends: at once when the leader stops or its process dies, and after
/// <see cref="ClusterOptions.InstanceTimeout"/> when its machine went silent (the session's idle timeout, which the
/// leader's heartbeats keep from running out). The next heartbeat of another instance takes it over. On SQLite this
/// instance always leads.
/// </summary>
public sealed class JobLeadership(InstanceIdentity instance, ClusterStore store, IOptions<ClusterOptions> options, ILogger<JobLeadership> logger)
    : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private DbConnection? _lock;
    private TaskCompletionSource _leading = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Whether this instance runs the periodic work now.</summary>
    public bool Leads => !instance.Shared || Volatile.Read(ref _lock) is not null;

    /// <summary>Completes once this instance leads (at once on SQLite).</summary>
    public Task LeadingAsync(CancellationToken ct) => Leads ? Task.CompletedTask : Volatile.Read(ref _leading).Task.WaitAsync(ct);

    /// <summary>At start and at each heartbeat: the leader checks that its lock's session is alive, the others try to take the lock.</summary>
    public async Task RenewAsync(CancellationToken ct)
    {
        if (!instance.Shared)
            return;
        await _gate.WaitAsync(ct);
        try
        {
            if (_lock is { } held)
            {
                try
                {
                    await ClusterStore.StillLeadsAsync(held, ct);
                    return;
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogWarning(ex, "Instance {InstanceId} lost its hold on the periodic work; another instance may take it over", instance.Id);
                    Volatile.Write(ref _lock, null);
                    Volatile.Write(ref _leading, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
                    await ClusterStore.StepDownAsync(held);
                }
            }
            if (await store.TryLeadAsync(options.Value.InstanceTimeout, ct) is { } taken)
            {
                Volatile.Write(ref _lock, taken);
                logger.LogInformation("Instance {InstanceId} runs the periodic work", instance.Id);
                Volatile.Read(ref _leading).TrySetResult();
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>At a graceful stop: the lock is freed for another instance at once.</summary>
    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (Interlocked.Exchange(ref _lock, null) is { } held)
                await ClusterStore.StepDownAsync(held);
        }
        finally
        {
            _gate.Release();
        }
    }
}

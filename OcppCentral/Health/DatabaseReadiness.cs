using Microsoft.Extensions.Diagnostics.HealthChecks;
using OcppCentral.Storage;

namespace OcppCentral.Health;

/// <summary>
/// Ready means transaction messages can be stored: the database file is still the one opened and can be written
/// (DatabaseGuard, checked now), and the storage writer commits. After a failed batch (a full disk, say) it stays
/// unready until a batch commits again; the check then writes one settings row through the writer to see whether
/// it does, so a server without traffic becomes ready again too. The reason is logged, not answered.
/// </summary>
public sealed class DatabaseReadiness(Database database, StorageWriter writer, TimeProvider time) : IHealthCheck
{
    /// <summary>How long a probe write may take before the writer counts as not committing.</summary>
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        if (database.Guard.Check() is { } fault)
            return HealthCheckResult.Unhealthy(fault.Message);
        if (database.Guard.CommitFailure is null)
            return HealthCheckResult.Healthy();
        try
        {
            await writer.ProbeAsync(time.GetUtcNow(), ct).WaitAsync(ProbeTimeout, time, ct);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"the storage writer does not commit: {ex.Message}");
        }
    }
}

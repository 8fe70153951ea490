using Microsoft.Extensions.Options;
using OcppCentral.Storage;
using OcppCentral.Transport;

namespace OcppCentral.Cluster;

/// <summary>
/// Whether a charger is connected, to this instance or, on a shared PostgreSQL database, to any live one
/// (docs/deployment.md): what <c>connected</c> means in the admin API and the console.
/// </summary>
public sealed class ClusterPresence(InstanceIdentity instance, ClusterStore store, ChargerRegistry registry, IOptions<ClusterOptions> options,
    TimeProvider time)
{
    /// <summary>Asks the database once for the given chargers; on SQLite, only this instance's registry.</summary>
    public async Task<Func<string, bool>> ConnectedAsync(IReadOnlyCollection<string> chargePointIds, CancellationToken ct)
    {
        if (!instance.Shared || chargePointIds.Count == 0)
            return registry.IsConnected;
        var elsewhere = await store.HeldAsync(chargePointIds, time.GetUtcNow() - options.Value.InstanceTimeout, ct);
        return id => registry.IsConnected(id) || elsewhere.Contains(id);
    }
}

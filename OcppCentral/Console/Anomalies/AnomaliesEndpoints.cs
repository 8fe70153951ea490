using Microsoft.AspNetCore.Http.HttpResults;
using OcppCentral.Storage;

namespace OcppCentral.Web.Anomalies;

/// <summary>/anomalies: the queue by code and charger, the latest anomalous sessions, and the orphan messages, over 30 days.</summary>
public static class AnomaliesEndpoints
{
    public const int Days = 30;
    public const int Listed = 100;

    public static RouteGroupBuilder MapAnomaliesPages(this RouteGroupBuilder console)
    {
        console.MapGet("/anomalies", ListAsync);
        return console;
    }

    private static async Task<RazorComponentResult> ListAsync(ConsoleQueries queries, AnomalyQueries anomalies, OrphanStore orphans,
        ConsoleZone zones, TimeProvider time, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var (from, to) = (now.AddDays(-Days), now.AddMilliseconds(1));
        var (fromMs, toMs) = (from.ToUnixTimeMilliseconds(), to.ToUnixTimeMilliseconds());
        var latest = await anomalies.ListAsync(from, to, null, null, ct);
        var orphaned = await orphans.ListAsync(from, to, null, ct);
        return new RazorComponentResult<AnomaliesPage>(new
        {
            Queue = await queries.AnomalyQueueAsync(fromMs, toMs, ct),
            Latest = latest.Take(Listed).ToList(), LatestTotal = latest.Count,
            Orphans = orphaned.OrderByDescending(o => o.ReceivedAt).Take(Listed).ToList(), OrphanTotal = orphaned.Count,
            Zone = await zones.GetAsync(ct),
        });
    }
}

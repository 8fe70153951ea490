using OcppCentral.Admin;
using OcppCentral.Admin.Sessions;
using OcppCentral.Admin.Reports;
using OcppCentral.Cluster;
using OcppCentral.Storage;
using OcppCentral.Transport;

namespace OcppCentral.Web.Overview;

/// <summary>What the overview shows at one moment (docs/console.md).</summary>
public sealed record OverviewModel(
    DateTimeOffset Now, TimeZoneInfo Zone,
    IReadOnlyList<ChargerLine> Chargers,
    long ActiveCount, IReadOnlyList<ActiveSessionLine> Active,
    PeriodTotals Today, PeriodTotals Month,
    long RecentAnomalyCount, IReadOnlyList<ConsoleAnomalyRow> RecentAnomalies,
    IReadOnlyList<FeedbackListRow> LowRatings)
{
    public const int ActiveShown = 20;
    public const int AnomalyDays = 7;

    public static async Task<OverviewModel> LoadAsync(HttpContext http, CancellationToken ct)
    {
        var services = http.RequestServices;
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var zone = await services.GetRequiredService<ConsoleZone>().GetAsync(ct);
        var queries = services.GetRequiredService<ConsoleQueries>();

        var chargers = await ChargerLine.LoadAsync(services, ct);
        var records = services.GetRequiredService<SessionRecords>();
        var active = await records.ListAsync(new SessionQuery(null, StoredSession.Active, null, null, ActiveShown, 0), ct);
        var power = await queries.LatestPowerWAsync(active.Select(a => a.TransactionId).ToList(), ct);
        var activeCount = chargers.Count == 0 && active.Count == 0 ? 0
            : (await queries.SessionsAsync(new ConsoleSessionFilter(null, null, StoredSession.Active, null, null, false, false, "start", true, 1, 0), ct)).Total;

        var local = TimeZoneInfo.ConvertTime(now, zone);
        var today = DateOnly.FromDateTime(local.DateTime);
        var range = new DailyRange(zone, today, today.AddDays(1), null);
        var todayStart = range.StartOf(today);
        var monthStart = range.StartOf(new DateOnly(today.Year, today.Month, 1));
        var end = range.StartOf(today.AddDays(1)).ToUnixTimeMilliseconds();

        var (anomalyCount, anomalies) = await queries.RecentAnomaliesAsync(now.AddDays(-AnomalyDays).ToUnixTimeMilliseconds(), 10, ct);
        var (lowRatings, _) = await services.GetRequiredService<FeedbackQuery>().ListAsync(new FeedbackFilter(null, null, null, 2, null, null, 10, 0), ct);

        return new OverviewModel(now, zone, chargers, activeCount,
            active.Select(a => new ActiveSessionLine(a, power.TryGetValue(a.TransactionId, out var w) ? w / 1000m : null)).ToList(),
            PeriodTotals.Of(await queries.TotalsAsync(todayStart.ToUnixTimeMilliseconds(), end, false, ct)),
            PeriodTotals.Of(await queries.TotalsAsync(monthStart.ToUnixTimeMilliseconds(), end, false, ct)),
            anomalyCount, anomalies, lowRatings);
    }
}

/// <summary>A charger as the overview and the charger table show it: connected or not, last seen, its connectors.</summary>
public sealed record ChargerLine(string Id, bool Connected, DateTimeOffset? LastSeen, string? Vendor, string? Model, string? TariffId,
    IReadOnlyList<ConnectorStatus> Connectors)
{
    public static async Task<IReadOnlyList<ChargerLine>> LoadAsync(IServiceProvider services, CancellationToken ct)
    {
        var store = services.GetRequiredService<ChargePointStore>();
        var presence = services.GetRequiredService<ChargerPresence>();
        var connectors = (await store.ConnectorsAsync(null, ct)).ToLookup(c => c.ChargePointId, StringComparer.Ordinal);
        var chargers = await store.ListAsync(ct);
        var connected = await services.GetRequiredService<ClusterPresence>().ConnectedAsync(chargers.Select(c => c.Id).ToList(), ct);
        return chargers
            .Select(c => new ChargerLine(c.Id, connected(c.Id), presence.LastSeen(c.Id, c.LastSeen), c.Vendor, c.Model, c.TariffId,
                connectors[c.Id].ToList()))
            .OrderByDescending(c => c.Connected).ThenBy(c => c.Id, StringComparer.Ordinal)
            .ToList();
    }
}

/// <summary>An Active session with its estimate so far and the latest power the charger reported (kW).</summary>
public sealed record ActiveSessionLine(SessionView Session, decimal? PowerKw);

/// <summary>Sessions started in a period, their energy and revenue per currency.</summary>
public sealed record PeriodTotals(long Sessions, decimal EnergyKwh, IReadOnlyList<RevenueTotal> Revenue)
{
    public static PeriodTotals Of(IReadOnlyList<MoneyTotalsRow> rows) =>
        new(rows.Sum(r => r.Sessions), rows.Sum(r => r.EnergyWh ?? 0m) / 1000m, RevenueTotal.Of(rows));
}

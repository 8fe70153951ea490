using OcppCentral.Sessions;
using OcppCentral.Storage;

namespace OcppCentral.Admin.Reports;

/// <summary>GET /api/reports/daily: one row per local day of <see cref="Zone"/> in [From, To), and the range's totals.</summary>
public sealed record DailyReport(string Zone, string From, string To, string? ChargePointId, long ChargerCount,
    IReadOnlyList<DailyReportDay> Days, long Sessions, decimal EnergyKwh, IReadOnlyList<RevenueTotal> Revenue)
{
    /// <param name="boundaries">Day i is [boundaries[i], boundaries[i + 1]).</param>
    /// <param name="intervals">Sessions per charger in start order, as <see cref="DailyReportQuery.IntervalsAsync"/> reads them.</param>
    public static DailyReport Build(DailyRange range, IReadOnlyList<DateTimeOffset> boundaries, IReadOnlyList<MoneyTotalsRow> totals,
        IReadOnlyList<(string ChargePointId, long StartMs, long StopMs)> intervals, long chargerCount, DateTimeOffset now,
        IReadOnlyList<LinkEvent> links)
    {
        var ms = boundaries.Select(b => b.ToUnixTimeMilliseconds()).ToArray();
        var endMs = Math.Min(now.ToUnixTimeMilliseconds(), ms[^1]);
        var busy = BusyPerDay(ms, intervals, endMs);
        var (online, measured) = Availability.Intervals(links, ms[0], endMs);
        var onlinePerDay = BusyPerDay(ms, online, endMs);
        var measuredPerDay = MeasuredPerDay(ms, measured, endMs);
        var byDay = totals.ToLookup(t => int.Parse(t.Key, System.Globalization.CultureInfo.InvariantCulture));
        var days = new List<DailyReportDay>(ms.Length - 1);
        for (var i = 0; i < ms.Length - 1; i++)
        {
            var rows = byDay[i].ToList();
            var elapsed = Math.Min(ms[i + 1], now.ToUnixTimeMilliseconds()) - ms[i];
            decimal? utilization = elapsed <= 0 || chargerCount == 0
                ? null
                : Math.Round(busy[i] * 100m / (elapsed * (decimal)chargerCount), 2, MidpointRounding.AwayFromZero);
            days.Add(new DailyReportDay(range.From.AddDays(i).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                boundaries[i], boundaries[i + 1], rows.Sum(r => r.Sessions), KwhOf(rows), RevenueTotal.Of(rows), utilization,
                Availability.Percent(onlinePerDay[i], measuredPerDay[i])));
        }
        return new DailyReport(range.Zone.Id, range.FromText, range.ToText, range.ChargePointId, chargerCount, days,
            totals.Sum(t => t.Sessions), KwhOf(totals), RevenueTotal.Of(totals));
    }

    private static decimal KwhOf(IEnumerable<MoneyTotalsRow> rows) => Decimals.Trim(rows.Sum(r => r.EnergyWh ?? 0m) / 1000m);

    /// <summary>
    /// Each charger's busy time (the union of its sessions, so connectors charging at once count once) split over the days,
    /// up to <paramref name="endMs"/>.
    /// </summary>
    internal static long[] BusyPerDay(long[] boundaries, IReadOnlyList<(string ChargePointId, long StartMs, long StopMs)> intervals, long endMs)
    {
        var busy = new long[boundaries.Length - 1];
        foreach (var charger in intervals.GroupBy(i => i.ChargePointId, StringComparer.Ordinal))
        {
            long? runStart = null, runEnd = null;
            foreach (var (_, start, stop) in charger.OrderBy(i => i.StartMs))
            {
                if (runEnd is { } end && start <= end)
                {
                    runEnd = Math.Max(end, stop);
                    continue;
                }
                if (runStart is { } s && runEnd is { } e)
                    AddRun(boundaries, busy, s, e, endMs);
                (runStart, runEnd) = (start, stop);
            }
            if (runStart is { } lastStart && runEnd is { } lastEnd)
                AddRun(boundaries, busy, lastStart, lastEnd, endMs);
        }
        return busy;
    }

    /// <summary>Each charger's measured time split over the days and summed (unlike busy time, chargers add up).</summary>
    private static long[] MeasuredPerDay(long[] boundaries, IEnumerable<(string ChargePointId, long StartMs, long StopMs)> measured, long endMs)
    {
        var total = new long[boundaries.Length - 1];
        foreach (var (_, start, stop) in measured)
            AddRun(boundaries, total, start, stop, endMs);
        return total;
    }

    private static void AddRun(long[] boundaries, long[] busy, long start, long stop, long endMs)
    {
        stop = Math.Min(stop, endMs);
        for (var day = 0; day < busy.Length; day++)
        {
            var overlap = Math.Min(stop, boundaries[day + 1]) - Math.Max(start, boundaries[day]);
            if (overlap > 0)
                busy[day] += overlap;
        }
    }
}

using OcppCentral.Sessions;
using OcppCentral.Storage;

namespace OcppCentral.Admin.Reports;

/// <summary>
/// GET /api/reports/chargepoints: every registered charger and every charger with sessions, in the order <c>sort</c>
/// asked for (<see cref="ReportOrder"/>, over the figures the lines show); without an order, by id.
/// </summary>
public sealed record ChargePointsReport(DateTimeOffset? From, DateTimeOffset? To, UtilizationPeriod? UtilizationPeriod,
    IReadOnlyList<ChargePointReportLine> ChargePoints)
{
    public static ChargePointsReport Build(TimeRange range, UtilizationPeriod? period, IEnumerable<string> registered,
        IReadOnlyList<SessionTotals> totals, IReadOnlyList<FeedbackTotals> feedback, IReadOnlyList<BusyTime> busy,
        IReadOnlyList<LinkEvent> links, ReportSort? sort = null)
    {
        var totalsOf = totals.ToLookup(t => t.Key, StringComparer.Ordinal);
        var feedbackOf = feedback.ToDictionary(f => f.ChargePointId, StringComparer.Ordinal);
        var busyOf = busy.ToDictionary(b => b.ChargePointId, b => b.BusyMs, StringComparer.Ordinal);
        var (online, measured) = period is null ? ([], []) : Availability.Intervals(links, period.FromMs, period.ToMs);
        var onlineOf = online.GroupBy(i => i.ChargePointId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(i => i.StopMs - i.StartMs), StringComparer.Ordinal);
        var measuredOf = measured.ToDictionary(i => i.ChargePointId, i => i.StopMs - i.StartMs, StringComparer.Ordinal);
        var ids = registered.Concat(totalsOf.Select(g => g.Key)).Concat(busyOf.Keys).Distinct(StringComparer.Ordinal);

        var lines = ids.Select(id =>
        {
            var rows = totalsOf[id].ToList();
            var rated = feedbackOf.GetValueOrDefault(id);
            var line = new ChargePointReportLine(id, rows.Sum(r => r.Sessions), rows.Sum(r => r.ActiveSessions), EnergyKwh(rows),
                MoneyTotal.Of(rows), Ratings.Average(rated), rated?.FeedbackCount ?? 0, rows.Sum(r => r.AnomalyCount),
                period?.PercentOf(busyOf.GetValueOrDefault(id)),
                Availability.Percent(onlineOf.GetValueOrDefault(id), measuredOf.GetValueOrDefault(id)));
            return (Line: line, Figures: SortFigures.Of(id, rows, rated, busyOf.GetValueOrDefault(id)));
        });
        var sorted = ReportOrder.Sort(lines, l => l.Figures, sort ?? new ReportSort("chargePointId", false));
        return new ChargePointsReport(range.From, range.To, period, sorted.Select(l => l.Line).ToList());
    }

    /// <summary>Completed sessions' energy; the session records show energy_wh / 1000 the same way.</summary>
    internal static decimal EnergyKwh(IEnumerable<SessionTotals> rows) =>
        Decimals.Trim(rows.Sum(r => r.EnergyWh ?? 0m) / 1000m);
}

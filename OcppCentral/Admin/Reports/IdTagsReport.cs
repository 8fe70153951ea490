using OcppCentral.Storage;

namespace OcppCentral.Admin.Reports;

/// <summary>
/// GET /api/reports/idtags: every idTag that started a session in the range (idTags exactly as sent), in the order
/// <c>sort</c> asked for (<see cref="ReportOrder"/>, over the figures the lines show); without one, ordinal order.
/// </summary>
public sealed record IdTagsReport(DateTimeOffset? From, DateTimeOffset? To, IReadOnlyList<IdTagReportLine> IdTags)
{
    public static IdTagsReport Build(TimeRange range, IReadOnlyList<SessionTotals> totals, IReadOnlyList<FeedbackTotals>? feedback = null,
        ReportSort? sort = null)
    {
        var rated = (feedback ?? []).ToDictionary(f => f.ChargePointId, StringComparer.Ordinal);
        var lines = totals.GroupBy(t => t.Key, StringComparer.Ordinal).Select(g =>
        {
            var rows = g.ToList();
            var r = rated.GetValueOrDefault(g.Key);
            var line = new IdTagReportLine(g.Key, rows.Sum(x => x.Sessions), rows.Sum(x => x.ActiveSessions), ChargePointsReport.EnergyKwh(rows),
                MoneyTotal.Of(rows), Ratings.Average(r), r?.FeedbackCount ?? 0, rows.Sum(x => x.AnomalyCount));
            return (Line: line, Figures: SortFigures.Of(g.Key, rows, r, 0));
        });
        var sorted = ReportOrder.Sort(lines, l => l.Figures, sort ?? new ReportSort("idTag", false));
        return new(range.From, range.To, sorted.Select(l => l.Line).ToList());
    }
}

using OcppCentral.Storage;

namespace OcppCentral.Admin.Reports;

/// <summary>
/// GET /api/reports/idtags: every idTag that started a session in the range (idTags exactly as sent), in the order
/// <c>sort</c> asked for, which SQL decided; without one, ordinal order.
/// </summary>
public sealed record IdTagsReport(DateTimeOffset? From, DateTimeOffset? To, IReadOnlyList<IdTagReportLine> IdTags)
{
    public static IdTagsReport Build(TimeRange range, IReadOnlyList<SessionTotals> totals, IReadOnlyList<FeedbackTotals>? feedback = null,
        IReadOnlyList<string>? order = null)
    {
        var groups = totals.GroupBy(t => t.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var rated = (feedback ?? []).ToDictionary(f => f.ChargePointId, StringComparer.Ordinal);
        var ids = (order ?? []).Concat(groups.Keys.Order(StringComparer.Ordinal)).Where(groups.ContainsKey).Distinct(StringComparer.Ordinal);
        return new(range.From, range.To, ids
            .Select(id =>
            {
                var g = groups[id];
                var r = rated.GetValueOrDefault(id);
                return new IdTagReportLine(id, g.Sum(x => x.Sessions), g.Sum(x => x.ActiveSessions), ChargePointsReport.EnergyKwh(g),
                    MoneyTotal.Of(g), Ratings.Average(r), r?.FeedbackCount ?? 0, g.Sum(x => x.AnomalyCount));
            })
            .ToList());
    }
}

using OcppCentral.Storage;

namespace OcppCentral.Admin.Reports;

/// <summary>GET /api/reports/idtags: every idTag that started a session in the range, ordinal order (idTags exactly as sent).</summary>
public sealed record IdTagsReport(DateTimeOffset? From, DateTimeOffset? To, IReadOnlyList<IdTagReportLine> IdTags)
{
    public static IdTagsReport Build(TimeRange range, IReadOnlyList<SessionTotals> totals) =>
        new(range.From, range.To, totals
            .GroupBy(t => t.Key, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new IdTagReportLine(g.Key, g.Sum(r => r.Sessions), g.Sum(r => r.ActiveSessions), ChargePointsReport.EnergyKwh(g),
                MoneyTotal.Of(g)))
            .ToList());
}

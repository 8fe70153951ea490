namespace OcppCentral.Admin.Reports;

/// <summary>
/// One idTag in GET /api/reports/idtags: its sessions started in the range, the energy and cost (net and gross per
/// currency) of the completed ones, the feedback on them and their anomalies.
/// </summary>
public sealed record IdTagReportLine(string IdTag, long Sessions, long ActiveSessions, decimal EnergyKwh, IReadOnlyList<MoneyTotal> TotalCost,
    decimal? AverageRating, long FeedbackCount, long AnomalyCount);

namespace OcppCentral.Admin.Reports;

/// <summary>
/// One charger in GET /api/reports/chargepoints: sessions started in the range (activeSessions of them still running,
/// whose energy and cost are not in the totals yet), energy and revenue of the completed ones, feedback on them,
/// their anomalies, the share of the utilization period during which the charger had an Active session, and the share
/// of it the charger was online (null when it has no connection on record, docs/charger-health.md).
/// </summary>
public sealed record ChargePointReportLine(string ChargePointId, long Sessions, long ActiveSessions, decimal EnergyKwh,
    IReadOnlyList<MoneyTotal> Revenue, decimal? AverageRating, long FeedbackCount, long AnomalyCount, decimal? UtilizationPercent,
    decimal? AvailabilityPercent);

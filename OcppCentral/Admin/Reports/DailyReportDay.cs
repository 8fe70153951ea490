namespace OcppCentral.Admin.Reports;

/// <summary>
/// One local day of GET /api/reports/daily: the sessions that started in [From, To), their energy (Completed sessions),
/// revenue per currency, the share of the day's elapsed time the chargers were busy (null for a day not yet begun), and
/// the share they were online (docs/charger-health.md; null when no charger was measured that day).
/// </summary>
public sealed record DailyReportDay(string Date, DateTimeOffset From, DateTimeOffset To, long Sessions, decimal EnergyKwh,
    IReadOnlyList<RevenueTotal> Revenue, decimal? UtilizationPercent, decimal? AvailabilityPercent);

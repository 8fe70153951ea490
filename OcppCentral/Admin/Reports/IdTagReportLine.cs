namespace OcppCentral.Admin.Reports;

/// <summary>One idTag in GET /api/reports/idtags: its sessions started in the range, and the energy and cost of the completed ones.</summary>
public sealed record IdTagReportLine(string IdTag, long Sessions, long ActiveSessions, decimal EnergyKwh, IReadOnlyList<MoneyTotal> TotalCost);

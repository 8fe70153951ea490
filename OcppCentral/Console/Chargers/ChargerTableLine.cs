using OcppCentral.Admin.Reports;

namespace OcppCentral.Web.Chargers;

/// <summary>A charger's line in the chargers table: its link and its figures over the table's period.</summary>
public sealed record ChargerTableLine(string Id, bool Connected, DateTimeOffset? LastSeen, long Sessions, decimal EnergyKwh,
    IReadOnlyList<RevenueTotal> Revenue, decimal? UtilizationPercent, decimal? AverageRating, long FeedbackCount, long Anomalies);

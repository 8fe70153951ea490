namespace OcppCentral.Admin.Reports;

/// <summary>A charger among the lowest rated: its mean rating and how many ratings it rests on.</summary>
public sealed record RatedChargePoint(string ChargePointId, decimal AverageRating, long FeedbackCount);

namespace OcppCentral.Admin.Reports;

/// <summary>A charger with ratings of 1 or 2 in GET /api/reports/feedback, listed however few ratings it has.</summary>
public sealed record LowRatedChargePoint(string ChargePointId, long LowRatings, long FeedbackCount, decimal AverageRating);

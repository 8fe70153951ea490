namespace OcppCentral.Storage;

/// <summary>Feedback summed per charger, or per category and rating (the fields a query does not group by stay empty).</summary>
public sealed record FeedbackTotals
{
    public string ChargePointId { get; init; } = "";
    public string Category { get; init; } = "";
    public long Rating { get; init; }
    public long FeedbackCount { get; init; }
    public long RatingSum { get; init; }
    public long LowRatingCount { get; init; }
}

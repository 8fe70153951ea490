namespace OcppCentral.Storage;

/// <summary>A piece of feedback with the charger of its session, for lists across sessions.</summary>
public sealed class FeedbackListRow
{
    public long Id { get; init; }
    public long TransactionId { get; init; }
    public string ChargePointId { get; init; } = "";
    public long Rating { get; init; }
    public string Category { get; init; } = "";
    public string? Comment { get; init; }
    public long CreatedAt { get; init; }
}

namespace OcppCentral.Storage;

/// <summary>A row of <c>feedback</c>.</summary>
public sealed class FeedbackRow
{
    public long Id { get; init; }
    public long TransactionId { get; init; }
    public long Rating { get; init; }
    public string Category { get; init; } = "";
    public string? Comment { get; init; }
    public long CreatedAt { get; init; }
}

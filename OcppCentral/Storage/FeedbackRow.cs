namespace OcppCentral.Storage;

/// <summary>A row of <c>feedback</c>.</summary>
internal sealed class FeedbackRow
{
    public long Id { get; init; }
    public long TransactionId { get; init; }
    public long Rating { get; init; }
    public string Category { get; init; } = "";
    public string? Comment { get; init; }
    public long CreatedAt { get; init; }

    public SessionFeedback ToFeedback() => new(Id, TransactionId, (int)Rating, Category, Comment, UnixTime.FromMs(CreatedAt));
}

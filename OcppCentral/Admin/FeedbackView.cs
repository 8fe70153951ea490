namespace OcppCentral.Admin;

/// <summary>A driver's feedback on a session (SPEC 7).</summary>
public sealed record FeedbackView(long Id, long TransactionId, int Rating, string Category, string? Comment, DateTimeOffset CreatedAt);

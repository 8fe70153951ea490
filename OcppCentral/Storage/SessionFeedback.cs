namespace OcppCentral.Storage;

/// <summary>A driver's feedback on a session (docs/anomalies-and-feedback.md): a rating 1–5, a category and an optional comment.</summary>
public sealed record SessionFeedback(long Id, long TransactionId, int Rating, string Category, string? Comment, DateTimeOffset CreatedAt);

using OcppCentral.Storage;

namespace OcppCentral.Admin;

/// <summary>A driver's feedback on a session (SPEC 7).</summary>
public sealed record FeedbackView(long Id, long TransactionId, int Rating, string Category, string? Comment, DateTimeOffset CreatedAt)
{
    public static FeedbackView From(FeedbackRow row) =>
        new(row.Id, row.TransactionId, (int)row.Rating, row.Category, row.Comment, UnixTime.FromMs(row.CreatedAt));
}

using OcppCentral.Storage;

namespace OcppCentral.Admin.Feedback;

/// <summary>One piece of feedback with the session and charger it is about.</summary>
public sealed record FeedbackItem(long Id, long TransactionId, string ChargePointId, int Rating, string Category, string? Comment,
    DateTimeOffset CreatedAt)
{
    public static FeedbackItem From(FeedbackListRow row) =>
        new(row.Id, row.TransactionId, row.ChargePointId, (int)row.Rating, row.Category, row.Comment, UnixTime.FromMs(row.CreatedAt));
}

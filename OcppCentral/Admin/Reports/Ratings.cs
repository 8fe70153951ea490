using OcppCentral.Storage;

namespace OcppCentral.Admin.Reports;

/// <summary>How reports average drivers' ratings.</summary>
internal static class Ratings
{
    /// <summary>The mean rating to 2 decimals, midpoint away from zero; null without feedback.</summary>
    public static decimal? Average(long ratingSum, long count) =>
        count > 0 ? Math.Round((decimal)ratingSum / count, 2, MidpointRounding.AwayFromZero) : null;

    public static decimal? Average(FeedbackTotals? row) => row is null ? null : Average(row.RatingSum, row.FeedbackCount);
}

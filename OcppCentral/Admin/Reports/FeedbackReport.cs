using System.Globalization;
using OcppCentral.Admin.Feedback;
using OcppCentral.Storage;

namespace OcppCentral.Admin.Reports;

/// <summary>
/// GET /api/reports/feedback: the feedback on sessions started in the range, counted per category and per rating
/// (every category and rating present, 0 when none), and the lowest-rated chargers: those with at least
/// <see cref="RankingMinimum"/> ratings, by average rating ascending (more ratings first on a tie, then by id),
/// at most <see cref="LowestRatedListed"/>. Below that minimum one unhappy driver would top the list, so the ranking's
/// minimum must not hide such a charger either: <c>chargersWithLowRatings</c> lists every charger with a rating of 1 or 2,
/// however few ratings it has, most low ratings first.
/// </summary>
public sealed record FeedbackReport(DateTimeOffset? From, DateTimeOffset? To, long FeedbackCount, decimal? AverageRating,
    IReadOnlyDictionary<string, long> ByCategory, IReadOnlyDictionary<string, long> ByRating, int MinimumFeedbackToRank,
    IReadOnlyList<RatedChargePoint> LowestRatedChargers, IReadOnlyList<LowRatedChargePoint> ChargersWithLowRatings)
{
    public const int RankingMinimum = 3;
    public const int LowestRatedListed = 10;

    /// <param name="cells">Counts per category and rating.</param>
    /// <param name="perChargePoint">Counts and rating sums per charger.</param>
    public static FeedbackReport Build(TimeRange range, IReadOnlyList<FeedbackTotals> cells, IReadOnlyList<FeedbackTotals> perChargePoint)
    {
        var byCategory = FeedbackCategories.All.ToDictionary(c => c,
            c => cells.Where(x => x.Category == c).Sum(x => x.FeedbackCount), StringComparer.Ordinal);
        var byRating = Enumerable.Range(FeedbackForm.MinRating, FeedbackForm.MaxRating - FeedbackForm.MinRating + 1).ToDictionary(
            r => r.ToString(CultureInfo.InvariantCulture), r => cells.Where(x => x.Rating == r).Sum(x => x.FeedbackCount), StringComparer.Ordinal);
        var count = cells.Sum(x => x.FeedbackCount);
        var lowest = perChargePoint
            .Where(c => c.FeedbackCount >= RankingMinimum)
            .OrderBy(c => (decimal)c.RatingSum / c.FeedbackCount).ThenByDescending(c => c.FeedbackCount)
            .ThenBy(c => c.ChargePointId, StringComparer.Ordinal)
            .Take(LowestRatedListed)
            .Select(c => new RatedChargePoint(c.ChargePointId, Ratings.Average(c)!.Value, c.FeedbackCount))
            .ToList();
        var withLow = perChargePoint
            .Where(c => c.LowRatingCount > 0)
            .OrderByDescending(c => c.LowRatingCount).ThenBy(c => c.ChargePointId, StringComparer.Ordinal)
            .Select(c => new LowRatedChargePoint(c.ChargePointId, c.LowRatingCount, c.FeedbackCount, Ratings.Average(c)!.Value))
            .ToList();
        return new FeedbackReport(range.From, range.To, count, Ratings.Average(cells.Sum(x => x.RatingSum), count), byCategory, byRating,
            RankingMinimum, lowest, withLow);
    }
}

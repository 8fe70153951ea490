using System.Globalization;
using System.Text.Json;
using OcppCentral.Admin.Feedback;
using OcppCentral.Admin.Reports;

namespace OcppCentral.Web.Feedback;

/// <summary>
/// Feedback counts over time for the feedback page: per local day (or per week beyond <see cref="WeeklyBeyondDays"/>
/// days), per category and per rating, as Chart.js stacked bars and as table rows.
/// </summary>
public sealed record FeedbackTimeline(DailyRange Range, IReadOnlyList<string> Labels, IReadOnlyList<FeedbackTimeline.Bucket> Buckets)
{
    public const int WeeklyBeyondDays = 62;

    private static readonly string[] CategoryColors = ["#0b5cad", "#1a7f37", "#9a6700", "#8250df", "#cf222e", "#57606a"];
    private static readonly string[] RatingColors = ["#cf222e", "#e16f24", "#bf8700", "#4ac26b", "#1a7f37"];

    /// <summary>One bar: its label, counts by category (in <see cref="FeedbackCategories.All"/>' order) and by rating 1–5.</summary>
    public sealed record Bucket(string Label, long[] ByCategory, long[] ByRating)
    {
        public long Total => ByRating.Sum();
    }

    public bool Weekly => Range.To.DayNumber - Range.From.DayNumber > WeeklyBeyondDays;

    public static FeedbackTimeline Build(DailyRange range, IReadOnlyList<(int Day, string Category, int Rating, long Count)> rows)
    {
        var days = range.To.DayNumber - range.From.DayNumber;
        var weekly = days > WeeklyBeyondDays;
        var size = weekly ? 7 : 1;
        var count = (days + size - 1) / size;
        var buckets = Enumerable.Range(0, count).Select(i =>
        {
            var first = range.From.AddDays(i * size);
            var label = first.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            return new Bucket(weekly ? "week of " + label : label, new long[FeedbackCategories.All.Count], new long[5]);
        }).ToList();
        foreach (var (day, category, rating, n) in rows)
        {
            var bucket = buckets[day / size];
            var c = IndexOf(category);
            if (c >= 0)
                bucket.ByCategory[c] += n;
            if (rating is >= 1 and <= 5)
                bucket.ByRating[rating - 1] += n;
        }
        return new FeedbackTimeline(range, buckets.Select(b => b.Label).ToList(), buckets);
    }

    private static int IndexOf(string category)
    {
        for (var i = 0; i < FeedbackCategories.All.Count; i++)
            if (FeedbackCategories.All[i] == category)
                return i;
        return -1;
    }

    /// <summary>Stacked bars: one dataset per category.</summary>
    public string CategoryChart() => Chart(FeedbackCategories.All.Select((c, i) => (c, CategoryColors[i % CategoryColors.Length],
        Buckets.Select(b => b.ByCategory[i]))));

    /// <summary>Stacked bars: one dataset per rating, 1 (red) to 5 (green).</summary>
    public string RatingChart() => Chart(Enumerable.Range(0, 5).Select(i => ($"{i + 1} ★", RatingColors[i], Buckets.Select(b => b.ByRating[i]))));

    private string Chart(IEnumerable<(string Label, string Color, IEnumerable<long> Data)> series) =>
        JsonSerializer.Serialize(new
        {
            type = "bar",
            stacked = true,
            labels = Labels,
            datasets = series.Select(s => new { label = s.Label, data = s.Data, backgroundColor = s.Color }),
        });
}

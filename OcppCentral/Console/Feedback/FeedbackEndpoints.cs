using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using OcppCentral.Admin;
using OcppCentral.Admin.Feedback;
using OcppCentral.Admin.Reports;
using OcppCentral.Storage;

namespace OcppCentral.Web.Feedback;

/// <summary>
/// /feedback: counts by category and rating, the same over time, chargers with low ratings, the comments with links,
/// filtered and paged.
/// </summary>
public static class FeedbackEndpoints
{
    public const int PageSize = 50;

    public static RouteGroupBuilder MapFeedbackPages(this RouteGroupBuilder console)
    {
        console.MapGet("/feedback", ListAsync);
        return console;
    }

    private static async Task<RazorComponentResult> ListAsync(HttpRequest request, FeedbackQuery query, ConsoleZone zones, TimeProvider time,
        CancellationToken ct)
    {
        var q = request.Query;
        var zone = await zones.GetAsync(ct);
        var days = new DailyRange(zone, DateOnly.MinValue, DateOnly.MinValue, null);
        string? Date(string name) => DailyRange.TryDate(q[name]) is not null ? q[name].ToString() : null;
        string? Instant(string? date, int plus) => date is null ? null
            : days.StartOf(DateOnly.ParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture).AddDays(plus)).ToString("O", CultureInfo.InvariantCulture);
        int? Rating(string name) => int.TryParse(q[name], NumberStyles.None, CultureInfo.InvariantCulture, out var r) && r is >= 1 and <= 5 ? r : null;
        var page = int.TryParse(q["page"], NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p > 0 ? p : 1;
        var category = FeedbackCategories.All.FirstOrDefault(c => c == q["category"]);
        var chargePointId = string.IsNullOrWhiteSpace(q["chargePointId"]) ? null : q["chargePointId"].ToString().Trim();
        var (from, to) = (Date("from"), Date("to"));
        var (filter, _) = FeedbackListApi.Check(Instant(from, 0), Instant(to, 1), Rating("rating"), Rating("maxRating"), category, chargePointId,
            PageSize, (page - 1) * PageSize);
        var (rows, total) = await query.ListAsync(filter!, ct);
        // Over time: the asked dates (until inclusive), else the 30 days up to today; per week beyond 62 days, at most 366.
        var (range, _) = DailyRange.Parse(from, to is null ? null : DateOnly.ParseExact(to, "yyyy-MM-dd", CultureInfo.InvariantCulture).AddDays(1)
            .ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), zone.Id, null, time.GetUtcNow());
        var timeline = range is null ? null : FeedbackTimeline.Build(range,
            await query.CountsByDayAsync(filter!, range.Boundaries().Select(b => b.ToUnixTimeMilliseconds()).ToList(), ct));
        return new RazorComponentResult<FeedbackPage>(new
        {
            Rows = rows, Total = total, Page = page, Zone = zone, Timeline = timeline,
            Counts = await query.CountsAsync(filter!, ct),
            LowByCharger = await query.LowRatingsByChargerAsync(filter!, 2, ct),
            Filters = new FeedbackFilters(from, to, Rating("rating"), Rating("maxRating"), category, chargePointId),
        });
    }
}

/// <summary>The feedback page's filters as they were asked for, to fill the form and build links.</summary>
public sealed record FeedbackFilters(string? From, string? To, int? Rating, int? MaxRating, string? Category, string? ChargePointId)
{
    public string Link(int page) => OcppCentral.Web.Shared.QueryText.Of("/feedback", ("from", From), ("to", To),
        ("rating", Rating?.ToString(CultureInfo.InvariantCulture)), ("maxRating", MaxRating?.ToString(CultureInfo.InvariantCulture)),
        ("category", Category), ("chargePointId", ChargePointId), ("page", page > 1 ? page.ToString(CultureInfo.InvariantCulture) : null));
}

using Microsoft.AspNetCore.Http.HttpResults;
using OcppCentral.Storage;

namespace OcppCentral.Admin.Feedback;

/// <summary>
/// GET /api/feedback (docs/admin-api.md): drivers' feedback across sessions, newest first, filtered by when it was
/// given [from, to), rating, category and charger, paged with limit and offset; the total says how many match.
/// </summary>
public static class FeedbackListApi
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 1000;

    public static RouteGroupBuilder MapFeedbackListApi(this RouteGroupBuilder api)
    {
        api.MapGet("/feedback", ListAsync).WithName("ListFeedback")
            .WithSummary("Drivers' feedback across sessions, filtered and paged").ProducesProblem(StatusCodes.Status400BadRequest);
        return api;
    }

    private static async Task<Results<Ok<FeedbackPage>, ProblemHttpResult>> ListAsync(string? from, string? to, int? rating, int? maxRating,
        string? category, string? chargePointId, int? limit, int? offset, FeedbackQuery query, CancellationToken ct)
    {
        var (filter, errors) = Check(from, to, rating, maxRating, category, chargePointId, limit, offset);
        if (filter is null)
            return Problems.Invalid(errors);
        var (rows, total) = await query.ListAsync(filter, ct);
        return TypedResults.Ok(new FeedbackPage(total, filter.Limit, filter.Offset, rows.Select(FeedbackItem.From).ToList()));
    }

    /// <summary>The filter, or every problem under the parameter it concerns. <c>rating</c> is exact; <c>maxRating</c> an upper bound.</summary>
    public static (FeedbackFilter? Filter, Dictionary<string, string[]> Errors) Check(string? from, string? to, int? rating, int? maxRating,
        string? category, string? chargePointId, int? limit, int? offset)
    {
        var errors = new Dictionary<string, string[]>();
        var (range, field, problem) = TimeRange.Parse(from, to);
        if (range is null)
            errors[field!] = [problem!];
        if (rating is < 1 or > 5)
            errors["rating"] = ["rating is from 1 to 5."];
        if (maxRating is < 1 or > 5)
            errors["maxRating"] = ["maxRating is from 1 to 5."];
        string? knownCategory = null;
        if (!string.IsNullOrEmpty(category))
        {
            knownCategory = FeedbackCategories.All.FirstOrDefault(c => string.Equals(c, category, StringComparison.OrdinalIgnoreCase));
            if (knownCategory is null)
                errors["category"] = [$"'{category}' is not a category; the categories are {string.Join(", ", FeedbackCategories.All)}."];
        }
        if (limit is < 1 or > MaxLimit)
            errors["limit"] = [$"limit is between 1 and {MaxLimit}."];
        if (offset is < 0)
            errors["offset"] = ["offset is 0 or more."];
        if (errors.Count > 0)
            return (null, errors);
        return (new FeedbackFilter(range!.From?.ToUnixTimeMilliseconds(), range.To?.ToUnixTimeMilliseconds(), rating, rating ?? maxRating, knownCategory,
            string.IsNullOrEmpty(chargePointId) ? null : chargePointId, limit ?? DefaultLimit, offset ?? 0), errors);
    }
}

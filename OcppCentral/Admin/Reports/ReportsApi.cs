using Microsoft.AspNetCore.Http.HttpResults;
using OcppCentral.Storage;

namespace OcppCentral.Admin.Reports;

/// <summary>
/// /api/reports (docs/admin-api.md): per charger, feedback, per idTag, over the sessions started in [from, to). Each is a few
/// GROUP BY queries in SQLite (<see cref="ReportQueries"/>, <see cref="UtilizationQuery"/>), never the sessions themselves.
/// </summary>
public static class ReportsApi
{
    public static RouteGroupBuilder MapReportsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/reports/chargepoints", ChargePointsAsync).WithName("GetChargePointsReport")
            .WithSummary("Totals, feedback and utilization per charger").ProducesProblem(StatusCodes.Status400BadRequest);
        api.MapGet("/reports/feedback", FeedbackAsync).WithName("GetFeedbackReport")
            .WithSummary("Feedback by category and rating, and per charger").ProducesProblem(StatusCodes.Status400BadRequest);
        api.MapGet("/reports/idtags", IdTagsAsync).WithName("GetIdTagsReport")
            .WithSummary("Totals per idTag").ProducesProblem(StatusCodes.Status400BadRequest);
        api.MapGet("/reports/corrections", CorrectionsAsync).WithName("GetCorrectionsReport")
            .WithSummary("What corrections changed, per currency and kind").ProducesProblem(StatusCodes.Status400BadRequest);
        return api;
    }

    private static async Task<Results<Ok<ChargePointsReport>, ProblemHttpResult>> ChargePointsAsync(string? from, string? to,
        string? sort, string? dir, ReportQueries reports, UtilizationQuery utilization, ChargerEventStore events, TimeProvider time, CancellationToken ct)
    {
        var (range, field, problem) = TimeRange.Parse(from, to);
        if (range is null)
            return Problems.Invalid(field!, problem!);
        var (order, sortField, sortProblem) = ReportSort.Parse(sort, dir, ReportSort.ChargePointKeys, "chargePointId");
        if (order is null)
            return Problems.Invalid(sortField!, sortProblem!);
        var now = time.GetUtcNow();
        var period = UtilizationPeriod.Of(range, range.From is null ? await reports.EarliestStartAsync(ct) : null, now);
        var busy = period is null ? [] : await utilization.BusyTimeAsync(period.FromMs, period.ToMs, now.ToUnixTimeMilliseconds(), ct);
        var links = period is null ? [] : await events.LinkEventsAsync(period.FromMs, period.ToMs, null, ct);
        return TypedResults.Ok(ChargePointsReport.Build(range, period, await reports.ChargePointIdsAsync(ct),
            await reports.TotalsByChargePointAsync(range.From, range.To, ct),
            await reports.FeedbackByChargePointAsync(range.From, range.To, ct), busy, links, order));
    }

    private static async Task<Results<Ok<FeedbackReport>, ProblemHttpResult>> FeedbackAsync(string? from, string? to, ReportQueries reports,
        CancellationToken ct)
    {
        var (range, field, problem) = TimeRange.Parse(from, to);
        if (range is null)
            return Problems.Invalid(field!, problem!);
        return TypedResults.Ok(FeedbackReport.Build(range, await reports.FeedbackByCategoryAndRatingAsync(range.From, range.To, ct),
            await reports.FeedbackByChargePointAsync(range.From, range.To, ct)));
    }

    private static async Task<Results<Ok<IdTagsReport>, ProblemHttpResult>> IdTagsAsync(string? from, string? to, string? sort,
        string? dir, ReportQueries reports, CancellationToken ct)
    {
        var (range, field, problem) = TimeRange.Parse(from, to);
        if (range is null)
            return Problems.Invalid(field!, problem!);
        var (order, sortField, sortProblem) = ReportSort.Parse(sort, dir, ReportSort.IdTagKeys, "idTag");
        if (order is null)
            return Problems.Invalid(sortField!, sortProblem!);
        return TypedResults.Ok(IdTagsReport.Build(range, await reports.TotalsByIdTagAsync(range.From, range.To, ct),
            await reports.FeedbackByIdTagAsync(range.From, range.To, ct), order));
    }

    /// <summary>Corrections made in [from, to) (on when they were made, not when the sessions started).</summary>
    private static async Task<Results<Ok<CorrectionsReport>, ProblemHttpResult>> CorrectionsAsync(string? from, string? to,
        SessionVersionStore versions, CancellationToken ct)
    {
        var (range, field, problem) = TimeRange.Parse(from, to);
        if (range is null)
            return Problems.Invalid(field!, problem!);
        return TypedResults.Ok(CorrectionsReport.Build(range, await versions.TotalsAsync(range.From, range.To, ct)));
    }
}

using Microsoft.AspNetCore.Http.HttpResults;
using OcppCentral.Storage;

namespace OcppCentral.Admin.Reports;

/// <summary>
/// GET /api/reports/daily?from=&amp;to=&amp;zone=&amp;chargePointId= (docs/admin-api.md): one row per local day with
/// sessions, energy, revenue net and gross per currency, and utilization; for the whole network or one charger.
/// </summary>
public static class DailyReportApi
{
    public static RouteGroupBuilder MapDailyReportApi(this RouteGroupBuilder api)
    {
        api.MapGet("/reports/daily", GetAsync).WithName("GetDailyReport")
            .WithSummary("One row per local day: sessions, energy, revenue and utilization").ProducesProblem(StatusCodes.Status400BadRequest);
        return api;
    }

    private static async Task<Results<Ok<DailyReport>, ProblemHttpResult>> GetAsync(string? from, string? to, string? zone, string? chargePointId,
        DailyReportQuery query, TimeProvider time, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var (range, errors) = DailyRange.Parse(from, to, zone, chargePointId, now);
        return range is null ? Problems.Invalid(errors) : TypedResults.Ok(await BuildAsync(range, query, now, ct));
    }

    /// <summary>The report for a checked range; the console's reports page draws the same.</summary>
    public static async Task<DailyReport> BuildAsync(DailyRange range, DailyReportQuery query, DateTimeOffset now, CancellationToken ct)
    {
        var boundaries = range.Boundaries();
        var fromMs = boundaries[0].ToUnixTimeMilliseconds();
        var toMs = boundaries[^1].ToUnixTimeMilliseconds();
        var nowMs = now.ToUnixTimeMilliseconds();
        var totals = await query.TotalsAsync(boundaries.Select(b => b.ToUnixTimeMilliseconds()).ToList(), range.ChargePointId, ct);
        var intervals = await query.IntervalsAsync(fromMs, toMs, nowMs, range.ChargePointId, ct);
        var chargers = range.ChargePointId is null ? await query.ChargerCountAsync(fromMs, toMs, nowMs, ct) : 1;
        return DailyReport.Build(range, boundaries, totals, intervals, chargers, now);
    }
}

using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using OcppCentral.Admin.Reports;
using OcppCentral.Storage;

namespace OcppCentral.Web.Reports;

/// <summary>/reports: the daily series of GET /api/reports/daily as charts and a table, and the same rows as CSV.</summary>
public static class ReportsEndpoints
{
    public static RouteGroupBuilder MapReportsPages(this RouteGroupBuilder console)
    {
        console.MapGet("/reports", PageAsync);
        console.MapGet("/reports/daily.csv", CsvAsync);
        return console;
    }

    private static async Task<IResult> PageAsync(string? from, string? to, string? chargePointId, DailyReportQuery query, ConsoleZone zones,
        ReportQueries reports, TimeProvider time, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var zone = await zones.GetAsync(ct);
        var (range, errors) = DailyRange.Parse(from, to, zone.Id, chargePointId, now);
        var report = range is null ? null : await DailyReportApi.BuildAsync(range, query, now, ct);
        var chargers = (await reports.ChargePointIdsAsync(ct)).Order(StringComparer.Ordinal).ToList();
        return new RazorComponentResult<ReportsPage>(new { Report = report, Errors = errors, From = from, To = to, ChargePointId = chargePointId, ChargerIds = chargers })
        {
            StatusCode = range is null ? StatusCodes.Status400BadRequest : StatusCodes.Status200OK,
        };
    }

    private static async Task<IResult> CsvAsync(string? from, string? to, string? chargePointId, DailyReportQuery query, ConsoleZone zones,
        TimeProvider time, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var (range, errors) = DailyRange.Parse(from, to, (await zones.GetAsync(ct)).Id, chargePointId, now);
        if (range is null)
            return Results.Text(string.Join(" ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")), statusCode: StatusCodes.Status400BadRequest);
        var report = await DailyReportApi.BuildAsync(range, query, now, ct);
        return Results.File(Encoding.UTF8.GetBytes(Csv(report)), "text/csv; charset=utf-8", $"daily-{report.From}-{report.To}.csv");
    }

    /// <summary>One line per day and currency (a day without revenue has one line with empty money columns); invariant digits.</summary>
    public static string Csv(DailyReport report)
    {
        var csv = new StringBuilder("date,sessions,energyKwh,currency,revenueNet,revenueGross,utilizationPercent\n");
        static string N(decimal? d) => d?.ToString(CultureInfo.InvariantCulture) ?? "";
        foreach (var day in report.Days)
        {
            List<RevenueTotal?> revenue = day.Revenue.Count == 0 ? [null] : day.Revenue.Cast<RevenueTotal?>().ToList();
            foreach (var r in revenue)
                csv.Append(CultureInfo.InvariantCulture,
                    $"{day.Date},{day.Sessions},{N(day.EnergyKwh)},{r?.Currency},{N(r?.Net)},{N(r?.Gross)},{N(day.UtilizationPercent)}\n");
        }
        return csv.ToString();
    }
}

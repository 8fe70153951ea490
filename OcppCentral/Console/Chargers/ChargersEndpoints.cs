using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using OcppCentral.Admin;
using OcppCentral.Admin.Commands;
using OcppCentral.Admin.Feedback;
using OcppCentral.Admin.Reports;
using OcppCentral.Protocol;
using OcppCentral.Storage;
using OcppCentral.Transport;
using OcppCentral.Web.Overview;

namespace OcppCentral.Web.Chargers;

/// <summary>/chargers (the table), /chargers/{id} (one charger) and its command and tariff forms.</summary>
public static class ChargersEndpoints
{
    public const int PeriodDays = 30;

    public static RouteGroupBuilder MapChargersPages(this RouteGroupBuilder console)
    {
        console.MapGet("/chargers", ListAsync);
        console.MapGet("/chargers/{id}", GetAsync);
        console.MapPost("/chargers/{id}/commands/{action}", CommandAsync);
        console.MapPost("/chargers/{id}/tariff", AssignTariffAsync);
        return console;
    }

    private static async Task<RazorComponentResult> ListAsync(string? sort, string? dir, HttpContext http, ConsoleQueries queries,
        ReportQueries reports, UtilizationQuery utilization, TimeProvider time, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var from = now.AddDays(-PeriodDays);
        var (fromMs, nowMs) = (from.ToUnixTimeMilliseconds(), now.ToUnixTimeMilliseconds());
        var totals = (await queries.TotalsAsync(fromMs, nowMs + 1, true, ct)).ToLookup(t => t.Key, StringComparer.Ordinal);
        var feedback = (await reports.FeedbackByChargePointAsync(from, now.AddMilliseconds(1), ct)).ToDictionary(f => f.ChargePointId, StringComparer.Ordinal);
        var busy = (await utilization.BusyTimeAsync(fromMs, nowMs, nowMs, ct)).ToDictionary(b => b.ChargePointId, b => b.BusyMs, StringComparer.Ordinal);
        var period = new UtilizationPeriod(from, now);
        var lines = (await ChargerLine.LoadAsync(http.RequestServices, ct)).Select(c =>
        {
            var rows = totals[c.Id].ToList();
            var rated = feedback.GetValueOrDefault(c.Id);
            var line = new ChargerTableLine(c.Id, c.Connected, c.LastSeen, rows.Sum(r => r.Sessions), rows.Sum(r => r.EnergyWh ?? 0m) / 1000m,
                RevenueTotal.Of(rows), period.PercentOf(busy.GetValueOrDefault(c.Id)), Ratings.Average(rated), rated?.FeedbackCount ?? 0,
                rows.Sum(r => r.AnomalyCount));
            return (Line: line, Figures: new SortFigures(c.Id, line.Sessions, rows.Sum(r => r.TotalMinor ?? 0), rows.Sum(r => r.EnergyWh ?? 0m),
                busy.GetValueOrDefault(c.Id), rated?.RatingSum ?? 0, rated?.FeedbackCount ?? 0, line.Anomalies));
        });
        // Ordered as GET /api/reports/chargepoints?sort= orders its lines (docs/admin-api.md), over the figures shown.
        sort = sort is "revenue" or "energy" or "utilization" or "rating" or "anomalies" or "sessions" ? sort : "id";
        var descending = sort == "id" ? dir == "desc" : dir != "asc";
        var sorted = ReportOrder.Sort(lines, l => l.Figures, new ReportSort(sort == "id" ? "chargePointId" : sort, descending))
            .Select(l => l.Line).ToList();
        return new RazorComponentResult<ChargersPage>(new { Lines = sorted, Sort = sort, Descending = descending, Now = now });
    }

    private static async Task<IResult> GetAsync(string id, long? command, HttpContext http, ChargePointStore store, ConsoleQueries queries,
        FeedbackQuery feedback, CommandStore commands, TariffStore tariffs, ConsoleZone zones, DailyReportQuery daily, TimeProvider time,
        CancellationToken ct)
    {
        if (await store.FindAsync(id, ct) is not { } charger)
            return Results.Text($"There is no charger '{id}'.", statusCode: StatusCodes.Status404NotFound);
        var line = (await ChargerLine.LoadAsync(http.RequestServices, ct)).First(c => c.Id == id);
        var (sessions, sessionCount) = await queries.ChargerSessionsAsync(id, 20, ct);
        var active = (await queries.SessionsAsync(new ConsoleSessionFilter(id, null, StoredSession.Active, null, null, false, false, "start", true, 50, 0), ct)).Rows;
        var (ratings, _) = await feedback.ListAsync(new FeedbackFilter(null, null, null, null, null, id, 20, 0), ct);
        // Daily charts: the figures of GET /api/reports/daily?chargePointId= over the 30 days up to today, in the console's zone.
        var zone = await zones.GetAsync(ct);
        var now = time.GetUtcNow();
        var (days, _) = DailyRange.Parse(null, null, zone.Id, id, now);
        return new RazorComponentResult<ChargerPage>(new
        {
            Charger = charger, Line = line, Sessions = sessions, SessionCount = sessionCount, Active = active, Feedback = ratings,
            Commands = await commands.ListAsync(id, 20, ct), Tariffs = await tariffs.ListAsync(ct), Zone = zone,
            HighlightCommand = command, Daily = days is null ? null : await DailyReportApi.BuildAsync(days, daily, now, ct),
        });
    }

    /// <summary>
    /// A command from the console goes the admin API's way: the payload is checked against its schema, then
    /// <see cref="CommandSender"/> sends it and records it in the command log with its outcome.
    /// </summary>
    private static async Task<IResult> CommandAsync(string id, string action, HttpRequest request, OcppRouter router, CommandSender sender,
        CancellationToken ct)
    {
        var form = await request.ReadFormAsync(ct);
        if (!ChargerCommands.Offered.Contains(action))
            return Results.Text($"'{action}' is not a command the console sends.", statusCode: StatusCodes.Status400BadRequest);
        var (payload, problem) = ChargerCommands.Payload(action, form);
        if (payload is not null && router.Schemas.ValidateRequest(action, payload) is { } violation)
            (payload, problem) = (null, $"{violation.ErrorCode}: {violation.Description}");
        if (payload is null)
            return new RazorComponentResult<CommandProblemPage>(new { ChargePointId = id, Action = action, Problem = problem! })
                { StatusCode = StatusCodes.Status400BadRequest };
        if (ChargerCommands.NeedConfirmation.Contains(action) && form["confirm"] != "yes")
            return new RazorComponentResult<ConfirmCommandPage>(new
            {
                ChargePointId = id, Action = action, Payload = payload.ToString(Newtonsoft.Json.Formatting.None),
                Fields = form.Where(f => f.Key is not "__csrf" and not "confirm").ToDictionary(f => f.Key, f => f.Value.ToString()),
            });
        var (commandId, _) = await sender.SendAsync(id, action, payload);
        return Results.Redirect($"/chargers/{Uri.EscapeDataString(id)}?command={commandId.ToString(CultureInfo.InvariantCulture)}#commands");
    }

    /// <summary>Assigns a tariff the way PUT /api/chargepoints/{id} does ("" for none).</summary>
    private static async Task<IResult> AssignTariffAsync(string id, HttpRequest request, ChargePointStore store, TimeProvider time,
        ILogger<ChargePointStore> logger, CancellationToken ct)
    {
        var form = await request.ReadFormAsync(ct);
        var tariffId = form["tariffId"].ToString();
        var saved = await store.UpsertAsync(id, null, tariffId.Length == 0 ? null : tariffId, clearTariff: tariffId.Length == 0,
            time.GetUtcNow(), ct);
        if (saved is null)
            return Results.Text($"There is no tariff '{tariffId}'.", statusCode: StatusCodes.Status400BadRequest);
        logger.LogInformation("Charge point {ChargePointId} assigned tariff {TariffId} from the console", id, tariffId.Length == 0 ? "(none)" : tariffId);
        return Results.Redirect($"/chargers/{Uri.EscapeDataString(id)}");
    }
}

using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using OcppCentral.Admin;
using OcppCentral.Admin.Tariffs;
using OcppCentral.Admin.Reports;
using OcppCentral.Pricing;
using OcppCentral.Storage;

namespace OcppCentral.Web.Tariffs;

/// <summary>/tariffs: the list, create and edit (validated like PUT /api/tariffs/{id}), and the price what-if.</summary>
public static class TariffsEndpoints
{
    public const int WhatIfDefaultDays = 30;

    public static RouteGroupBuilder MapTariffsPages(this RouteGroupBuilder console)
    {
        console.MapGet("/tariffs", ListAsync);
        console.MapGet("/tariffs/new", () => Edit(new TariffForm(), new Dictionary<string, string[]>(), isNew: true));
        console.MapGet("/tariffs/{id}/edit", EditAsync);
        console.MapPost("/tariffs/save", SaveAsync);
        console.MapGet("/tariffs/what-if", WhatIfFormAsync);
        console.MapPost("/tariffs/what-if", WhatIfAsync);
        return console;
    }

    private static async Task<RazorComponentResult> ListAsync(string? saved, TariffStore tariffs, ChargePointStore chargers, CancellationToken ct)
    {
        var assigned = (await chargers.ListAsync(ct)).Where(c => c.TariffId is not null)
            .GroupBy(c => c.TariffId!).ToDictionary(g => g.Key, g => g.Select(c => c.Id).ToArray());
        return new RazorComponentResult<TariffsPage>(new { Tariffs = await tariffs.ListAsync(ct), Assigned = assigned, Saved = saved });
    }

    private static async Task<IResult> EditAsync(string id, TariffStore tariffs, CancellationToken ct) =>
        await tariffs.FindAsync(id, ct) is { } tariff
            ? Edit(TariffForm.From(tariff), new Dictionary<string, string[]>(), isNew: false)
            : Results.Text($"There is no tariff '{id}'.", statusCode: StatusCodes.Status404NotFound);

    private static RazorComponentResult Edit(TariffForm form, IReadOnlyDictionary<string, string[]> errors, bool isNew) =>
        new RazorComponentResult<TariffEditPage>(new { Form = form, Errors = errors, IsNew = isNew })
        {
            StatusCode = errors.Count == 0 ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest,
        };

    /// <summary>Who tariff versions saved from the console name as their author (docs/corrections.md).</summary>
    public const string ConsoleActor = "console";

    /// <summary>Saved as the admin API saves (the same validation, store and log line); refused with every error beside its field.</summary>
    private static async Task<IResult> SaveAsync(HttpRequest request, TariffStore store, TimeProvider time, ILogger<TariffStore> logger,
        CancellationToken ct)
    {
        var posted = await request.ReadFormAsync(ct);
        var isNew = posted["isNew"] == "1";
        var form = TariffForm.Read(posted);
        var (document, numberErrors) = form.ToDocument();
        var errors = numberErrors.ToDictionary(e => e.Key, e => new[] { e.Value });
        if (document.Id is not { Length: > 0 and <= 64 } id)
            errors["id"] = ["An id of 1 to 64 characters is required."];
        else if (isNew && await store.FindAsync(id, ct) is not null)
            errors["id"] = [$"A tariff '{id}' exists already; edit it or choose another id."];
        var validation = Tariff.Validate(document with { Id = document.Id ?? "new" });
        foreach (var group in validation.Errors.Where(e => !errors.ContainsKey(e.Field)).GroupBy(e => e.Field))
            errors[group.Key] = group.Select(e => e.Message).ToArray();
        if (errors.Count > 0 || validation.Tariff is not { } tariff)
            return Edit(form, errors, isNew);
        await store.SaveAsync(tariff, ConsoleActor, time.GetUtcNow(), audit: null, ct);
        logger.LogInformation("Tariff {TariffId} saved; sessions that already started keep the tariff they were pinned to", tariff.Id);
        return Results.Redirect("/tariffs?saved=" + Uri.EscapeDataString(tariff.Id));
    }

    private static async Task<RazorComponentResult> WhatIfFormAsync(string? @base, TariffStore tariffs, ConsoleZone zones, TimeProvider time,
        CancellationToken ct)
    {
        var tariff = await tariffs.FindAsync(@base ?? TariffStore.DefaultTariffId, ct);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), await zones.GetAsync(ct)).DateTime);
        return WhatIf(tariff is null ? new TariffForm() : TariffForm.From(tariff), new Dictionary<string, string[]>(),
            Date(today.AddDays(-WhatIfDefaultDays)), Date(today), null, null);
    }

    private static async Task<RazorComponentResult> WhatIfAsync(HttpRequest request, ClosedSessionStore sessions, ConsoleZone zones, CancellationToken ct)
    {
        var posted = await request.ReadFormAsync(ct);
        var form = TariffForm.Read(posted);
        var (from, to, chargePointId) = (posted["from"].ToString().Trim(), posted["to"].ToString().Trim(), posted["chargePointId"].ToString().Trim());
        var (document, numberErrors) = form.ToDocument();
        var errors = numberErrors.ToDictionary(e => e.Key, e => new[] { e.Value });

        var days = new DailyRange(await zones.GetAsync(ct), DateOnly.MinValue, DateOnly.MinValue, null);
        string? Instant(string field, string text, int plusDays)
        {
            if (DailyRange.TryDate(text) is { } day)
                return days.StartOf(day.AddDays(plusDays)).ToString("O", CultureInfo.InvariantCulture);
            errors[field] = [$"'{(text.Length <= 40 ? text : text[..40] + "…")}' is not a date (yyyy-MM-dd) from {DailyRange.MinDate:yyyy-MM-dd} to {DailyRange.MaxDate:yyyy-MM-dd}."];
            return null;
        }
        var request2 = new TariffSimulationRequest
        {
            Tariff = document, From = Instant("from", from, 0), To = Instant("to", to, 1),
            ChargePointId = chargePointId.Length == 0 ? null : chargePointId,
        };
        if (errors.Count > 0)
            return WhatIf(form, errors, from, to, chargePointId, null);
        var (query, problems) = TariffSimulationQuery.Check(request2);
        if (query is null)
        {
            // The what-if names candidate fields "tariff.x"; the form's inputs are named "x".
            foreach (var (field, messages) in problems)
                errors[field.StartsWith("tariff.", StringComparison.Ordinal) ? field["tariff.".Length..] : field == "tariff" ? "$" : field] = messages;
            return WhatIf(form, errors, from, to, chargePointId, null);
        }
        return WhatIf(form, errors, from, to, chargePointId, await TariffSimulation.RunAsync(sessions.ReadAsync(query.Filter, ct), query, ct));
    }

    private static RazorComponentResult WhatIf(TariffForm form, IReadOnlyDictionary<string, string[]> errors, string from, string to,
        string? chargePointId, TariffSimulationResult? result) =>
        new RazorComponentResult<WhatIfPage>(new { Form = form, Errors = errors, From = from, To = to, ChargePointId = chargePointId, Result = result })
        {
            StatusCode = errors.Count == 0 ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest,
        };

    private static string Date(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

using Microsoft.AspNetCore.Http.HttpResults;
using OcppCentral.Storage;

namespace OcppCentral.Admin.ChargePoints;

/// <summary>
/// GET /api/chargepoints/{id}/events (docs/charger-health.md): the charger's history in [from, to) by when the server
/// saw each event, newest first, paged. A charger that is not registered but has refused handshakes on record is shown
/// too: that is how an operator finds a charger knocking with the wrong id.
/// </summary>
public static class ChargerEventsApi
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    public static RouteGroupBuilder MapChargerEventsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/chargepoints/{id}/events", ListAsync).WithName("ListChargerEvents")
            .WithSummary("A charger's history of connections, refusals, boots and status changes, newest first")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<Results<Ok<ChargerEventsPage>, ProblemHttpResult>> ListAsync(string id, string? from, string? to, int? limit,
        int? offset, ChargerEventStore events, ChargePointStore chargers, CancellationToken ct)
    {
        var (range, field, problem) = TimeRange.Parse(from, to);
        if (range is null)
            return Problems.Invalid(field!, problem!);
        if (Paging.Check(limit, offset, MaxLimit) is { } paging)
            return paging;
        if (await chargers.FindAsync(id, ct) is null && !await events.AnyAsync(id, ct))
            return Problems.NotFound($"Charge point '{id}' is not registered and has no events.");
        var (items, total) = await events.ListAsync(id, UnixTime.ToMs(range.From), UnixTime.ToMs(range.To), limit ?? DefaultLimit, offset ?? 0, ct);
        return TypedResults.Ok(new ChargerEventsPage(total, limit ?? DefaultLimit, offset ?? 0, items));
    }
}

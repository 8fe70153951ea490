using Microsoft.AspNetCore.Http.HttpResults;
using OcppCentral.Storage;

namespace OcppCentral.Admin.ChargePoints;

/// <summary>
/// GET /api/chargepoints/{id}/messages (docs/charger-health.md): the charger's OCPP message log in [from, to) by when the
/// server received or sent each frame, newest first, paged. A charger that is no longer registered is still answered
/// while its frames are kept.
/// </summary>
public static class ChargerMessagesApi
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    public static RouteGroupBuilder MapChargerMessagesApi(this RouteGroupBuilder api)
    {
        api.MapGet("/chargepoints/{id}/messages", ListAsync).WithName("ListChargerMessages")
            .WithSummary("A charger's OCPP message log: every frame in and out while its log is on, secrets redacted, newest first")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<Results<Ok<ChargerMessagesPage>, ProblemHttpResult>> ListAsync(string id, string? from, string? to, int? limit,
        int? offset, MessageLogStore messages, ChargePointStore chargers, CancellationToken ct)
    {
        var (range, field, problem) = TimeRange.Parse(from, to);
        if (range is null)
            return Problems.Invalid(field!, problem!);
        if (Paging.Check(limit, offset, MaxLimit) is { } paging)
            return paging;
        if (await chargers.FindAsync(id, ct) is null && !await messages.AnyAsync(id, ct))
            return Problems.NotFound($"Charge point '{id}' is not registered and has no logged messages.");
        var (items, total) = await messages.ListAsync(id, UnixTime.ToMs(range.From), UnixTime.ToMs(range.To), limit ?? DefaultLimit, offset ?? 0, ct);
        return TypedResults.Ok(new ChargerMessagesPage(total, limit ?? DefaultLimit, offset ?? 0, items));
    }
}

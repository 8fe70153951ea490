using Microsoft.AspNetCore.Http.HttpResults;
using OcppCentral.Storage;

namespace OcppCentral.Admin.Audit;

/// <summary>GET /api/audit?from=&amp;to=&amp;actor=&amp;limit=&amp;offset= (docs/corrections.md): the changes operators made, oldest first.</summary>
public static class AuditApi
{
    public const int DefaultLimit = 1000;
    public const int MaxLimit = 10_000;

    public static RouteGroupBuilder MapAuditApi(this RouteGroupBuilder api)
    {
        api.MapGet("/audit", ListAsync).WithName("ListAudit")
            .WithSummary("Changes operators made in [from, to), oldest first").ProducesProblem(StatusCodes.Status400BadRequest);
        return api;
    }

    private static async Task<Results<Ok<IReadOnlyList<AuditEntry>>, ProblemHttpResult>> ListAsync(AuditStore audit, string? from, string? to,
        string? actor, int? limit, int? offset, CancellationToken ct)
    {
        if (Paging.Check(limit, offset, MaxLimit) is { } paging)
            return paging;
        var (range, field, problem) = TimeRange.Parse(from, to);
        if (range is null)
            return Problems.Invalid(field!, problem!);
        return TypedResults.Ok(await audit.ListAsync(range.From, range.To, string.IsNullOrEmpty(actor) ? null : actor, limit ?? DefaultLimit,
            offset ?? 0, ct));
    }
}

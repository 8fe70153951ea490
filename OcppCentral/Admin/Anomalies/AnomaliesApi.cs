using Microsoft.AspNetCore.Http.HttpResults;
using OcppCentral.Storage;

namespace OcppCentral.Admin.Anomalies;

/// <summary>
/// GET /api/anomalies?from=&amp;to=&amp;chargePointId= (docs/anomalies-and-feedback.md, 8): sessions with anomalies, filtered on their startTime,
/// and orphan messages, filtered on when they arrived; from inclusive, to exclusive; newest first.
/// </summary>
public static class AnomaliesApi
{
    public static RouteGroupBuilder MapAnomaliesApi(this RouteGroupBuilder api)
    {
        api.MapGet("/anomalies", ListAsync).WithName("ListAnomalies")
            .WithSummary("Sessions with anomalies and orphan messages in [from, to), newest first").ProducesProblem(StatusCodes.Status400BadRequest);
        return api;
    }

    private static async Task<Results<Ok<AnomaliesView>, ProblemHttpResult>> ListAsync(AnomalyQueries anomalies, OrphanStore orphans,
        string? from, string? to, string? chargePointId, CancellationToken ct)
    {
        var (range, field, problem) = TimeRange.Parse(from, to);
        if (range is null)
            return Problems.Invalid(field!, problem!);
        var charger = string.IsNullOrEmpty(chargePointId) ? null : chargePointId;
        var sessions = await anomalies.ListAsync(range.From, range.To, charger, ct);
        var orphanViews = (await orphans.ListAsync(range.From, range.To, charger, ct)).Select(OrphanMessageView.From).ToList();
        return TypedResults.Ok(new AnomaliesView(sessions, orphanViews));
    }
}

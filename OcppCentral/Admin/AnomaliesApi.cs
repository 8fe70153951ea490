using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using OcppCentral.Sessions;
using OcppCentral.Storage;

namespace OcppCentral.Admin;

/// <summary>
/// GET /api/anomalies?from=&amp;to=&amp;chargePointId= (SPEC 6, 8): sessions with anomalies, filtered on their startTime,
/// and orphan messages, filtered on when they arrived; from inclusive, to exclusive; newest first.
/// </summary>
public static class AnomaliesApi
{
    public static RouteGroupBuilder MapAnomaliesApi(this RouteGroupBuilder api)
    {
        api.MapGet("/anomalies", ListAsync);
        return api;
    }

    private static async Task<Results<Ok<AnomaliesView>, ProblemHttpResult>> ListAsync(AnomalyQueries anomalies, OrphanStore orphans,
        string? from, string? to, string? chargePointId, CancellationToken ct)
    {
        var (range, field, problem) = TimeRange.Parse(from, to);
        if (range is null)
            return Problems.Invalid(field!, problem!);
        var charger = string.IsNullOrEmpty(chargePointId) ? null : chargePointId;

        // Rows come newest session first, its anomalies together; GroupBy keeps that order.
        var sessions = (await anomalies.ListAsync(range.FromMs, range.ToMs, charger, ct))
            .GroupBy(r => r.TransactionId)
            .Select(View)
            .ToList();
        var orphanViews = (await orphans.ListAsync(range.FromMs, range.ToMs, charger, ct))
            .Select(o => new OrphanMessageView(o.Id, o.ChargePointId, o.Action, o.TransactionId, UnixTime.FromMs(o.ReceivedAt),
                JsonElement.Parse(o.Payload)))
            .ToList();
        return TypedResults.Ok(new AnomaliesView(sessions, orphanViews));
    }

    private static AnomalousSessionView View(IGrouping<long, SessionAnomalyRow> rows)
    {
        var session = rows.First();
        return new AnomalousSessionView(session.TransactionId, session.ChargePointId, (int)session.ConnectorId,
            UnixTime.FromMs(session.StartTime), UnixTime.FromMs(session.StopTime), session.Status,
            rows.Select(a => new Anomaly(a.Code, a.Detail)).ToList());
    }
}

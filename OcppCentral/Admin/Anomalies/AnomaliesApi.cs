using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using OcppCentral.Admin.Audit;
using OcppCentral.Ledger;
using OcppCentral.Operations;
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
        api.MapGet("/anomalies/{id:long}", GetAsync).WithName("GetAnomaly")
            .WithSummary("One anomaly with its status").ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPatch("/anomalies/{id:long}", PatchAsync).WithName("PatchAnomaly")
            .WithSummary("Acknowledge, resolve or dismiss an anomaly").DescribesBody<AnomalyDecisionForm>()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return api;
    }

    private static async Task<Results<Ok<AnomaliesView>, ProblemHttpResult>> ListAsync(AnomalyQueries anomalies, OrphanStore orphans,
        string? from, string? to, string? chargePointId, string? status, CancellationToken ct)
    {
        if (status is not null && !AnomalyStatuses.All.Contains(status))
            return Problems.Invalid("status", $"status is one of {string.Join(", ", AnomalyStatuses.All)}.");
        var (range, field, problem) = TimeRange.Parse(from, to);
        if (range is null)
            return Problems.Invalid(field!, problem!);
        var charger = string.IsNullOrEmpty(chargePointId) ? null : chargePointId;
        var sessions = await anomalies.ListAsync(range.From, range.To, charger, status, ct);
        var orphanViews = (await orphans.ListAsync(range.From, range.To, charger, ct)).Select(OrphanMessageView.From).ToList();
        return TypedResults.Ok(new AnomaliesView(sessions, orphanViews));
    }

    private static async Task<Results<Ok<TrackedAnomaly>, ProblemHttpResult>> GetAsync(long id, AnomalyQueries anomalies, CancellationToken ct) =>
        await anomalies.FindAsync(id, ct) is { } anomaly ? TypedResults.Ok(anomaly) : Problems.NotFound($"There is no anomaly {id}.");

    /// <summary>PATCH /api/anomalies/{id} (docs/corrections.md): acknowledge, resolve (naming the correction), dismiss (with a note), reopen.</summary>
    private static async Task<Results<Ok<TrackedAnomaly>, ProblemHttpResult>> PatchAsync(long id, HttpContext http, AnomalyDecisions decisions,
        CancellationToken ct)
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: ct);
        }
        catch (JsonException ex)
        {
            return Problems.Invalid("body", $"The body is not valid JSON: {ex.Message}");
        }
        using (document)
        {
            var (form, errors) = AnomalyDecisionForm.Read(document.RootElement);
            if (form is null)
                return Problems.Invalid(errors);
            var outcome = await decisions.DecideAsync(id,
                new AnomalyDecision(form.Status, form.Note, form.CorrectionVersion, AdminKeyMiddleware.ActorOf(http),
                    AuditDrafts.For(http, StatusCodes.Status200OK)), ct);
            return outcome.Result switch
            {
                CorrectionResult.Created => TypedResults.Ok(outcome.Anomaly!),
                CorrectionResult.NotFound => Problems.NotFound(outcome.Message!),
                CorrectionResult.Conflict => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict", detail: outcome.Message),
                _ => Problems.Invalid(outcome.Field!, outcome.Message!),
            };
        }
    }
}

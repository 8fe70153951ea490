using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using OcppCentral.Operations;
using OcppCentral.Storage;

namespace OcppCentral.Admin.Feedback;

/// <summary>
/// /api/sessions/{transactionId}/feedback (docs/anomalies-and-feedback.md): a driver rates a session, Active or Completed, as often as they
/// like; each piece of feedback is kept and shown on the session record.
/// </summary>
public static class FeedbackApi
{
    public static RouteGroupBuilder MapFeedbackApi(this RouteGroupBuilder api)
    {
        // The body is read by hand (every wrong field is named); DescribesBody documents it (docs/observability.md).
        api.MapPost("/sessions/{transactionId:long}/feedback", PostAsync).WithName("PostSessionFeedback")
            .WithSummary("Rate a session").DescribesBody<FeedbackForm>()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/sessions/{transactionId:long}/feedback", ListAsync).WithName("ListSessionFeedback")
            .WithSummary("A session's feedback").ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/sessions/{transactionId:long}/feedback/{id:long}", GetAsync).WithName("GetSessionFeedback")
            .WithSummary("One piece of a session's feedback").ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<Results<Created<SessionFeedback>, ProblemHttpResult>> PostAsync(long transactionId, HttpRequest request,
        FeedbackStore store, TimeProvider time, CancellationToken ct)
    {
        // The body is read here rather than bound, so that a wrong type ("rating": "5") is a 400 naming its field.
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body, cancellationToken: ct);
        }
        catch (JsonException ex)
        {
            return Problems.Invalid("body", $"The body is not valid JSON in UTF-8: {ex.Message}");
        }

        using (document)
        {
            var (form, errors) = FeedbackForm.Read(document.RootElement);
            if (form is null)
                return Problems.Invalid(errors);
            var feedback = await store.InsertAsync(transactionId, form.Rating, form.Category, form.Comment, time.GetUtcNow(), ct);
            return feedback is null
                ? Problems.NotFound($"There is no session {transactionId}.")
                : TypedResults.Created($"/api/sessions/{transactionId}/feedback/{feedback.Id}", feedback);
        }
    }

    private static async Task<Results<Ok<IReadOnlyList<SessionFeedback>>, ProblemHttpResult>> ListAsync(long transactionId, SessionStore sessions,
        FeedbackStore store, CancellationToken ct)
    {
        if (await sessions.FindAsync(transactionId, ct) is null)
            return Problems.NotFound($"There is no session {transactionId}.");
        return TypedResults.Ok(await store.ListAsync(transactionId, ct));
    }

    private static async Task<Results<Ok<SessionFeedback>, ProblemHttpResult>> GetAsync(long transactionId, long id, FeedbackStore store,
        CancellationToken ct) =>
        await store.FindAsync(transactionId, id, ct) is { } feedback
            ? TypedResults.Ok(feedback)
            : Problems.NotFound($"Session {transactionId} has no feedback {id}.");
}

using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using OcppCentral.Admin.Audit;
using OcppCentral.Ledger;
using OcppCentral.Operations;
using OcppCentral.Storage;

namespace OcppCentral.Admin.Sessions;

/// <summary>
/// /api/sessions/{transactionId}/corrections and /versions (docs/corrections.md): an operator corrects a Completed session, each
/// correction a new version of it, committed before it is answered; every version stays readable.
/// </summary>
public static class CorrectionsApi
{
    public const string IdempotencyHeader = "Idempotency-Key";
    public const int MaxIdempotencyKeyLength = 200;

    public static RouteGroupBuilder MapCorrectionsApi(this RouteGroupBuilder api)
    {
        // The body is read by hand (every wrong member is named); DescribesBody documents it (docs/observability.md).
        api.MapPost("/sessions/{transactionId:long}/corrections", PostAsync).WithName("CorrectSession")
            .WithSummary("Correct a Completed session: a new version of its record and bill").DescribesBody<CorrectionForm>()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet("/sessions/{transactionId:long}/versions", VersionsAsync).WithName("ListSessionVersions")
            .WithSummary("Every version of a session, the original first").ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<Results<Created<SessionVersionView>, ProblemHttpResult>> PostAsync(long transactionId, HttpContext http,
        CorrectionLedger ledger, CancellationToken ct)
    {
        var key = http.Request.Headers[IdempotencyHeader].ToString();
        if (key.Length > MaxIdempotencyKeyLength || key.Any(char.IsControl))
            return Problems.Invalid(IdempotencyHeader, $"{IdempotencyHeader} is printable text of at most {MaxIdempotencyKeyLength} characters.");

        // The body is read here rather than bound, so that a wrong type is a 400 naming its field; its bytes are hashed so a
        // resend with the same Idempotency-Key is known to be the same request.
        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer, ct);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(buffer.ToArray());
        }
        catch (JsonException ex)
        {
            return Problems.Invalid("body", $"The body is not valid JSON: {ex.Message}");
        }

        using (document)
        {
            var (form, errors) = CorrectionForm.Read(document.RootElement);
            if (form is null)
                return Problems.Invalid(errors);
            var hash = Convert.ToHexString(SHA256.HashData([.. BitConverter.GetBytes(transactionId), .. buffer.ToArray()]));
            var correction = new Correction(form.Kind, form.Reason, form.ExpectedVersion, form.MeterStopWh, form.StopTime, form.ReadingIds,
                form.TariffId, form.TariffVersion, form.Amount, form.Currency, AdminKeyMiddleware.ActorOf(http), key.Length == 0 ? null : key, hash,
                AuditDrafts.For(http, StatusCodes.Status201Created));
            var outcome = await ledger.CorrectAsync(transactionId, correction, ct);
            return outcome.Result switch
            {
                CorrectionResult.Created or CorrectionResult.Replayed => TypedResults.Created(
                    $"/api/sessions/{transactionId}/versions", SessionVersionView.From(outcome.Version!)),
                CorrectionResult.NotFound => Problems.NotFound(outcome.Message!),
                CorrectionResult.Conflict => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict", detail: outcome.Message),
                _ => Problems.Invalid(outcome.Field!, outcome.Message!),
            };
        }
    }

    private static async Task<Results<Ok<List<SessionVersionView>>, ProblemHttpResult>> VersionsAsync(long transactionId, SessionStore sessions,
        SessionVersionStore versions, CancellationToken ct)
    {
        if (await sessions.FindAsync(transactionId, ct) is null)
            return Problems.NotFound($"There is no session {transactionId}.");
        return TypedResults.Ok((await versions.ListAsync(transactionId, ct)).Select(SessionVersionView.From).ToList());
    }
}

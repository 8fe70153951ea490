using Microsoft.AspNetCore.Http.HttpResults;
using OcppCentral.Storage;

namespace OcppCentral.Admin.Sessions;

/// <summary>/api/sessions: session records newest first with filters and paging, one session, its meter values, the CSV export.</summary>
public static class SessionsApi
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 1000;

    public static RouteGroupBuilder MapSessionsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/sessions", ListAsync).WithName("ListSessions")
            .WithSummary("Session records newest first, filtered and paged").ProducesProblem(StatusCodes.Status400BadRequest);
        api.MapGet("/sessions/export.csv", ExportAsync).WithName("ExportSessions")
            .WithSummary("The billing export as CSV").Produces<string>(StatusCodes.Status200OK, "text/csv")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        api.MapGet("/sessions/{transactionId:long}", GetAsync).WithName("GetSession").WithSummary("One session")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/sessions/{transactionId:long}/meter-values", MeterValuesAsync).WithName("ListSessionMeterValues")
            .WithSummary("A session's meter values").ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<Results<Ok<IReadOnlyList<SessionView>>, ProblemHttpResult>> ListAsync(SessionRecords records,
        string? chargePointId, string? status, string? from, string? to, int? limit, int? offset, CancellationToken ct)
    {
        if (status is not null and not (StoredSession.Active or StoredSession.Completed))
            return Problems.Invalid("status", "status is Active or Completed.");
        if (Paging.Check(limit, offset, MaxLimit) is { } paging)
            return paging;
        var (range, field, problem) = TimeRange.Parse(from, to);
        if (range is null)
            return Problems.Invalid(field!, problem!);
        var query = new SessionQuery(chargePointId, status, range.From, range.To, limit ?? DefaultLimit, offset ?? 0);
        return TypedResults.Ok(await records.ListAsync(query, ct));
    }

    /// <summary>GET /api/sessions/export.csv?from=&amp;to=: the billing export (<see cref="SessionCsvExport"/>).</summary>
    private static async Task<Results<EmptyHttpResult, ProblemHttpResult>> ExportAsync(HttpContext http, SessionStore sessions, string? from,
        string? to, CancellationToken ct)
    {
        var (range, field, problem) = TimeRange.Parse(from, to);
        if (range is null)
            return Problems.Invalid(field!, problem!);
        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition = "attachment; filename=\"sessions.csv\"";
        await SessionCsvExport.WriteAsync(http.Response.Body, sessions.ExportAsync(range.From, range.To, ct), "/receipt/", ct);
        return TypedResults.Empty;
    }

    private static async Task<Results<Ok<SessionView>, ProblemHttpResult>> GetAsync(long transactionId, SessionRecords records, CancellationToken ct) =>
        await records.FindAsync(transactionId, ct) is { } session
            ? TypedResults.Ok(session)
            : Problems.NotFound($"There is no session {transactionId}.");

    private static async Task<Results<Ok<List<MeterValueView>>, ProblemHttpResult>> MeterValuesAsync(long transactionId, SessionStore sessions,
        MeterValueStore meterValues, CancellationToken ct)
    {
        if (await sessions.FindAsync(transactionId, ct) is null)
            return Problems.NotFound($"There is no session {transactionId}.");
        return TypedResults.Ok((await meterValues.ReadingsAsync(transactionId, ct))
            .Select(r => MeterValueView.From(r.Id, r.Excluded, r.Sample, r.ReceivedAt)).ToList());
    }
}

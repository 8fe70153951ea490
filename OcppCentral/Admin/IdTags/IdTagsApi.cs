using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using OcppCentral.Admin.Audit;
using OcppCentral.Messages;
using OcppCentral.Storage;

namespace OcppCentral.Admin.IdTags;

/// <summary>
/// /api/idtags: the authorization list, each entry shown as stored (<see cref="AuthorizationEntry"/>). An idTag is OCPP's
/// CiString20 (at most 20 characters) and is kept exactly as given; status is Accepted, Blocked, Expired or Invalid
/// (ConcurrentTx is a verdict, not a list entry).
/// </summary>
public static class IdTagsApi
{
    public const int MaxIdTagLength = 20;

    private static readonly string[] ListStatuses =
        [nameof(AuthorizationStatus.Accepted), nameof(AuthorizationStatus.Blocked), nameof(AuthorizationStatus.Expired), nameof(AuthorizationStatus.Invalid)];

    public static RouteGroupBuilder MapIdTagsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/idtags", ListAsync).WithName("ListIdTags").WithSummary("The authorization list");
        api.MapGet("/idtags/{idTag}", GetAsync).WithName("GetIdTag").WithSummary("One idTag").ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPut("/idtags/{idTag}", PutAsync).WithName("PutIdTag").WithSummary("Add or replace an idTag")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        api.MapDelete("/idtags/{idTag}", DeleteAsync).WithName("DeleteIdTag").WithSummary("Remove an idTag")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<Ok<IReadOnlyList<AuthorizationEntry>>> ListAsync(IdTagStore store, CancellationToken ct) =>
        TypedResults.Ok(await store.ListAsync(ct));

    private static async Task<Results<Ok<AuthorizationEntry>, ProblemHttpResult>> GetAsync(string idTag, IdTagStore store, CancellationToken ct) =>
        await store.FindAsync(idTag, ct) is { } entry ? TypedResults.Ok(entry) : Problems.NotFound($"idTag '{idTag}' is not in the list.");

    /// <summary>Every problem in one answer, each naming its field (docs/admin-api.md); members the entry does not have are ignored.</summary>
    private static async Task<Results<Ok<AuthorizationEntry>, ProblemHttpResult>> PutAsync(string idTag, HttpRequest request, IOptions<JsonOptions> json,
        IdTagStore store, CancellationToken ct)
    {
        var (body, errors, problem) = await RequestBody.ReadAsync<IdTagEntry>(request, json.Value.SerializerOptions, ct, refuseUnknownMembers: false);
        if (body is null)
            return problem!;
        if (idTag.Length is 0 or > MaxIdTagLength)
            errors.AddChecked("idTag", $"An idTag has 1 to {MaxIdTagLength} characters (OCPP CiString20).");
        if (body.Status is null || !ListStatuses.Contains(body.Status))
            errors.AddChecked("status", $"status is one of {string.Join(", ", ListStatuses)}.");
        if (body.ParentIdTag is { Length: 0 or > MaxIdTagLength })
            errors.AddChecked("parentIdTag", $"A parentIdTag has 1 to {MaxIdTagLength} characters.");
        if (errors.Count > 0)
            return Problems.Invalid(errors.ToDictionary());
        var entry = new AuthorizationEntry(idTag, body.Status!, body.ExpiryDate, body.ParentIdTag);
        await store.UpsertAsync(entry, AuditDrafts.For(request.HttpContext, StatusCodes.Status200OK), ct);
        return TypedResults.Ok(entry);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string idTag, HttpContext http, IdTagStore store,
        CancellationToken ct) =>
        await store.DeleteAsync(idTag, AuditDrafts.For(http, StatusCodes.Status204NoContent), ct) ? TypedResults.NoContent() : Problems.NotFound($"idTag '{idTag}' is not in the list.");
}

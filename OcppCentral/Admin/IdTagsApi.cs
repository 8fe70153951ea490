using Microsoft.AspNetCore.Http.HttpResults;
using OcppCentral.Messages;
using OcppCentral.Storage;

namespace OcppCentral.Admin;

/// <summary>
/// /api/idtags: the authorization list. An idTag is OCPP's CiString20 (at most 20 characters) and is kept exactly
/// as given; status is Accepted, Blocked, Expired or Invalid (ConcurrentTx is a verdict, not a list entry).
/// </summary>
public static class IdTagsApi
{
    public const int MaxIdTagLength = 20;

    private static readonly string[] ListStatuses =
        [nameof(AuthorizationStatus.Accepted), nameof(AuthorizationStatus.Blocked), nameof(AuthorizationStatus.Expired), nameof(AuthorizationStatus.Invalid)];

    public static RouteGroupBuilder MapIdTagsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/idtags", ListAsync);
        api.MapGet("/idtags/{idTag}", GetAsync);
        api.MapPut("/idtags/{idTag}", PutAsync);
        api.MapDelete("/idtags/{idTag}", DeleteAsync);
        return api;
    }

    private static async Task<Ok<List<IdTagView>>> ListAsync(IdTagStore store, CancellationToken ct) =>
        TypedResults.Ok((await store.ListAsync(ct)).Select(View).ToList());

    private static async Task<Results<Ok<IdTagView>, ProblemHttpResult>> GetAsync(string idTag, IdTagStore store, CancellationToken ct) =>
        await store.FindAsync(idTag, ct) is { } row ? TypedResults.Ok(View(row)) : Problems.NotFound($"idTag '{idTag}' is not in the list.");

    private static async Task<Results<Ok<IdTagView>, ProblemHttpResult>> PutAsync(string idTag, IdTagEntry body, IdTagStore store, CancellationToken ct)
    {
        if (idTag.Length is 0 or > MaxIdTagLength)
            return Problems.Invalid("idTag", $"An idTag has 1 to {MaxIdTagLength} characters (OCPP CiString20).");
        if (body.Status is null || !ListStatuses.Contains(body.Status))
            return Problems.Invalid("status", $"status is one of {string.Join(", ", ListStatuses)}.");
        if (body.ParentIdTag is { Length: 0 or > MaxIdTagLength })
            return Problems.Invalid("parentIdTag", $"A parentIdTag has 1 to {MaxIdTagLength} characters.");
        var row = new IdTagRow { IdTag = idTag, Status = body.Status, ExpiryDate = UnixTime.ToMs(body.ExpiryDate), ParentIdTag = body.ParentIdTag };
        await store.UpsertAsync(row, ct);
        return TypedResults.Ok(View(row));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string idTag, IdTagStore store, CancellationToken ct) =>
        await store.DeleteAsync(idTag, ct) ? TypedResults.NoContent() : Problems.NotFound($"idTag '{idTag}' is not in the list.");

    private static IdTagView View(IdTagRow row) => new(row.IdTag, row.Status, UnixTime.FromMs(row.ExpiryDate), row.ParentIdTag);
}

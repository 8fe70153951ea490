using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using OcppCentral.Ledger;
using OcppCentral.Pricing;
using OcppCentral.Operations;
using OcppCentral.Storage;

namespace OcppCentral.Admin.Tariffs;

/// <summary>
/// /api/tariffs (docs/sessions-and-pricing.md): list, read, create or replace (validated: 400 names the field), delete (409 while chargers are
/// assigned to it), and the price what-if over closed sessions.
/// </summary>
public static class TariffsApi
{
    public static RouteGroupBuilder MapTariffsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/tariffs", ListAsync).WithName("ListTariffs").WithSummary("Every tariff");
        // The tariff bodies are read by hand (every wrong member is named); DescribesBody documents them (docs/observability.md).
        api.MapPost("/tariffs/simulate", SimulateAsync).WithName("SimulateTariff")
            .WithSummary("Price closed sessions again with another tariff, or with their own scaled by a percentage (what-if)").DescribesBody<TariffSimulationRequest>()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        api.MapGet("/tariffs/{id}", GetAsync).WithName("GetTariff").WithSummary("One tariff").ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPut("/tariffs/{id}", PutAsync).WithName("PutTariff").WithSummary("Create or replace a tariff")
            .DescribesBody<TariffDocument>()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        api.MapDelete("/tariffs/{id}", DeleteAsync).WithName("DeleteTariff")
            .WithSummary("Delete a tariff no charger is assigned to")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet("/tariffs/{id}/versions", VersionsAsync).WithName("ListTariffVersions")
            .WithSummary("Every version of a tariff, oldest first").ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/tariffs/{id}/reprice", RepriceAsync).WithName("RepriceTariffSessions")
            .WithSummary("Price a tariff's closed sessions with its current version, as corrections (dry run by default)")
            .DescribesBody<TariffRepriceRequest>()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        return api;
    }

    private static async Task<Ok<IReadOnlyList<TariffDocument>>> ListAsync(TariffStore store, CancellationToken ct) =>
        TypedResults.Ok(await store.ListAsync(ct));

    private static async Task<Results<Ok<TariffDocument>, ProblemHttpResult>> GetAsync(string id, TariffStore store, CancellationToken ct) =>
        await store.FindAsync(id, ct) is { } tariff ? TypedResults.Ok(tariff) : Problems.NotFound($"There is no tariff '{id}'.");

    /// <summary>Every version of a tariff, oldest first: each PUT made one (docs/corrections.md); a deleted tariff's stay.</summary>
    private static async Task<Results<Ok<IReadOnlyList<TariffVersion>>, ProblemHttpResult>> VersionsAsync(string id, TariffStore store,
        CancellationToken ct) =>
        await store.VersionsAsync(id, ct) is { Count: > 0 } versions ? TypedResults.Ok(versions) : Problems.NotFound($"There is no tariff '{id}'.");

    private static async Task<Results<Ok<TariffDocument>, ProblemHttpResult>> PutAsync(string id, HttpRequest request, IOptions<JsonOptions> json,
        TariffStore store, CostDisplay.CostDisplayService costDisplay, TimeProvider time, ILogger<TariffStore> logger, CancellationToken ct)
    {
        var (body, errors, problem) = await RequestBody.ReadAsync<TariffDocument>(request, json.Value.SerializerOptions, ct);
        if (body is null)
            return problem!;
        if (body.Id is not null && body.Id != id)
            errors.Add("id", $"The body's id '{body.Id}' differs from the path's '{id}'.");
        var validation = Tariff.Validate(body with { Id = id });
        foreach (var error in validation.Errors)
            errors.AddChecked(error.Field, error.Message);
        if (errors.Count > 0 || validation.Tariff is not { } tariff)
            return Problems.Invalid(errors.ToDictionary());
        var version = await store.SaveAsync(tariff, AdminKeyMiddleware.ActorOf(request.HttpContext), time.GetUtcNow(),
            Audit.AuditDrafts.For(request.HttpContext, StatusCodes.Status200OK), ct);
        logger.LogInformation("Tariff {TariffId} saved as version {Version}; sessions that already started keep the tariff they were pinned to", id,
            version);
        // Chargers that show this tariff's price on their display get it again (docs/charger-display.md).
        await costDisplay.TariffChangedAsync(id, ct);
        return TypedResults.Ok(tariff.ToDocument());
    }

    /// <summary>
    /// A tariff that chargers are assigned to is refused (409, naming them); deleting <c>default</c> is allowed: chargers
    /// without an assignment then start sessions with no tariff, which close with cost null and the anomaly NoTariff.
    /// </summary>
    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string id, HttpContext http, TariffStore store,
        ILogger<TariffStore> logger, CancellationToken ct)
    {
        var deletion = await store.DeleteAsync(id, Audit.AuditDrafts.For(http, StatusCodes.Status204NoContent), ct);
        switch (deletion.Outcome)
        {
            case TariffDeletion.Outcomes.NotFound:
                return Problems.NotFound($"There is no tariff '{id}'.");
            case TariffDeletion.Outcomes.Assigned:
                var chargePointIds = deletion.AssignedChargePointIds;
                return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Tariff in use",
                    detail: $"Tariff '{id}' is assigned to {string.Join(", ", chargePointIds)}; assign them another tariff " +
                            "(PUT /api/chargepoints/{id} with tariffId, \"\" for none) before deleting it.",
                    extensions: new Dictionary<string, object?> { ["chargePointIds"] = chargePointIds });
            default:
                logger.LogInformation("Tariff {TariffId} deleted; sessions already started keep the copy they were pinned to", id);
                if (id == TariffStore.DefaultTariffId)
                    logger.LogWarning("The default tariff was deleted: sessions on chargers without an assigned tariff will close without a price (NoTariff)");
                return TypedResults.NoContent();
        }
    }

    private static async Task<Results<Ok<TariffSimulationResult>, ProblemHttpResult>> SimulateAsync(HttpRequest request, IOptions<JsonOptions> json,
        ClosedSessionStore sessions, CancellationToken ct)
    {
        var (body, errors, problem) = await RequestBody.ReadAsync<TariffSimulationRequest>(request, json.Value.SerializerOptions, ct);
        if (body is null)
            return problem!;
        var (query, problems) = TariffSimulationQuery.Check(body);
        // An adjust that could not be read was meant instead of a tariff: "tariff is required" would only mislead.
        foreach (var (field, messages) in problems.Where(p => p.Key != "tariff" || !errors.IsUnreadable("adjust")))
            foreach (var message in messages)
                errors.AddChecked(field, message);
        if (errors.Count > 0 || query is null)
            return Problems.Invalid(errors.ToDictionary());
        return TypedResults.Ok(await TariffSimulation.RunAsync(sessions.ReadAsync(query.Filter, ct), query, ct));
    }

    /// <summary>
    /// The closed sessions of a tariff priced with an older version of it, priced with its current version (docs/corrections.md):
    /// a dry run (the default) shows the difference per session and writes nothing; otherwise each becomes a reprice correction,
    /// all in one write, and the answer lists them. A resend with the same Idempotency-Key returns the first answer.
    /// </summary>
    private static async Task<Results<Ok<TariffRepriceResult>, ProblemHttpResult>> RepriceAsync(string id, HttpRequest request, IOptions<JsonOptions> json,
        TariffStore tariffs, ClosedSessionStore closed, TariffRepricing repricing, CancellationToken ct)
    {
        var key = request.Headers[Sessions.CorrectionsApi.IdempotencyHeader].ToString();
        if (key.Length > Sessions.CorrectionsApi.MaxIdempotencyKeyLength || key.Any(char.IsControl))
            return Problems.Invalid(Sessions.CorrectionsApi.IdempotencyHeader,
                $"{Sessions.CorrectionsApi.IdempotencyHeader} is printable text of at most {Sessions.CorrectionsApi.MaxIdempotencyKeyLength} characters.");
        // The bytes are hashed so that a resend with the same Idempotency-Key is known to be the same request; then read field by field.
        request.EnableBuffering();
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, ct);
        request.Body.Position = 0;
        var hash = Convert.ToHexString(SHA256.HashData([.. Encoding.UTF8.GetBytes(id), 0, .. buffer.ToArray()]));

        var (body, errors, problem) = await RequestBody.ReadAsync<TariffRepriceRequest>(request, json.Value.SerializerOptions, ct);
        if (body is null)
            return problem!;
        var reason = body.Reason?.Trim();
        if (string.IsNullOrEmpty(reason))
            errors.AddChecked("reason", "is required: why the sessions are re-priced (recorded on every version made).");
        else if (reason.EnumerateRunes().Count() > Sessions.CorrectionForm.MaxReasonCharacters)
            errors.AddChecked("reason", $"has at most {Sessions.CorrectionForm.MaxReasonCharacters} characters.");
        var (range, field, rangeProblem) = TimeRange.Parse(body.From, body.To);
        if (range is null)
            errors.AddChecked(field!, rangeProblem!);
        else
        {
            if (range.From is null)
                errors.AddChecked("from", "is required, an ISO-8601 timestamp.");
            if (range.To is null)
                errors.AddChecked("to", "is required, an ISO-8601 timestamp.");
            else if (range.From is not null && range.To <= range.From)
                errors.AddChecked("to", "must be later than 'from'.");
            else if (range.To - range.From > TimeSpan.FromDays(TariffSimulationQuery.MaxRangeDays))
                errors.AddChecked("to", $"must be at most {TariffSimulationQuery.MaxRangeDays} days after 'from'.");
        }
        if (errors.Count > 0)
            return Problems.Invalid(errors.ToDictionary());

        var reprice = new TariffReprice(id, range!.From!.Value, range.To!.Value, reason!, AdminKeyMiddleware.ActorOf(request.HttpContext),
            key.Length == 0 ? null : key, hash);
        if (body.DryRun ?? true)
            return await DryRunAsync(reprice, tariffs, closed, ct);

        // Each session's correction appends its audit row in the write that makes it (docs/corrections.md).
        var outcome = await repricing.ApplyAsync(reprice, Audit.AuditDrafts.For(request.HttpContext, StatusCodes.Status200OK), ct);
        return outcome.Result switch
        {
            RepriceResult.Done or RepriceResult.Replayed => TypedResults.Ok(outcome.Answer!),
            RepriceResult.NotFound => Problems.NotFound(outcome.Message!),
            RepriceResult.TooMany => TooMany(outcome),
            _ => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict", detail: outcome.Message),
        };
    }

    private static async Task<Results<Ok<TariffRepriceResult>, ProblemHttpResult>> DryRunAsync(TariffReprice reprice, TariffStore tariffs,
        ClosedSessionStore closed, CancellationToken ct)
    {
        if (await tariffs.CurrentAsync(reprice.TariffId, ct) is not var (current, version))
            return Problems.NotFound($"There is no tariff '{reprice.TariffId}'.");
        var previews = new List<RepricedSession>();
        var (skipped, due) = (0, 0);
        await foreach (var session in closed.ReadAsync(new ClosedSessionFilter(reprice.From, reprice.To, TariffId: reprice.TariffId), ct))
        {
            if (session.TariffVersion == version)
                skipped++;
            else if (++due <= TariffRepricing.MaxSessions)
                previews.Add(TariffRepricing.Preview(session, current, reprice.TariffId));
        }
        return due > TariffRepricing.MaxSessions
            ? TooMany(TariffRepricing.TooMany(due))
            : TypedResults.Ok(TariffRepricing.Report(reprice, version, dryRun: true, skipped, previews));
    }

    private static ProblemHttpResult TooMany(RepriceOutcome outcome) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Too many sessions", detail: outcome.Message,
            extensions: new Dictionary<string, object?> { ["sessions"] = outcome.Sessions, ["limit"] = TariffRepricing.MaxSessions });
}

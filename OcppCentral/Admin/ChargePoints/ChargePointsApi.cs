using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using OcppCentral.Admission;
using OcppCentral.Operations;
using OcppCentral.Storage;
using OcppCentral.Transport;

namespace OcppCentral.Admin.ChargePoints;

/// <summary>/api/chargepoints: chargers, their connection state and connectors; registration with password and tariff.</summary>
public static class ChargePointsApi
{
    public const int MaxPasswordLength = 64;
    public const int MaxTariffIdLength = Pricing.Tariff.MaxIdLength;

    public static RouteGroupBuilder MapChargePointsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/chargepoints", ListAsync).WithName("ListChargePoints").WithSummary("Chargers with their connection state and connectors");
        api.MapGet("/chargepoints/{id}", GetAsync).WithName("GetChargePoint").WithSummary("One charger")
            .ProducesProblem(StatusCodes.Status404NotFound);
        // The body is read by hand (every wrong field is named); DescribesBody documents it (docs/observability.md).
        api.MapPut("/chargepoints/{id}", PutAsync).WithName("PutChargePoint")
            .WithSummary("Register a charger or change its password or tariff").DescribesBody<ChargePointRegistration>()
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return api;
    }

    private static async Task<Ok<List<ChargePointView>>> ListAsync(ChargePointStore store, ChargerRegistry registry,
        ChargerPresence presence, CancellationToken ct)
    {
        var chargers = await store.ListAsync(ct);
        var connectors = (await store.ConnectorsAsync(null, ct)).ToLookup(c => c.ChargePointId);
        return TypedResults.Ok(chargers.Select(c => View(c, connectors[c.Id], registry, presence)).ToList());
    }

    private static async Task<Results<Ok<ChargePointView>, ProblemHttpResult>> GetAsync(string id, ChargePointStore store,
        ChargerRegistry registry, ChargerPresence presence, CancellationToken ct)
    {
        var charger = await store.FindAsync(id, ct);
        if (charger is null)
            return Problems.NotFound($"Charge point '{id}' is not registered.");
        return TypedResults.Ok(View(charger, await store.ConnectorsAsync(id, ct), registry, presence));
    }

    /// <summary>Every problem in one answer, each naming its field (docs/admin-api.md); members the registration does not have are ignored.</summary>
    private static async Task<Results<Ok<ChargePointView>, ProblemHttpResult>> PutAsync(string id, HttpRequest request, IOptions<JsonOptions> json,
        ChargePointStore store, ChargerAdmission admission, ChargerRegistry registry, ChargerPresence presence,
        TimeProvider time, ILogger<ChargePointStore> logger, CancellationToken ct)
    {
        var (body, errors, problem) = await RequestBody.ReadAsync<ChargePointRegistration>(request, json.Value.SerializerOptions, ct, refuseUnknownMembers: false);
        if (body is null)
            return problem!;
        if (ChargePointIdentity.Problem(id) is { } idProblem)
            errors.AddChecked("id", idProblem);
        if (body.Password is { Length: 0 or > MaxPasswordLength })
            errors.AddChecked("password", $"A password has 1 to {MaxPasswordLength} characters.");
        if (body.TariffId is { Length: > MaxTariffIdLength })
            errors.AddChecked("tariffId", $"A tariffId has at most {MaxTariffIdLength} characters.");
        if (body.Name is { Length: > ChargePointRegistration.MaxNameLength })
            errors.AddChecked("name", $"A name has at most {ChargePointRegistration.MaxNameLength} characters.");
        if (body.Address is { Length: > ChargePointRegistration.MaxAddressLength })
            errors.AddChecked("address", $"An address has at most {ChargePointRegistration.MaxAddressLength} characters.");
        if (body.SecurityProfile is < SecurityProfiles.None or > SecurityProfiles.ClientCertificate)
            errors.AddChecked("securityProfile", "A security profile is 0 (none), 1 (password), 2 (password over TLS) or 3 (client certificate).");
        else if (body.SecurityProfile is SecurityProfiles.Password or SecurityProfiles.TlsPassword && body.Password is null
                 && ChargePointIdentity.Problem(id) is null && (await store.FindAsync(id, ct))?.PasswordHash is null)
            errors.AddChecked("securityProfile", $"Security profile {body.SecurityProfile} needs a password; set one with it.");
        if (errors.Count > 0)
            return Problems.Invalid(errors.ToDictionary());
        var hash = body.Password is null ? null : PasswordHash.Create(body.Password);
        var charger = await store.UpsertAsync(id, hash, string.IsNullOrEmpty(body.TariffId) ? null : body.TariffId,
            clearTariff: body.TariffId is "", time.GetUtcNow(), ct, body.SecurityProfile, body.Name?.Trim(), body.Address?.Trim());
        if (charger is null)
            return Problems.Invalid("tariffId", $"There is no tariff '{body.TariffId}'.");
        if (hash is not null)
            admission.Forget(id);
        logger.LogInformation("Charge point {ChargePointId} registered or updated (password {PasswordChange}, tariff {TariffId}, security profile {SecurityProfile})",
            id, hash is null ? "unchanged" : "set", charger.TariffId, charger.SecurityProfile);
        return TypedResults.Ok(View(charger, await store.ConnectorsAsync(id, ct), registry, presence));
    }

    private static ChargePointView View(ChargePoint charger, IEnumerable<ConnectorStatus> connectors, ChargerRegistry registry,
        ChargerPresence presence) =>
        new(charger.Id, charger.Vendor, charger.Model, charger.SerialNumber, charger.FirmwareVersion, registry.IsConnected(charger.Id),
            presence.LastSeen(charger.Id, charger.LastSeen), charger.TariffId, charger.PasswordHash is not null,
            connectors.Select(c => new ConnectorView(c.ConnectorId, c.Status, c.ErrorCode, c.Info, c.UpdatedAt)).ToList(),
            charger.SecurityProfile, charger.Name, charger.Address);
}

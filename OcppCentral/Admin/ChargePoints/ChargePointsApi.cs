using System.Net.WebSockets;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Newtonsoft.Json.Linq;
using OcppCentral.Admin.Audit;
using OcppCentral.Admin.Commands;
using OcppCentral.Admission;
using OcppCentral.Cluster;
using OcppCentral.CostDisplay;
using OcppCentral.Operations;
using OcppCentral.Storage;
using OcppCentral.Transport;

namespace OcppCentral.Admin.ChargePoints;

/// <summary>
/// /api/chargepoints: chargers, their connection state and connectors; registration with password and tariff, removal
/// (docs/admin-api.md, docs/charger-health.md).
/// </summary>
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
        api.MapDelete("/chargepoints/{id}", DeleteAsync).WithName("DeleteChargePoint")
            .WithSummary("Delete a charger; its sessions stay").ProducesProblem(StatusCodes.Status404NotFound);
        api.MapChargerEventsApi();
        api.MapChargerMessagesApi();
        return api;
    }

    private static async Task<Ok<List<ChargePointView>>> ListAsync(ChargePointStore store, ChargerDisplays displays, ClusterPresence cluster,
        ChargerPresence presence, MessageLog messageLog, CancellationToken ct)
    {
        var chargers = await store.ListAsync(ct);
        var connectors = (await store.ConnectorsAsync(null, ct)).ToLookup(c => c.ChargePointId);
        var display = await displays.ListAsync(ct);
        var connected = await cluster.ConnectedAsync(chargers.Select(c => c.Id).ToList(), ct);
        return TypedResults.Ok(chargers.Select(c => View(c, connectors[c.Id], connected, presence, messageLog,
            display.TryGetValue(c.Id, out var d) ? d : ChargerDisplay.None(c.Id))).ToList());
    }

    private static async Task<Results<Ok<ChargePointView>, ProblemHttpResult>> GetAsync(string id, ChargePointStore store, ChargerDisplays displays,
        ClusterPresence cluster, ChargerPresence presence, MessageLog messageLog, CancellationToken ct)
    {
        var charger = await store.FindAsync(id, ct);
        if (charger is null)
            return Problems.NotFound($"Charge point '{id}' is not registered.");
        return TypedResults.Ok(View(charger, await store.ConnectorsAsync(id, ct), await cluster.ConnectedAsync([id], ct), presence, messageLog,
            await displays.GetAsync(id, ct)));
    }

    /// <summary>Every problem in one answer, each naming its field (docs/admin-api.md); members the registration does not have are ignored.</summary>
    private static async Task<Results<Ok<ChargePointUpdated>, ProblemHttpResult>> PutAsync(string id, HttpRequest request, IOptions<JsonOptions> json,
        ChargePointStore store, ChargerAdmission admission, ChargerRegistry registry, ConnectionHolders holders, ClusterPresence cluster,
        ChargerPresence presence, CommandSender commands,
        MessageLog messageLog, ChargerDisplays displays, CostDisplayService costDisplay, TimeProvider time, ILogger<ChargePointStore> logger,
        CancellationToken ct)
    {
        var read = await RequestBody.ReadAsync<ChargePointRegistration>(request, json.Value.SerializerOptions, ct, refuseUnknownMembers: false);
        var (body, errors, problem) = read;
        if (body is null)
            return problem!;
        if (ChargePointIdentity.Problem(id) is { } idProblem)
            errors.AddChecked("id", idProblem);
        var send = body.SendAuthorizationKey == true;
        if (body.Password is { Length: 0 or > MaxPasswordLength })
            errors.AddChecked("password", $"A password has 1 to {MaxPasswordLength} characters.");
        if (send && body.Password is null)
            errors.AddChecked("sendAuthorizationKey", "sendAuthorizationKey sends the new password: give one.");
        if (body.TariffId is { Length: > MaxTariffIdLength })
            errors.AddChecked("tariffId", $"A tariffId has at most {MaxTariffIdLength} characters.");
        var clearPassword = read.Has("password") && body.Password is null;
        if (body.Name is { Length: > ChargePointRegistration.MaxNameLength })
            errors.AddChecked("name", $"A name has at most {ChargePointRegistration.MaxNameLength} characters.");
        if (body.Address is { Length: > ChargePointRegistration.MaxAddressLength })
            errors.AddChecked("address", $"An address has at most {ChargePointRegistration.MaxAddressLength} characters.");
        if (body.SecurityProfile is < SecurityProfiles.None or > SecurityProfiles.ClientCertificate)
            errors.AddChecked("securityProfile", "A security profile is 0 (none), 1 (password), 2 (password over TLS) or 3 (client certificate).");
        else if ((body.SecurityProfile is not null || clearPassword) && ChargePointIdentity.Problem(id) is null)
        {
            var stored = await store.FindAsync(id, ct);
            // A password sent as AuthorizationKey is stored only once the charger accepted it, so it cannot stand in for one here.
            var hasPassword = body.Password is not null && !send || !clearPassword && stored?.PasswordHash is not null;
            var profile = body.SecurityProfile ?? stored?.SecurityProfile;
            if (profile is SecurityProfiles.Password or SecurityProfiles.TlsPassword && !hasPassword)
            {
                if (body.SecurityProfile is not null)
                    errors.AddChecked("securityProfile", $"Security profile {profile} needs a password; set one with it.");
                else
                    errors.AddChecked("password", $"The charger's security profile {profile} needs a password; lower the profile to remove it.");
            }
        }
        if (errors.Count > 0)
            return Problems.Invalid(errors.ToDictionary());
        var isConnected = await cluster.ConnectedAsync([id], ct);
        var connected = isConnected(id);
        if (send && !connected)
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Not connected",
                detail: $"Charge point '{id}' is not connected, so its AuthorizationKey cannot be sent; nothing was changed.");

        // A key to send is stored only once the charger accepted it (CommandSender), so a refused key locks nobody out.
        var hash = body.Password is null || send ? null : PasswordHash.Create(body.Password);
        var charger = await store.UpsertAsync(id, hash, string.IsNullOrEmpty(body.TariffId) ? null : body.TariffId,
            clearTariff: body.TariffId is "", time.GetUtcNow(), ct, body.SecurityProfile, clearPassword, body.Name?.Trim(),
            body.Address?.Trim(), AuditDrafts.For(request.HttpContext, StatusCodes.Status200OK), read.Has("messageLog"), body.MessageLog);
        if (charger is null)
            return Problems.Invalid("tariffId", $"There is no tariff '{body.TariffId}'.");
        if (read.Has("messageLog") && registry.TryGet(id, out var live))
            live.SetLogsMessages(messageLog.IsOn(charger.MessageLog));
        else if (read.Has("messageLog"))
            await holders.ChangedElsewhereAsync(id);
        if (hash is not null || clearPassword)
            admission.Forget(id);
        var display = read.Has("costDisplay") ? await displays.SetAsync(id, body.CostDisplay, ct) : await displays.GetAsync(id, ct);
        // Its display shows the price of its tariff: a new tariff, or a display just switched on, gets it now.
        if (display.Active && (read.Has("costDisplay") || body.TariffId is not null))
            costDisplay.ChargerChanged(id);
        logger.LogInformation(
            "Charge point {ChargePointId} registered or updated (password {PasswordChange}, tariff {TariffId}, security profile {SecurityProfile}, " +
            "message log {MessageLog})",
            id, hash is not null ? "set" : clearPassword ? "removed" : send ? "sent as AuthorizationKey" : "unchanged",
            charger.TariffId, charger.SecurityProfile, charger.MessageLog switch { true => "on", false => "off", null => "as the server's" });

        AuthorizationKeyOutcome? sent = null;
        string? notice = null;
        if (send)
        {
            var (commandId, result) = await commands.SendAsync(id, "ChangeConfiguration",
                new JObject { ["key"] = "AuthorizationKey", ["value"] = body.Password });
            var status = result.Response?["status"]?.ToString();
            sent = new AuthorizationKeyOutcome(commandId, result.Outcome.ToString(), status);
            notice = status == "Accepted"
                ? "The charger accepted the new AuthorizationKey; it is now its password."
                : "The charger did not accept the new AuthorizationKey; its password is unchanged.";
            charger = await store.FindAsync(id, ct) ?? charger;
        }
        else if (hash is not null && connected)
            notice = $"'{id}' is connected and authenticated with its previous password: it must learn the new one (ChangeConfiguration " +
                     "of AuthorizationKey) before it reconnects, or it will be refused. Send it with \"sendAuthorizationKey\": true.";
        return TypedResults.Ok(new ChargePointUpdated(View(charger, await store.ConnectorsAsync(id, ct), isConnected, presence, messageLog, display),
            notice, sent));
    }

    /// <summary>
    /// Removes the charger (its sessions, commands and history stay); a connected one is disconnected, by the instance holding
    /// its connection (docs/deployment.md).
    /// </summary>
    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string id, HttpContext http, ChargePointStore store,
        ChargerAdmission admission, ChargerRegistry registry, ConnectionHolders holders, ILogger<ChargePointStore> logger, CancellationToken ct)
    {
        if (!await store.DeleteAsync(id, AuditDrafts.For(http, StatusCodes.Status204NoContent), ct))
            return Problems.NotFound($"Charge point '{id}' is not registered.");
        admission.Forget(id);
        if (registry.TryGet(id, out var connection))
            _ = connection.CloseAsync(WebSocketCloseStatus.PolicyViolation, "Charger deleted", DisconnectReasons.Deleted);
        else
            await holders.ChangedElsewhereAsync(id);
        logger.LogInformation("Charge point {ChargePointId} deleted", id);
        return TypedResults.NoContent();
    }

    private static ChargePointView View(ChargePoint charger, IEnumerable<ConnectorStatus> connectors, Func<string, bool> connected,
        ChargerPresence presence, MessageLog messageLog, ChargerDisplay display) =>
        new(charger.Id, charger.Vendor, charger.Model, charger.SerialNumber, charger.FirmwareVersion, connected(charger.Id),
            presence.LastSeen(charger.Id, charger.LastSeen), charger.TariffId, charger.PasswordHash is not null,
            connectors.Select(c => new ConnectorView(c.ConnectorId, c.Status, c.ErrorCode, c.Info, c.UpdatedAt)).ToList(),
            charger.SecurityProfile, charger.Name, charger.Address, charger.MessageLog, messageLog.IsOn(charger.MessageLog), display.Setting,
            ChargerDisplayView.From(display));
}

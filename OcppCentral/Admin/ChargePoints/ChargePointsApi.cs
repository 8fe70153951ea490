using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Newtonsoft.Json.Linq;
using OcppCentral.Admin.Commands;
using OcppCentral.Admission;
using OcppCentral.Storage;
using OcppCentral.Transport;

namespace OcppCentral.Admin.ChargePoints;

/// <summary>
/// /api/chargepoints: chargers, their connection state and connectors; registration with password and tariff, removal
/// (docs/admin-api.md, docs/charger-health.md).
/// </summary>
public static class ChargePointsApi
{
    public static RouteGroupBuilder MapChargePointsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/chargepoints", ListAsync);
        api.MapGet("/chargepoints/{id}", GetAsync);
        api.MapPut("/chargepoints/{id}", PutAsync);
        api.MapDelete("/chargepoints/{id}", DeleteAsync);
        api.MapChargerEventsApi();
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

    private static async Task<Results<Ok<ChargePointUpdated>, ProblemHttpResult>> PutAsync(string id, JsonElement body,
        ChargePointStore store, ChargerAdmission admission, ChargerRegistry registry, ChargerPresence presence, CommandSender commands,
        TimeProvider time, ILogger<ChargePointStore> logger, CancellationToken ct)
    {
        if (ChargePointIdentity.Problem(id) is { } idProblem)
            return Problems.Invalid("id", idProblem);
        var (update, errors) = ChargePointUpdate.Parse(body);
        if (update is null)
            return Problems.Invalid(errors);
        var connected = registry.IsConnected(id);
        if (update.SendAuthorizationKey && !connected)
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Not connected",
                detail: $"Charge point '{id}' is not connected, so its AuthorizationKey cannot be sent; nothing was changed.");

        // A key to send is stored only once the charger accepted it (CommandSender), so a refused key locks nobody out.
        var hash = update.Password is null || update.SendAuthorizationKey ? null : PasswordHash.Create(update.Password);
        var clearPassword = update.PasswordGiven && update.Password is null;
        var charger = await store.UpsertAsync(id, hash, update.TariffId, update.ClearTariff, time.GetUtcNow(), ct, clearPassword);
        if (charger is null)
            return Problems.Invalid("tariffId", $"There is no tariff '{update.TariffId}'.");
        if (hash is not null || clearPassword)
            admission.Forget(id);
        logger.LogInformation("Charge point {ChargePointId} registered or updated (password {PasswordChange}, tariff {TariffId})",
            id, hash is not null ? "set" : clearPassword ? "removed" : update.SendAuthorizationKey ? "sent as AuthorizationKey" : "unchanged",
            charger.TariffId);

        AuthorizationKeyOutcome? sent = null;
        string? notice = null;
        if (update.SendAuthorizationKey)
        {
            var (commandId, result) = await commands.SendAsync(id, "ChangeConfiguration",
                new JObject { ["key"] = "AuthorizationKey", ["value"] = update.Password });
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
        return TypedResults.Ok(new ChargePointUpdated(View(charger, await store.ConnectorsAsync(id, ct), registry, presence), notice, sent));
    }

    /// <summary>Removes the charger (its sessions, commands and history stay); a connected one is disconnected.</summary>
    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string id, ChargePointStore store, ChargerAdmission admission,
        ChargerRegistry registry, ILogger<ChargePointStore> logger, CancellationToken ct)
    {
        if (!await store.DeleteAsync(id, ct))
            return Problems.NotFound($"Charge point '{id}' is not registered.");
        admission.Forget(id);
        if (registry.TryGet(id, out var connection))
            _ = connection.CloseAsync(WebSocketCloseStatus.PolicyViolation, "Charger deleted", DisconnectReasons.Deleted);
        logger.LogInformation("Charge point {ChargePointId} deleted", id);
        return TypedResults.NoContent();
    }

    private static ChargePointView View(ChargePoint charger, IEnumerable<ConnectorStatus> connectors, ChargerRegistry registry,
        ChargerPresence presence) =>
        new(charger.Id, charger.Vendor, charger.Model, charger.SerialNumber, charger.FirmwareVersion, registry.IsConnected(charger.Id),
            presence.LastSeen(charger.Id, charger.LastSeen), charger.TariffId, charger.PasswordHash is not null,
            connectors.Select(c => new ConnectorView(c.ConnectorId, c.Status, c.ErrorCode, c.Info, c.UpdatedAt)).ToList());
}

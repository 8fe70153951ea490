using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using OcppCentral.Admission;
using OcppCentral.Cluster;
using OcppCentral.Operations;
using OcppCentral.Storage;
using OcppCentral.Transport;

namespace OcppCentral.Admin.Commands;

/// <summary>
/// Sends a command (a server-initiated CALL) to a connected charger and keeps it, with how it ended, in the
/// commands table (docs/admin-api.md). The caller has checked the payload against its schema. This is the only way a CALL
/// reaches a charger: commands come from the admin API, never from an OCPP handler. A charger connected to another
/// instance on the same PostgreSQL database is reached through it (<see cref="RoutedCommands"/>, docs/deployment.md).
/// </summary>
public sealed class CommandSender(ChargerRegistry registry, CommandStore store, CommandCaller caller, RoutedCommands routed,
    TimeProvider time, ChargeMonitorMetrics metrics)
{
    /// <summary>
    /// Not cancellable on purpose: once asked for, a command runs to its outcome (bounded by the call timeout) even if
    /// the admin client goes away, so that its record says how it ended.
    /// </summary>
    /// <param name="audit">The audit row of an operator's command, appended with its outcome when the charger answered it; null
    /// when the command is part of another change (a charger's new AuthorizationKey), audited there.</param>
    public async Task<(long CommandId, ServerCallResult Result)> SendAsync(string chargePointId, string action, JObject payload,
        AuditDraft? audit = null)
    {
        var request = ConfigurationSecrets.ForLog(action, payload);
        var requestedAt = time.GetUtcNow();
        if (!registry.TryGet(chargePointId, out var connection))
        {
            if (await routed.TrySendAsync(chargePointId, action, request, payload.ToString(Formatting.None), audit) is { } elsewhere)
                return elsewhere;
            var notConnected = ServerCallResult.NotConnected;
            var id = await store.InsertAsync(chargePointId, action, request, notConnected.Outcome.ToString(), requestedAt, requestedAt,
                notConnected.ErrorDescription, CancellationToken.None);
            metrics.CommandSent(action, CommandCaller.OutcomeTag(notConnected.Outcome));
            return (id, notConnected);
        }

        var commandId = await store.InsertAsync(chargePointId, action, request, CommandRecord.Pending, requestedAt, null, null, CancellationToken.None);
        return (commandId, await caller.CallAsync(connection, commandId, action, payload, audit));
    }
}

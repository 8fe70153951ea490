using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using OcppCentral.Admission;
using OcppCentral.Operations;
using OcppCentral.Storage;
using OcppCentral.Transport;

namespace OcppCentral.Admin.Commands;

/// <summary>
/// Sends a command (a server-initiated CALL) to a connected charger and keeps it, with how it ended, in the
/// commands table (docs/admin-api.md). The caller has checked the payload against its schema. This is the only way a CALL
/// reaches a charger: commands come from the admin API, never from an OCPP handler.
/// </summary>
public sealed class CommandSender(ChargerRegistry registry, CommandStore store, ChargePointStore chargers, ChargerAdmission admission,
    TimeProvider time, ChargeMonitorMetrics metrics, ILogger<CommandSender> logger)
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
            var notConnected = ServerCallResult.NotConnected;
            var id = await store.InsertAsync(chargePointId, action, request, notConnected.Outcome.ToString(), requestedAt, requestedAt,
                notConnected.ErrorDescription, CancellationToken.None);
            metrics.CommandSent(action, OutcomeTag(notConnected.Outcome));
            return (id, notConnected);
        }

        var commandId = await store.InsertAsync(chargePointId, action, request, CommandRecord.Pending, requestedAt, null, null, CancellationToken.None);
        var answered = await connection.CallAsync(action, payload, CancellationToken.None);
        // From here on only the redacted answer exists: it is what the log keeps and what the caller is shown.
        var result = answered.Response is { } response ? answered with { Response = ConfigurationSecrets.AnswerForLog(action, response) } : answered;
        await store.CompleteAsync(commandId, result.Outcome.ToString(), result.Response?.ToString(Formatting.None), result.ErrorCode,
            result.ErrorDescription, time.GetUtcNow(), result.Outcome == ServerCallOutcome.Answered ? audit : null, CancellationToken.None);
        metrics.CommandSent(action, OutcomeTag(result.Outcome));
        logger.LogInformation("Command {CommandId} {Action} to {ChargePointId}: {Outcome}", commandId, action, chargePointId, result.Outcome);
        if (ConfigurationSecrets.NewPassword(action, payload, answered.Response) is { Length: > 0 } password)
        {
            await chargers.UpsertAsync(chargePointId, PasswordHash.Create(password), null, clearTariff: false, time.GetUtcNow(), CancellationToken.None);
            admission.Forget(chargePointId);
            logger.LogInformation("{ChargePointId} accepted a new AuthorizationKey; its HTTP Basic password is updated", chargePointId);
        }
        return (commandId, result);
    }

    /// <summary>The outcome as the metric's tag value (docs/observability.md).</summary>
    private static string OutcomeTag(ServerCallOutcome outcome) => outcome switch
    {
        ServerCallOutcome.Answered => "answered",
        ServerCallOutcome.CallError => "call_error",
        ServerCallOutcome.Timeout => "timeout",
        ServerCallOutcome.Disconnected => "disconnected",
        _ => "not_connected",
    };
}

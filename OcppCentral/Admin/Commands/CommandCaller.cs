using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using OcppCentral.Admission;
using OcppCentral.Operations;
using OcppCentral.Storage;
using OcppCentral.Transport;

namespace OcppCentral.Admin.Commands;

/// <summary>
/// The part of a command that needs the charger's connection, on the instance that holds it (docs/admin-api.md,
/// docs/deployment.md): the OCPP call of a command already written as Pending, its outcome recorded (with the operator's
/// audit row when the charger answered), and a new AuthorizationKey the charger accepted made its HTTP Basic password.
/// </summary>
public sealed class CommandCaller(CommandStore store, ChargePointStore chargers, ChargerAdmission admission, TimeProvider time,
    ChargeMonitorMetrics metrics, ILogger<CommandCaller> logger)
{
    /// <summary>Not cancellable on purpose: once asked for, a command runs to its outcome (bounded by the call timeout).</summary>
    public async Task<ServerCallResult> CallAsync(ChargerConnection connection, long commandId, string action, JObject payload, AuditDraft? audit)
    {
        var chargePointId = connection.ChargePointId;
        var answered = await connection.CallAsync(action, payload, CancellationToken.None);
        // From here on only the redacted answer exists: it is what the log keeps and what the caller is shown.
        var result = answered.Response is { } response ? answered with { Response = ConfigurationSecrets.AnswerForLog(action, response) } : answered;
        await store.CompleteAsync(commandId, result.Outcome.ToString(), result.Response?.ToString(Formatting.None), result.ErrorCode,
            result.ErrorDescription, result.ErrorDetails?.ToString(Formatting.None), time.GetUtcNow(),
            result.Outcome == ServerCallOutcome.Answered ? audit : null, CancellationToken.None);
        metrics.CommandSent(action, OutcomeTag(result.Outcome));
        logger.LogInformation("Command {CommandId} {Action} to {ChargePointId}: {Outcome}", commandId, action, chargePointId, result.Outcome);
        if (ConfigurationSecrets.NewPassword(action, payload, answered.Response) is { Length: > 0 } password)
        {
            await chargers.UpsertAsync(chargePointId, PasswordHash.Create(password), null, clearTariff: false, time.GetUtcNow(), CancellationToken.None);
            admission.Forget(chargePointId);
            logger.LogInformation("{ChargePointId} accepted a new AuthorizationKey; its HTTP Basic password is updated", chargePointId);
        }
        return result;
    }

    /// <summary>A command that was not sent because the charger is connected nowhere: recorded as such.</summary>
    public async Task NotConnectedAsync(long commandId, string action)
    {
        var notConnected = ServerCallResult.NotConnected;
        await store.CompleteAsync(commandId, notConnected.Outcome.ToString(), null, null, notConnected.ErrorDescription, null, time.GetUtcNow(), null,
            CancellationToken.None);
        metrics.CommandSent(action, OutcomeTag(notConnected.Outcome));
    }

    /// <summary>The outcome as the metric's tag value (docs/observability.md).</summary>
    public static string OutcomeTag(ServerCallOutcome outcome) => outcome switch
    {
        ServerCallOutcome.Answered => "answered",
        ServerCallOutcome.CallError => "call_error",
        ServerCallOutcome.Timeout => "timeout",
        ServerCallOutcome.Disconnected => "disconnected",
        _ => "not_connected",
    };
}

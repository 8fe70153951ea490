using OcppCentral.Messages;
using OcppCentral.Protocol;

namespace ChargeMonitor.Simulator.Chargers;

/// <summary>
/// How the charger answers the central system's calls (OCPP 1.6 §5), decided from a snapshot of its state:
/// the answer, and what to do once the answer is out. Pure apart from ChangeConfiguration writing the store.
/// </summary>
internal static class ServerCallResponder
{
    public const int ConnectorId = 1;

    private static readonly HashSet<string> Triggerable = new(StringComparer.Ordinal)
    {
        "BootNotification", "DiagnosticsStatusNotification", "FirmwareStatusNotification", "Heartbeat", "MeterValues", "StatusNotification",
    };

    public static (object Response, ChargerCommand? Then) Decide(OcppCall call, ChargerSnapshot state, ConfigurationStore configuration,
        SchemaValidator? schemas)
    {
        if (schemas?.ValidateRequest(call.Action, call.Payload) is { } violation && schemas.IsKnownAction(call.Action))
            return (OcppCallError.Create(call.MessageId, violation.ErrorCode, violation.Description), null);

        return call.Action switch
        {
            "RemoteStartTransaction" => RemoteStart(Read<RemoteStartTransactionRequest>(call), state),
            "RemoteStopTransaction" => RemoteStop(Read<RemoteStopTransactionRequest>(call), state),
            "Reset" => (new ResetResponse("Accepted"), new ResetCommand(Read<ResetRequest>(call).Type == "Hard")),
            "UnlockConnector" => Unlock(Read<UnlockConnectorRequest>(call), state),
            "ChangeAvailability" => ChangeAvailability(Read<ChangeAvailabilityRequest>(call), state),
            "ChangeConfiguration" => (Change(Read<ChangeConfigurationRequest>(call), configuration), null),
            "GetConfiguration" => (configuration.Get(Read<GetConfigurationRequest>(call).Key), null),
            "ClearCache" => (new ClearCacheResponse("Accepted"), null),
            "TriggerMessage" => Trigger(Read<TriggerMessageRequest>(call)),
            "DataTransfer" => (DataTransfer(Read<DataTransferRequest>(call), state), null),
            _ when schemas?.IsKnownAction(call.Action) ?? true =>
                (OcppCallError.Create(call.MessageId, OcppErrorCode.NotSupported, $"The simulator does not support {call.Action}."), null),
            _ => (OcppCallError.Create(call.MessageId, OcppErrorCode.NotImplemented, $"{call.Action} is not an OCPP 1.6 action."), null),
        };
    }

    /// <summary>§5.11: accepted when the connector is free and operative; the charger then starts without Authorize.</summary>
    private static (object, ChargerCommand?) RemoteStart(RemoteStartTransactionRequest request, ChargerSnapshot state) =>
        (request.ConnectorId ?? ConnectorId) == ConnectorId && !state.SessionRunning && state.Operative
            ? (new RemoteStartTransactionResponse("Accepted"), new StartSessionCommand(request.IdTag))
            : (new RemoteStartTransactionResponse("Rejected"), null);

    private static (object, ChargerCommand?) RemoteStop(RemoteStopTransactionRequest request, ChargerSnapshot state) =>
        state.ActiveTransactionId == request.TransactionId
            ? (new RemoteStopTransactionResponse("Accepted"), new StopSessionCommand(request.TransactionId, "Remote"))
            : (new RemoteStopTransactionResponse("Rejected"), null);

    /// <summary>§5.18: unlocking under a running transaction stops it first, with reason UnlockCommand.</summary>
    private static (object, ChargerCommand?) Unlock(UnlockConnectorRequest request, ChargerSnapshot state)
    {
        if (request.ConnectorId != ConnectorId)
            return (new UnlockConnectorResponse("UnlockFailed"), null);
        return (new UnlockConnectorResponse("Unlocked"),
            state.ActiveTransactionId is { } id ? new StopSessionCommand(id, "UnlockCommand") : null);
    }

    /// <summary>§5.2: Scheduled while a transaction runs; it takes effect when the transaction ends.</summary>
    private static (object, ChargerCommand?) ChangeAvailability(ChangeAvailabilityRequest request, ChargerSnapshot state)
    {
        if (request.ConnectorId is not (0 or ConnectorId))
            return (new ChangeAvailabilityResponse("Rejected"), null);
        var operative = request.Type == "Operative";
        var status = !operative && state.ActiveTransactionId is not null ? "Scheduled" : "Accepted";
        return (new ChangeAvailabilityResponse(status), new SetAvailabilityCommand(operative));
    }

    private static ChangeConfigurationResponse Change(ChangeConfigurationRequest request, ConfigurationStore configuration) =>
        new(configuration.Change(request.Key, request.Value));

    /// <summary>§5.17: the requested message is sent after this answer.</summary>
    private static (object, ChargerCommand?) Trigger(TriggerMessageRequest request)
    {
        if (!Triggerable.Contains(request.RequestedMessage))
            return (new TriggerMessageResponse("NotImplemented"), null);
        if (request.ConnectorId is { } connector && connector is not (0 or ConnectorId))
            return (new TriggerMessageResponse("Rejected"), null);
        return (new TriggerMessageResponse("Accepted"), new SendMessageCommand(request.RequestedMessage, request.ConnectorId));
    }

    private static DataTransferResponse DataTransfer(DataTransferRequest request, ChargerSnapshot state) =>
        request.VendorId == state.Vendor
            ? new DataTransferResponse(DataTransferStatus.Accepted, request.Data)
            : new DataTransferResponse(DataTransferStatus.UnknownVendorId);

    private static T Read<T>(OcppCall call) => call.Payload.ToObject<T>(OcppJson.Serializer)
        ?? throw new OcppProtocolException(OcppErrorCode.FormationViolation, "Empty payload.");
}

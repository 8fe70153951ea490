using ChargeMonitor.Simulator.Charging;
using ChargeMonitor.Simulator.Client;
using ChargeMonitor.Simulator.Display;
using Newtonsoft.Json;
using OcppCentral.Messages;
using OcppCentral.Protocol;

namespace ChargeMonitor.Simulator.Chargers;

/// <summary>
/// Answers the central system's calls with <see cref="ServerCallResponder"/> and carries out what the answer
/// promised once it has been written (a remote start, a stop, a reboot, a triggered message).
/// </summary>
internal sealed class ServerCallHandler(ChargerRuntime charger, SchemaValidator? schemas)
{
    /// <summary>The charger's lifetime; follow-ups stop with it.</summary>
    public CancellationToken Lifetime { get; set; }

    public Task<object> HandleAsync(OcppCall call)
    {
        object response;
        ChargerCommand? then;
        if (call.Action == "DataTransfer" && charger.Display is { } display
            && call.Payload["vendorId"]?.ToString() == CostDisplayScreen.VendorId
            && (schemas?.ValidateRequest(call.Action, call.Payload) is null))
        {
            var (answer, shown) = display.Receive(call.Payload.ToObject<DataTransferRequest>(OcppJson.Serializer)!);
            return Task.FromResult<object>(shown is null ? answer : new ServerCallReply(answer, shown));
        }
        try
        {
            (response, then) = ServerCallResponder.Decide(call, charger.Snapshot(), charger.Configuration, schemas);
        }
        catch (OcppProtocolException ex)
        {
            return Task.FromResult<object>(OcppCallError.Create(call.MessageId, ex.ErrorCode, ex.Message));
        }
        catch (JsonException ex)
        {
            return Task.FromResult<object>(OcppCallError.Create(call.MessageId, OcppErrorCode.PropertyConstraintViolation, ex.Message));
        }
        return Task.FromResult(then is null ? response : new ServerCallReply(response, () => ExecuteAsync(then)));
    }

    private async Task ExecuteAsync(ChargerCommand command)
    {
        switch (command)
        {
            case StartSessionCommand start:
                if (!charger.Control.RequestRemoteStart(start.IdTag))
                    charger.Errors.Add("RemoteStartTransaction: accepted, but a session had started meanwhile");
                break;
            case StopSessionCommand stop:
                charger.Control.RequestStop(stop.Reason, stop.TransactionId);
                break;
            case ResetCommand reset:
                await ResetAsync(reset.Hard).ConfigureAwait(false);
                break;
            case SetAvailabilityCommand availability:
                charger.Operative = availability.Operative;
                if (!charger.Control.SessionRunning)
                {
                    var status = availability.Operative ? "Available" : "Unavailable";
                    Track(charger.SendStatus(status, 0), "StatusNotification");
                    Track(charger.SendStatus(status), "StatusNotification");
                }
                break;
            case SendMessageCommand message:
                SendTriggered(message);
                break;
        }
    }

    /// <summary>OCPP 1.6 §5.14: stop the transaction with reason SoftReset/HardReset, then reboot.</summary>
    private async Task ResetAsync(bool hard)
    {
        if (charger.Control.RequestStop(hard ? "HardReset" : "SoftReset"))
            await charger.Control.WhenIdleAsync(Lifetime).ConfigureAwait(false);
        await charger.WaitForOutboxAsync(charger.Options.CallTimeout, Lifetime).ConfigureAwait(false);
        await charger.Connection.RestartAsync(hard, charger.Options.RebootDowntime, Lifetime).ConfigureAwait(false);
    }

    private void SendTriggered(SendMessageCommand message)
    {
        switch (message.Action)
        {
            case "BootNotification":
                Track(charger.Send("BootNotification", BootSequence.Request(charger)), "BootNotification (triggered)");
                break;
            case "Heartbeat":
                Track(charger.Send("Heartbeat", new HeartbeatRequest()), "Heartbeat (triggered)");
                break;
            case "StatusNotification":
                if (message.ConnectorId is null or 0)
                    Track(charger.SendStatus(charger.Operative ? "Available" : "Unavailable", 0), "StatusNotification (triggered)");
                if (message.ConnectorId is null or ServerCallResponder.ConnectorId)
                    Track(charger.SendStatus(charger.ConnectorStatus), "StatusNotification (triggered)");
                break;
            case "MeterValues":
                Track(charger.Send("MeterValues", TriggeredMeterValues()), "MeterValues (triggered)");
                break;
            case "DiagnosticsStatusNotification":
                Track(charger.Send(message.Action, new DiagnosticsStatusNotificationRequest("Idle")), message.Action);
                break;
            case "FirmwareStatusNotification":
                Track(charger.Send(message.Action, new FirmwareStatusNotificationRequest("Idle")), message.Action);
                break;
        }
    }

    private MeterValuesRequest TriggeredMeterValues()
    {
        var transactionId = charger.Control.ActiveTransactionId;
        var reading = charger.ReadMeter();
        var value = transactionId is null
            ? MeterValueFactory.RegisterOnly(reading.Timestamp, reading.RegisterWholeWh, MeterValueFactory.Trigger, charger.RegisterUnit)
            : MeterValueFactory.Full(reading, MeterValueFactory.Trigger, charger.RegisterUnit);
        return new MeterValuesRequest(ServerCallResponder.ConnectorId, [value], transactionId);
    }

    private void Track(Task answer, string what) => answer.ContinueWith(
        task => charger.Errors.Add($"{what}: {task.Exception!.InnerException!.Message}"),
        CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
}

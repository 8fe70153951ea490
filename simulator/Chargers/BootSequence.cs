using ChargeMonitor.Simulator.Client;
using OcppCentral.Messages;

namespace ChargeMonitor.Simulator.Chargers;

/// <summary>
/// What a charger does on a fresh connection. After a (re)boot: BootNotification until Accepted (OCPP 1.6 §4.2:
/// Pending and Rejected mean "try again after interval"), then StatusNotification for the charger (connector 0)
/// and its connector. After a mere network drop nothing: a BootNotification would tell the server the
/// charger rebooted, which ends its running transaction (docs/anomalies-and-feedback.md InterruptedByReboot).
/// </summary>
internal static class BootSequence
{
    private static readonly TimeSpan RetryWithoutInterval = TimeSpan.FromSeconds(10);

    public static async Task RunAsync(ChargerRuntime charger, OcppClient client, CancellationToken ct)
    {
        if (!charger.Connection.NeedsBoot)
            return;
        var request = Request(charger);
        while (true)
        {
            var retryAfter = RetryWithoutInterval;
            try
            {
                var answer = await CallAsync<BootNotificationResponse>(charger, client, "BootNotification", request, ct).ConfigureAwait(false);
                if (answer.Status == RegistrationStatus.Accepted)
                {
                    charger.Configuration.SetHeartbeatInterval(answer.Interval);
                    break;
                }
                charger.Errors.Add($"BootNotification: {answer.Status}");
                if (answer.Interval > 0)
                    retryAfter = TimeSpan.FromSeconds(answer.Interval);
            }
            catch (OcppCallFailedException ex)
            {
                charger.Errors.Add($"BootNotification: {ex.Message}");
            }
            await Task.Delay(retryAfter, charger.Time, ct).ConfigureAwait(false);
        }
        charger.Connection.NeedsBoot = false;

        var availability = charger.Operative ? "Available" : "Unavailable";
        await CallAsync<StatusNotificationResponse>(charger, client, "StatusNotification",
            new StatusNotificationRequest(0, "NoError", availability, Timestamp: charger.Now), ct).ConfigureAwait(false);
        charger.ConnectorStatus = availability;
        await CallAsync<StatusNotificationResponse>(charger, client, "StatusNotification",
            new StatusNotificationRequest(ServerCallResponder.ConnectorId, "NoError", availability, Timestamp: charger.Now), ct).ConfigureAwait(false);
    }

    public static BootNotificationRequest Request(ChargerRuntime charger) => new(charger.Options.Vendor, charger.Options.Model,
        ChargePointSerialNumber: Serial(charger.ChargePointId), FirmwareVersion: charger.Options.FirmwareVersion,
        MeterType: "SimMeter " + charger.Kind.Name);

    private static async Task<T> CallAsync<T>(ChargerRuntime charger, OcppClient client, string action, object payload, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(charger.Options.CallTimeout);
        try
        {
            return await client.CallAsync<T>(action, payload, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            client.Abort();
            throw new TimeoutException($"{action} was not answered within {charger.Options.CallTimeout.TotalSeconds:0} s.");
        }
    }

    /// <summary>chargePointSerialNumber is a CiString25.</summary>
    private static string Serial(string chargePointId) => chargePointId.Length <= 25 ? chargePointId : chargePointId[..25];
}

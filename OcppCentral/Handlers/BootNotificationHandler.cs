using Microsoft.Extensions.Options;
using OcppCentral.CostDisplay;
using OcppCentral.Ledger;
using OcppCentral.Messages;
using OcppCentral.Protocol;

namespace OcppCentral.Handlers;

/// <summary>
/// OCPP 1.6 §4.2 BootNotification: registers the charger (or updates what it says of itself), accepts it with
/// the configured heartbeat interval and the server's clock. A boot while a session is Active means the
/// charger lost that session: it is closed at its last known reading with stopReason Reboot (docs/anomalies-and-feedback.md).
/// After the answer, the charger's display configuration is read (docs/charger-display.md).
/// </summary>
public sealed class BootNotificationHandler(TransactionLedger ledger, CostDisplayService costDisplay, IOptions<ChargeMonitorOptions> options,
    TimeProvider time, ILogger<BootNotificationHandler> logger)
{
    public async Task<BootNotificationResponse> HandleAsync(OcppRequestContext context, BootNotificationRequest request, CancellationToken ct)
    {
        var interrupted = await ledger.RecordBootAsync(new ChargerBoot(context.ChargePointId, request.ChargePointVendor,
            request.ChargePointModel, request.ChargePointSerialNumber ?? request.ChargeBoxSerialNumber, request.FirmwareVersion,
            context.ReceivedAt), ct);
        if (interrupted > 0)
            logger.LogWarning("{ChargePointId} rebooted with {Count} active session(s); closed them at their last reading",
                context.ChargePointId, interrupted);
        logger.LogInformation("{ChargePointId} booted: {Vendor} {Model}, firmware {Firmware}",
            context.ChargePointId, request.ChargePointVendor, request.ChargePointModel, request.FirmwareVersion);
        costDisplay.AfterBoot(context);
        return new BootNotificationResponse(RegistrationStatus.Accepted, time.GetUtcNow(), options.Value.HeartbeatInterval);
    }
}

using OcppCentral.Messages;
using OcppCentral.Protocol;

namespace OcppCentral.Handlers;

/// <summary>OCPP 1.6 §4.5: progress of a firmware update; logged.</summary>
public sealed class FirmwareStatusNotificationHandler(ILogger<FirmwareStatusNotificationHandler> logger)
{
    public Task<FirmwareStatusNotificationResponse> HandleAsync(OcppRequestContext context,
        FirmwareStatusNotificationRequest request, CancellationToken ct)
    {
        logger.LogInformation("{ChargePointId} firmware update: {Status}", context.ChargePointId, request.Status);
        return Task.FromResult(new FirmwareStatusNotificationResponse());
    }
}

using OcppCentral.Messages;
using OcppCentral.Protocol;
using OcppCentral.Storage;

namespace OcppCentral.Handlers;

/// <summary>OCPP 1.6 §4.9 StatusNotification: the connector's latest status and error code are kept for the admin API.</summary>
public sealed class StatusNotificationHandler(ChargePointStore chargers, ILogger<StatusNotificationHandler> logger)
{
    private static readonly StatusNotificationResponse Answer = new();

    public async Task<StatusNotificationResponse> HandleAsync(OcppRequestContext context, StatusNotificationRequest request, CancellationToken ct)
    {
        var at = request.Timestamp ?? context.ReceivedAt;
        await chargers.RecordStatusAsync(context.ChargePointId, request.ConnectorId, request.Status, request.ErrorCode, request.Info,
            request.VendorErrorCode, at, context.ReceivedAt, ct);
        if (request.ErrorCode != "NoError")
            logger.LogWarning("{ChargePointId} connector {ConnectorId} reports {Status} with error {ErrorCode} ({Info})",
                context.ChargePointId, request.ConnectorId, request.Status, request.ErrorCode, request.Info);
        return Answer;
    }
}

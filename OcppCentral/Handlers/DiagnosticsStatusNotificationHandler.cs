using OcppCentral.Messages;
using OcppCentral.Protocol;

namespace OcppCentral.Handlers;

/// <summary>OCPP 1.6 §4.4: progress of a diagnostics upload; logged.</summary>
public sealed class DiagnosticsStatusNotificationHandler(ILogger<DiagnosticsStatusNotificationHandler> logger)
{
    public Task<DiagnosticsStatusNotificationResponse> HandleAsync(OcppRequestContext context,
        DiagnosticsStatusNotificationRequest request, CancellationToken ct)
    {
        logger.LogInformation("{ChargePointId} diagnostics upload: {Status}", context.ChargePointId, request.Status);
        return Task.FromResult(new DiagnosticsStatusNotificationResponse());
    }
}

using OcppCentral.Messages;
using OcppCentral.Protocol;
using OcppCentral.Storage;

namespace OcppCentral.Handlers;

/// <summary>The route table: every charger-initiated OCPP 1.6 Core action and the handler in this folder that answers it.</summary>
public static class OcppRoutes
{
    /// <summary>The handlers and the router that dispatches to them.</summary>
    public static IServiceCollection AddOcppHandlers(this IServiceCollection services)
    {
        services.AddSingleton<IdTagAuthorizer>();
        services.AddSingleton<AuthorizeHandler>();
        services.AddSingleton<BootNotificationHandler>();
        services.AddSingleton<DataTransferHandler>();
        services.AddSingleton<DiagnosticsStatusNotificationHandler>();
        services.AddSingleton<FirmwareStatusNotificationHandler>();
        services.AddSingleton<HeartbeatHandler>();
        services.AddSingleton<MeterValuesHandler>();
        services.AddSingleton<StartTransactionHandler>();
        services.AddSingleton<StatusNotificationHandler>();
        services.AddSingleton<StopTransactionHandler>();
        return services.AddSingleton(Build);
    }

    private static OcppRouter Build(IServiceProvider sp)
    {
        var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger("OcppCentral.Protocol.OcppRouter");
        var router = new OcppRouter(SchemaValidator.Load(SchemaValidator.DefaultDirectory), (context, action, ex) =>
        {
            // A database fault is logged once, with its details, when it is found (DatabaseGuard); each refusal in one line.
            if (ex is DatabaseFaultException fault)
                logger.LogWarning("{ChargePointId} {Action} {MessageId} refused: {Reason}", context.ChargePointId, action, context.MessageId, fault.Message);
            else
                logger.LogError(ex, "{ChargePointId} {Action} {MessageId} failed", context.ChargePointId, action, context.MessageId);
        });
        return router
            .Map<AuthorizeRequest, AuthorizeResponse>("Authorize", sp.GetRequiredService<AuthorizeHandler>().HandleAsync)
            .Map<BootNotificationRequest, BootNotificationResponse>("BootNotification", sp.GetRequiredService<BootNotificationHandler>().HandleAsync)
            .Map<DataTransferRequest, DataTransferResponse>("DataTransfer", sp.GetRequiredService<DataTransferHandler>().HandleAsync)
            .Map<DiagnosticsStatusNotificationRequest, DiagnosticsStatusNotificationResponse>("DiagnosticsStatusNotification",
                sp.GetRequiredService<DiagnosticsStatusNotificationHandler>().HandleAsync)
            .Map<FirmwareStatusNotificationRequest, FirmwareStatusNotificationResponse>("FirmwareStatusNotification",
                sp.GetRequiredService<FirmwareStatusNotificationHandler>().HandleAsync)
            .Map<HeartbeatRequest, HeartbeatResponse>("Heartbeat", sp.GetRequiredService<HeartbeatHandler>().HandleAsync)
            .Map<MeterValuesRequest, MeterValuesResponse>("MeterValues", sp.GetRequiredService<MeterValuesHandler>().HandleAsync)
            .Map<StartTransactionRequest, StartTransactionResponse>("StartTransaction", sp.GetRequiredService<StartTransactionHandler>().HandleAsync)
            .Map<StatusNotificationRequest, StatusNotificationResponse>("StatusNotification", sp.GetRequiredService<StatusNotificationHandler>().HandleAsync)
            .Map<StopTransactionRequest, StopTransactionResponse>("StopTransaction", sp.GetRequiredService<StopTransactionHandler>().HandleAsync);
    }
}

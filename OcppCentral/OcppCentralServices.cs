using Microsoft.Extensions.Options;
using OcppCentral.Admin;
using OcppCentral.Handlers;
using OcppCentral.Ledger;
using OcppCentral.Messages;
using OcppCentral.Protocol;
using OcppCentral.Storage;
using OcppCentral.Transport;
using OcppCentral.Web;

namespace OcppCentral;

/// <summary>All wiring in one place: settings, storage, handlers and their routes, transport, admin.</summary>
public static class OcppCentralServices
{
    public static WebApplicationBuilder AddOcppCentral(this WebApplicationBuilder builder, string[] args)
    {
        builder.Configuration.AddEnvironmentVariables("CHARGEMONITOR_");
        builder.Configuration.AddCommandLine(args, ChargeMonitorOptions.SwitchMappings.ToDictionary());
        if (string.IsNullOrEmpty(builder.Configuration["urls"]))
            builder.Configuration["urls"] = "http://localhost:8180";
        // A failed start is reported as one line by OcppCentralApp.RunAsync; the host's own stack trace would bury it.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None);

        var services = builder.Services;
        services.Configure<ChargeMonitorOptions>(builder.Configuration);
        services.Configure<OcppTransportOptions>(builder.Configuration.GetSection("Ocpp"));
        services.AddSingleton(TimeProvider.System);

        services.AddSingleton(sp => new Database(sp.GetRequiredService<IOptions<ChargeMonitorOptions>>().Value.Database));
        services.AddSingleton<StorageWriter>();
        services.AddSingleton<ChargePointStore>();
        services.AddSingleton<IdTagStore>();
        services.AddSingleton<TariffStore>();
        services.AddSingleton<SessionStore>();
        services.AddSingleton<MeterValueStore>();
        services.AddSingleton<OrphanStore>();
        services.AddSingleton<FeedbackStore>();
        services.AddSingleton<AnomalyQueries>();
        services.AddSingleton<ReportQueries>();
        services.AddSingleton<UtilizationQuery>();
        services.AddSingleton<CommandStore>();
        services.AddSingleton<TransactionLedger>();

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
        services.AddSingleton(BuildRouter);

        services.AddSingleton<ChargerRegistry>();
        services.AddSingleton<ChargerAdmission>();
        services.AddSingleton<ChargerPresence>();
        services.AddSingleton<ServerCallTimeout>();
        services.AddHostedService<ChargerShutdown>();

        services.AddAdminApi();
        services.AddConsole();
        return builder;
    }

    /// <summary>The route table: every charger-initiated OCPP 1.6 Core action and its handler (SPEC 3).</summary>
    private static OcppRouter BuildRouter(IServiceProvider sp)
    {
        var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger("OcppCentral.Protocol.OcppRouter");
        var router = new OcppRouter(SchemaValidator.Load(SchemaValidator.DefaultDirectory), (context, action, ex) =>
            logger.LogError(ex, "{ChargePointId} {Action} {MessageId} failed", context.ChargePointId, action, context.MessageId));
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

using Microsoft.Extensions.Options;
using OcppCentral.Admin;
using OcppCentral.Admission;
using OcppCentral.Cluster;
using OcppCentral.CostDisplay;
using OcppCentral.Handlers;
using OcppCentral.Health;
using OcppCentral.Ledger;
using OcppCentral.Storage;
using OcppCentral.Transport;
using OcppCentral.Web;
using OcppCentral.Webhooks;

namespace OcppCentral;

/// <summary>All wiring in one place: settings, storage, the ledger, handlers and their routes, transport, admin.</summary>
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
        builder.UseLogFormat(builder.Configuration[nameof(ChargeMonitorOptions.LogFormat)]);

        var services = builder.Services;
        // Bound now, checked before the database is opened (OcppCentralApp.StartAsync): a bad value stops the server with its reason.
        services.AddOptions<ChargeMonitorOptions>().Bind(builder.Configuration).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ChargeMonitorOptions>>(new ProblemValidation<ChargeMonitorOptions>(o => o.Problem()));
        services.AddOptions<OcppTransportOptions>().Bind(builder.Configuration.GetSection("Ocpp")).ValidateOnStart();
        services.AddSingleton<IValidateOptions<OcppTransportOptions>>(new ProblemValidation<OcppTransportOptions>(o => o.Problem()));
        services.AddOptions<ClusterOptions>().Bind(builder.Configuration.GetSection("Cluster")).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ClusterOptions>>(new ProblemValidation<ClusterOptions>(o => o.Problem()));
        services.AddOptions<WebSocketOptions>().Configure<IOptions<OcppTransportOptions>>((webSockets, transport) =>
        {
            webSockets.KeepAliveInterval = transport.Value.KeepAliveInterval;
            webSockets.KeepAliveTimeout = transport.Value.KeepAliveTimeout;
        });
        services.AddSingleton(TimeProvider.System);
        builder.AddChargerTls();
        builder.AddChargerListeners();

        services.AddSingleton(sp => new Database(sp.GetRequiredService<IOptions<ChargeMonitorOptions>>().Value.Database,
            sp.GetRequiredService<ILogger<DatabaseGuard>>()));
        services.AddSingleton<StorageWriter>();
        services.AddSingleton<ChargePointStore>();
        services.AddSingleton<IdTagStore>();
        services.AddSingleton<TariffStore>();
        services.AddSingleton<SessionStore>();
        services.AddSingleton<ClosedSessionStore>();
        services.AddSingleton<SessionVersionStore>();
        services.AddSingleton<MeterValueStore>();
        services.AddSingleton<OrphanStore>();
        services.AddSingleton<FeedbackStore>();
        services.AddSingleton<CommandStore>();
        services.AddSingleton<ChargerEventStore>();
        services.AddSingleton<MessageLogStore>();
        services.AddSingleton<AnomalyQueries>();
        services.AddSingleton<ReportQueries>();
        services.AddSingleton<UtilizationQuery>();
        services.AddSingleton<RunningEstimates>();
        services.AddSingleton<TransactionLedger>();
        services.AddSingleton<CorrectionLedger>();
        services.AddSingleton<TariffRepricing>();
        services.AddSingleton<AnomalyDecisions>();
        services.AddSingleton<StaleSessionSweep>();
        services.AddHostedService(sp => sp.GetRequiredService<StaleSessionSweep>());
        services.AddSingleton<AuditStore>();
        services.AddSingleton<WebhookStore>();
        services.AddSingleton<WebhookOutbox>();
        services.AddSingleton<ChargerDisplayStore>();
        services.AddSingleton<ChargerDisplays>();
        services.AddSingleton<CostDisplayService>();

        services.AddOcppHandlers();

        services.AddSingleton<ClientCertificateCheck>();
        services.AddSingleton<ChargerAdmission>();
        services.AddSingleton<MessageLog>();
        services.AddSingleton<MessageLogRetention>();
        services.AddHostedService(sp => sp.GetRequiredService<MessageLogRetention>());
        services.AddHostedService<MessageLogDrain>();
        services.AddSingleton<ChargerRegistry>();
        services.AddSingleton<ChargerPresence>();
        services.AddSingleton<ServerCallTimeout>();
        services.AddSingleton<OcppHandshake>();
        services.AddHostedService<ChargerShutdown>();

        services.AddSingleton<InstanceIdentity>();
        services.AddSingleton<ClusterStore>();
        services.AddSingleton<ConnectionHolders>();
        services.AddSingleton<RoutedCommands>();
        services.AddSingleton<ClusterPresence>();
        services.AddSingleton<ClusterCoordinator>();
        services.AddHostedService(sp => sp.GetRequiredService<ClusterCoordinator>());

        services.AddHostedService<WebhookDeliveryWorker>();
        services.AddHostedService<ChargerOfflineWatch>();

        services.AddHealth();
        services.AddAdminApi();
        services.AddConsole();
        return builder;
    }

    /// <summary>
    /// The console log as text (the default formatter) or as JSON lines (the built-in JSON formatter) with the scopes as
    /// fields: ChargePointId while a charger's message is handled, TransactionId while a transaction message is
    /// (docs/operations.md, Logs). Chosen while the host is built, so a bad value stops the start in one line.
    /// </summary>
    private static void UseLogFormat(this WebApplicationBuilder builder, string? format)
    {
        if (string.IsNullOrEmpty(format) || format.Equals(LogFormats.Text, StringComparison.OrdinalIgnoreCase))
            return;
        if (!format.Equals(LogFormats.Json, StringComparison.OrdinalIgnoreCase))
            throw new StartupException($"--log-format must be {LogFormats.Text} or {LogFormats.Json}, not '{format}'");
        // Registered after the configuration's console settings, so it wins over Logging:Console:FormatterName.
        builder.Logging.AddJsonConsole(json =>
        {
            json.IncludeScopes = true;
            json.UseUtcTimestamp = true;
            json.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
        });
    }
}

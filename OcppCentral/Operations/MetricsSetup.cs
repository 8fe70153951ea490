using System.Diagnostics.Metrics;
using OcppCentral.Admin;
using OcppCentral.Storage;
using OcppCentral.Transport;
using OpenTelemetry.Metrics;

namespace OcppCentral.Operations;

/// <summary>
/// <c>/metrics</c> in the Prometheus text format through OpenTelemetry (docs/observability.md): the ASP.NET Core and Kestrel
/// meters, the runtime's, and <see cref="ChargeMonitorMetrics"/>. Behind the admin key like /api unless
/// <c>--metrics-public true</c>; <c>--metrics false</c> leaves OpenTelemetry out (no listener, no endpoint).
/// </summary>
public static class MetricsSetup
{
    public const string Path = "/metrics";

    public static WebApplicationBuilder AddMetrics(this WebApplicationBuilder builder)
    {
        // Always there: the code that records does not ask whether anything listens (a measurement nobody listens to costs a flag check).
        builder.Services.AddSingleton<ChargeMonitorMetrics>();
        if (!Flag(builder.Configuration, nameof(ChargeMonitorOptions.Metrics), true))
            return builder;
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => ScopedToThisHost(metrics)
            .AddAspNetCoreInstrumentation()
            .AddRuntimeInstrumentation()
            .AddMeter(ChargeMonitorMetrics.MeterName)
            // Each scrape reads the instruments afresh: a scraper asks every few seconds, never many times a second.
            .AddPrometheusExporter(prometheus => prometheus.ScrapeResponseCacheDurationMilliseconds = 0));
        return builder;
    }

    /// <summary>
    /// OpenTelemetry listens to meters by name, process-wide; a meter made by another host's IMeterFactory in the same
    /// process (a second server in the tests) is that host's, not this one's, and is dropped. Process-wide meters (the
    /// runtime's) have no scope and stay.
    /// </summary>
    private static MeterProviderBuilder ScopedToThisHost(MeterProviderBuilder metrics) =>
        ((IDeferredMeterProviderBuilder)metrics).Configure((services, provider) =>
        {
            var own = services.GetRequiredService<IMeterFactory>();
            provider.AddView(instrument => instrument.Meter.Scope is null || ReferenceEquals(instrument.Meter.Scope, own)
                ? null
                : MetricStreamConfiguration.Drop);
        });

    public static WebApplication MapMetrics(this WebApplication app)
    {
        if (!Flag(app.Configuration, nameof(ChargeMonitorOptions.Metrics), true))
            return app;
        ObserveState(app.Services);
        var isPublic = Flag(app.Configuration, nameof(ChargeMonitorOptions.MetricsPublic), false);
        app.MapPrometheusScrapingEndpoint(Path, meterProvider: null,
            configureBranchedPipeline: isPublic ? null : scrape => scrape.UseMiddleware<AdminKeyMiddleware>(), optionsName: null);
        return app;
    }

    /// <summary>
    /// The instruments read when metrics are collected. Their owners are looked up then, not now: the server has started
    /// by the time anything scrapes, and resolving the storage writer before the settings are checked would open the
    /// database too early. A value that cannot be read (the server is stopping) is left out of that collection.
    /// </summary>
    private static void ObserveState(IServiceProvider services)
    {
        var metrics = services.GetRequiredService<ChargeMonitorMetrics>();
        metrics.Observe("chargemonitor.chargers.connected", "{charger}", "Chargers with an open OCPP connection.",
            () => Read(() => services.GetRequiredService<ChargerRegistry>().Count));
        metrics.Observe("chargemonitor.storage.queue.depth", "{operation}", "Writes waiting for the storage writer.",
            () => Read(() => services.GetRequiredService<StorageWriter>().QueueDepth));
        metrics.Observe("chargemonitor.sessions.active", "{session}", "Sessions Active in the database.",
            () => Read(() => services.GetRequiredService<SessionStore>().CountActive()));
    }

    private static IEnumerable<Measurement<long>> Read(Func<long> read)
    {
        long value;
        try
        {
            value = read();
        }
        catch (Exception ex) when (ex is ObjectDisposedException or InvalidOperationException or System.Data.Common.DbException)
        {
            return [];
        }
        return [new Measurement<long>(value)];
    }

    /// <summary>
    /// The setting as the options will read it. A value that is not a boolean is left to the options' own check at start
    /// (OcppCentralApp.ValidateSettings), which stops the server with its reason; here it counts as the default.
    /// </summary>
    private static bool Flag(IConfiguration configuration, string key, bool fallback) =>
        bool.TryParse(configuration[key], out var value) ? value : fallback;
}

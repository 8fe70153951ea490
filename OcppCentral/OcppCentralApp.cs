using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using OcppCentral.Admin;
using OcppCentral.Admin.Feedback;
using OcppCentral.Admin.Reports;
using OcppCentral.Pricing;
using OcppCentral.Storage;
using OcppCentral.Transport;
using OcppCentral.Web;

namespace OcppCentral;

/// <summary>Builds, prepares and runs the host. Tests use the same entry points with their own arguments.</summary>
public static class OcppCentralApp
{
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.AddOcppCentral(args);
        var app = builder.Build();

        var transport = ReadTransportOptions(app);
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = transport.KeepAliveInterval, KeepAliveTimeout = transport.KeepAliveTimeout });
        app.MapGet("/health", () => Results.Ok(new { status = "ok" }));
        app.MapOcppEndpoint();
        app.MapAdminApi();
        app.MapGroup("/api").MapDailyReportApi().MapFeedbackListApi();
        app.MapConsole();
        return app;
    }

    /// <summary>The Ocpp section, checked now: a bad limit or timing stops the server with its reason, not at the first charger.</summary>
    private static OcppTransportOptions ReadTransportOptions(WebApplication app)
    {
        OcppTransportOptions transport;
        try
        {
            transport = app.Services.GetRequiredService<IOptions<OcppTransportOptions>>().Value;
        }
        catch (InvalidOperationException ex)
        {
            throw new StartupException($"the Ocpp settings cannot be read: {ex.Message}", ex);
        }
        return transport.Problem() is { } problem ? throw new StartupException(problem) : transport;
    }

    /// <summary>Opens (or creates) the database and starts listening. Throws <see cref="StartupException"/> with a one-line reason.</summary>
    public static async Task StartAsync(WebApplication app, CancellationToken ct = default)
    {
        var database = app.Services.GetRequiredService<Database>();
        bool created;
        try
        {
            created = database.Initialize();
        }
        catch (Exception ex) when (ex is SqliteException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            throw new StartupException($"cannot open database '{database.Path}': {ex.Message}", ex);
        }
        if (created)
            await SeedDefaultTariffAsync(app, ct);

        var options = app.Services.GetRequiredService<IOptions<ChargeMonitorOptions>>().Value;
        if (string.IsNullOrEmpty(options.AdminKey))
            app.Logger.LogWarning("No admin key is set (--admin-key): /api answers loopback clients only");

        try
        {
            await app.StartAsync(ct);
        }
        catch (Exception ex) when (ex is IOException { InnerException: AddressInUseException } or AddressInUseException
                                       or SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse })
        {
            throw new StartupException($"cannot listen on {app.Configuration["urls"]}: the address is already in use", ex);
        }
        app.Logger.LogInformation("ChargeMonitor listening on {Urls} with database {Database}", string.Join(", ", app.Urls), database.Path);
    }

    /// <summary>
    /// Runs until SIGTERM or Ctrl+C, then shuts down gracefully and returns 0: chargers are closed with 1001 after their
    /// message in hand is answered (ChargerShutdown), Kestrel stops and finishes admin requests in flight, and disposing
    /// the host drains the storage writer, so everything acknowledged is committed before the process exits.
    /// </summary>
    public static async Task<int> RunAsync(string[] args)
    {
        WebApplication app;
        try
        {
            app = Build(args);
            await StartAsync(app);
        }
        catch (StartupException ex)
        {
            await Console.Error.WriteLineAsync($"ChargeMonitor cannot start: {ex.Message}");
            return 1;
        }
        await app.WaitForShutdownAsync();
        await app.DisposeAsync();
        return 0;
    }

    private static async Task SeedDefaultTariffAsync(WebApplication app, CancellationToken ct)
    {
        var document = app.Configuration.GetSection("DefaultTariff").Get<TariffDocument>();
        if (document is null)
        {
            app.Logger.LogWarning("appsettings.json has no DefaultTariff; sessions on chargers without a tariff will have no price");
            return;
        }
        var validation = Tariff.Validate(document with { Id = document.Id ?? TariffStore.DefaultTariffId });
        if (validation.Tariff is not { } tariff)
            throw new StartupException("DefaultTariff in appsettings.json is invalid: " +
                string.Join("; ", validation.Errors.Select(e => $"{e.Field}: {e.Message}")));
        var time = app.Services.GetRequiredService<TimeProvider>();
        await app.Services.GetRequiredService<TariffStore>().SeedAsync(tariff, time.GetUtcNow().ToUnixTimeMilliseconds(), ct);
        app.Logger.LogInformation("Created the database with the default tariff {TariffId}", tariff.Id);
    }
}

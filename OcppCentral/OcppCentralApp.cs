using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Options;
using OcppCentral.Cluster;
using OcppCentral.Pricing;
using OcppCentral.Storage;

namespace OcppCentral;

/// <summary>Prepares and runs the host that <see cref="Program.Build"/> composes. Tests use the same entry points with their own arguments.</summary>
public static class OcppCentralApp
{
    /// <summary>
    /// Checks the settings, opens (or creates) the database and starts listening. Throws <see cref="StartupException"/>
    /// with a one-line reason.
    /// </summary>
    public static async Task StartAsync(WebApplication app, CancellationToken ct = default)
    {
        ValidateSettings(app);
        Database database;
        try
        {
            database = app.Services.GetRequiredService<Database>();
        }
        catch (ArgumentException ex)
        {
            throw new StartupException($"--database: {ex.Message}", ex);
        }
        try
        {
            database.Initialize();
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or IOException or UnauthorizedAccessException or InvalidOperationException
                                       or TimeoutException or System.Net.Sockets.SocketException)
        {
            throw new StartupException($"cannot open database '{database.DisplayName}': {OneLine(ex)}", ex);
        }
        await SeedDefaultTariffAsync(app, ct);
        var instance = app.Services.GetRequiredService<InstanceIdentity>();
        await app.Services.GetRequiredService<ClusterCoordinator>().JoinAsync(ct);
        app.Logger.LogInformation("Instance {InstanceId} on {Database}{Shared}", instance.Id, database.DisplayName,
            instance.Shared ? ", which other instances may share" : "");
        var dangling = await app.Services.GetRequiredService<ChargerEventStore>().CloseDanglingAsync(ct, exceptHeld: instance.Shared);
        if (dangling > 0)
            app.Logger.LogWarning("{Count} charger connection(s) were open when the server last stopped; their history now ends at their lastSeen", dangling);

        var options = app.Services.GetRequiredService<IOptions<ChargeMonitorOptions>>().Value;
        if (options.NamedAdminKeys().Count == 0)
            app.Logger.LogWarning("No admin key is set (--admin-key): /api answers loopback clients only");

        try
        {
            await app.StartAsync(ct);
        }
        catch (Exception ex) when (ex is IOException { InnerException: AddressInUseException } or AddressInUseException
                                       or SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse })
        {
            throw new StartupException($"cannot listen on {Transport.ChargerListeners.Describe(app.Configuration)}: the address is already in use", ex);
        }
        catch (InvalidOperationException ex) when (ex.Message.Contains("HTTPS", StringComparison.Ordinal))
        {
            // An https URL without a certificate: Kestrel looks for the development certificate (docs/tls.md).
            throw new StartupException($"cannot listen on {Transport.ChargerListeners.Describe(app.Configuration)}: {ex.Message.Split('\n')[0].Trim()} " +
                                       "Give the certificate with --tls-certificate (docs/tls.md).", ex);
        }
        app.Logger.LogInformation("ChargeMonitor listening on {Urls} with database {Database}", string.Join(", ", app.Urls), database.DisplayName);
    }

    /// <summary>The first line of an error and of its causes that say more (Npgsql wraps a refused connection, say).</summary>
    private static string OneLine(Exception ex)
    {
        var parts = new List<string>();
        for (var e = (Exception?)ex; e is not null; e = e.InnerException)
        {
            var line = e.Message.Split('\n')[0].Trim();
            if (line.Length > 0 && !parts.Any(p => p.Contains(line, StringComparison.Ordinal)))
                parts.Add(line);
        }
        return string.Join(": ", parts);
    }

    /// <summary>
    /// Runs until SIGTERM or Ctrl+C, then shuts down gracefully and returns 0: chargers are closed with 1001 after their
    /// message in hand is answered (ChargerShutdown), Kestrel stops and finishes admin requests in flight, and disposing
    /// the host drains the storage writer, so everything acknowledged is committed before the process exits. A failed
    /// start prints "ChargeMonitor cannot start: …" and returns 1.
    /// </summary>
    public static Task<int> RunAsync(string[] args) => RunAsync(args, Console.Error);

    /// <param name="error">Where the one-line reason goes when the server cannot start (tests capture it).</param>
    public static async Task<int> RunAsync(string[] args, TextWriter error)
    {
        WebApplication app;
        try
        {
            app = Program.Build(args);
            await StartAsync(app);
        }
        catch (StartupException ex)
        {
            await error.WriteLineAsync($"ChargeMonitor cannot start: {ex.Message}");
            return 1;
        }
        await app.WaitForShutdownAsync();
        await app.DisposeAsync();
        return 0;
    }

    /// <summary>
    /// Binds and checks every setting registered with ValidateOnStart before anything is opened, so a bad limit or timing
    /// stops the server with its reason (and no database file), not at the first charger.
    /// </summary>
    private static void ValidateSettings(WebApplication app)
    {
        try
        {
            app.Services.GetRequiredService<IStartupValidator>().Validate();
        }
        catch (OptionsValidationException ex)
        {
            throw new StartupException(ex.Message, ex);
        }
        catch (InvalidOperationException ex)
        {
            throw new StartupException($"the settings cannot be read: {ex.Message}", ex);
        }
    }

    /// <summary>Until the database records the default tariff as seeded (see TariffStore.SeedAsync), at every start.</summary>
    private static async Task SeedDefaultTariffAsync(WebApplication app, CancellationToken ct)
    {
        var store = app.Services.GetRequiredService<TariffStore>();
        if (await store.IsDefaultSeededAsync(ct))
            return;
        var document = app.Configuration.GetSection("DefaultTariff").Get<TariffDocument>();
        if (document is null)
        {
            if (await store.FindAsync(TariffStore.DefaultTariffId, ct) is null)
                app.Logger.LogWarning("appsettings.json has no DefaultTariff; sessions on chargers without a tariff will have no price");
            return;
        }
        var validation = Tariff.Validate(document with { Id = document.Id ?? TariffStore.DefaultTariffId });
        if (validation.Tariff is not { } tariff)
            throw new StartupException("DefaultTariff in appsettings.json is invalid: " +
                string.Join("; ", validation.Errors.Select(e => $"{e.Field}: {e.Message}")));
        var time = app.Services.GetRequiredService<TimeProvider>();
        await store.SeedAsync(tariff, time.GetUtcNow(), ct);
        app.Logger.LogInformation("Seeded the database with the default tariff {TariffId}", tariff.Id);
    }
}

using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace OcppCentral.Tests.TestSupport;

/// <summary>
/// The real server on 127.0.0.1 port 0 with a temp SQLite file (a copy of the run's migrated template,
/// <see cref="TempDatabase.NewMigratedPath"/>), as a user would run it but in-process.
/// <see cref="RestartAsync"/> stops it and starts a new one on the same database. Started with a <see cref="VirtualClock"/>,
/// every clock and timer of the server (not Kestrel's, nor the WebSocket keep-alive) is that clock.
/// </summary>
public sealed class TestServer : IAsyncDisposable
{
    private readonly string[] _extraArgs;
    private WebApplication? _app;

    private TestServer(string databasePath, TimeProvider time, string[] extraArgs)
    {
        DatabasePath = databasePath;
        Time = time;
        _extraArgs = extraArgs;
    }

    public string DatabasePath { get; }

    /// <summary>The server's clock: the system's, or the virtual clock it was started with.</summary>
    public TimeProvider Time { get; }

    public Uri BaseUri { get; private set; } = null!;

    public Uri OcppUri => new(BaseUri, "/ocpp");

    public Uri WebSocketUri => new UriBuilder(OcppUri) { Scheme = "ws" }.Uri;

    public HttpClient Http { get; private set; } = null!;

    public IServiceProvider Services => _app!.Services;


    public static Task<TestServer> StartAsync(params string[] extraArgs) => StartAsync(TimeProvider.System, extraArgs);

    public static async Task<TestServer> StartAsync(TimeProvider time, params string[] extraArgs)
    {
        var path = TempDatabase.NewMigratedPath();
        var server = new TestServer(path, time, extraArgs);
        await server.StartAppAsync();
        return server;
    }

    public async Task RestartAsync()
    {
        await StopAppAsync();
        await StartAppAsync();
    }

    private async Task StartAppAsync()
    {
        string[] args = ["--urls", "http://127.0.0.1:0", "--database", DatabasePath, "--Logging:LogLevel:Default", "Warning", .. _extraArgs];
        _app = Program.Build(args, services => services.AddSingleton(Time));
        await OcppCentralApp.StartAsync(_app);
        BaseUri = new Uri(_app.Urls.First());
        Http = new HttpClient { BaseAddress = BaseUri };
    }

    private async Task StopAppAsync()
    {
        Http?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
            _app = null;
        }
    }

    public T GetService<T>() where T : notnull => _app!.Services.GetRequiredService<T>();

    public async Task<T> GetJsonAsync<T>(string path)
    {
        using var response = await Http.GetAsync(path);
        Assert.That(response.IsSuccessStatusCode, Is.True, $"GET {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<T>(Json.Options))!;
    }

    public async ValueTask DisposeAsync()
    {
        // A connection closing at shutdown may wait out a grace period on the server's clock; a virtual one must run for it.
        if (Time is VirtualClock clock)
            await clock.RunAsync(StopAppAsync());
        else
            await StopAppAsync();
        TempDatabase.Delete(DatabasePath);
    }
}

using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace OcppCentral.Tests.TestSupport;

/// <summary>
/// The real server on 127.0.0.1 port 0 with a temp database (SQLite, or PostgreSQL: <see cref="TestDatabase"/>), as a user would run it but in-process.
/// <see cref="RestartAsync"/> stops it and starts a new one on the same database. Started with a <see cref="VirtualClock"/>,
/// every clock and timer of the server (not Kestrel's, nor the WebSocket keep-alive) is that clock.
/// </summary>
public sealed class TestServer : IAsyncDisposable
{
    private readonly string[] _extraArgs;
    private WebApplication? _app;

    private readonly TestDatabase _database;
    private readonly bool _ownsDatabase;

    private TestServer(TestDatabase database, TimeProvider time, string[] extraArgs, bool ownsDatabase = true)
    {
        _database = database;
        _ownsDatabase = ownsDatabase;
        Time = time;
        _extraArgs = extraArgs;
    }

    /// <summary>What the server's <c>--database</c> is: the SQLite path, or the PostgreSQL connection string.</summary>
    public string DatabasePath => _database.Argument;

    /// <summary>The storage backend the server runs on.</summary>
    public TestBackend Backend => _database.Backend;

    /// <summary>The server's clock: the system's, or the virtual clock it was started with.</summary>
    public TimeProvider Time { get; }

    public Uri BaseUri { get; private set; } = null!;

    public Uri OcppUri => new(BaseUri, "/ocpp");

    public Uri WebSocketUri => new UriBuilder(OcppUri) { Scheme = "ws" }.Uri;

    public HttpClient Http { get; private set; } = null!;

    public IServiceProvider Services => _app!.Services;


    public static Task<TestServer> StartAsync(params string[] extraArgs) => StartAsync(TimeProvider.System, extraArgs);

    public static Task<TestServer> StartAsync(TimeProvider time, params string[] extraArgs) =>
        StartAsync(TestDatabase.DefaultBackend, time, extraArgs);

    /// <summary>A server on <paramref name="backend"/>: a temp SQLite file, or a new PostgreSQL database dropped at the end.</summary>
    public static async Task<TestServer> StartAsync(TestBackend backend, TimeProvider time, params string[] extraArgs)
    {
        var server = new TestServer(TestDatabase.CreateMigrated(backend), time, extraArgs);
        try
        {
            await server.StartAppAsync();
        }
        catch
        {
            server._database.Drop();
            throw;
        }
        return server;
    }

    /// <summary>
    /// A server on a database another test server may share (instances on one PostgreSQL database, docs/deployment.md); the
    /// database is left for its creator to drop.
    /// </summary>
    public static async Task<TestServer> StartOnAsync(TestDatabase database, TimeProvider time, params string[] extraArgs)
    {
        var server = new TestServer(database, time, extraArgs, ownsDatabase: false);
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

    /// <summary>A connection of its own to the server's database, unpooled, for a test that goes around the server.</summary>
    public System.Data.Common.DbConnection OpenDatabaseConnection()
    {
        System.Data.Common.DbConnection connection = Backend == TestBackend.Postgres
            ? new Npgsql.NpgsqlConnection(new Npgsql.NpgsqlConnectionStringBuilder(DatabasePath) { Pooling = false }.ConnectionString)
            : new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        connection.Open();
        return connection;
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
        if (_ownsDatabase)
            _database.Drop();
    }
}

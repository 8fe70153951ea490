using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OcppCentral.Tests.TestSupport;

/// <summary>
/// The real server listening on 127.0.0.1 with http and https (each on a port of its own), started with the TLS options
/// of a test, its warnings captured in <see cref="Log"/>.
/// </summary>
public sealed class TlsServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _databasePath;

    private TlsServer(WebApplication app, string databasePath, CapturedLog log)
    {
        _app = app;
        _databasePath = databasePath;
        Log = log;
        var urls = app.Urls.Select(url => new Uri(url)).ToList();
        var plain = urls.First(url => url.Scheme == "http");
        var secure = urls.First(url => url.Scheme == "https");
        Http = new HttpClient { BaseAddress = plain };
        WebSocketUri = new UriBuilder(plain) { Scheme = "ws", Path = "/ocpp" }.Uri;
        SecureWebSocketUri = new UriBuilder(secure) { Scheme = "wss", Path = "/ocpp" }.Uri;
    }

    /// <summary>The admin API over plain http (a loopback client, no key needed).</summary>
    public HttpClient Http { get; }

    public Uri WebSocketUri { get; }

    public Uri SecureWebSocketUri { get; }

    public CapturedLog Log { get; }

    public static async Task<TlsServer> StartAsync(params string[] tlsArgs)
    {
        var path = TempDatabase.NewPath();
        var log = new CapturedLog();
        string[] args = ["--urls", "http://127.0.0.1:0;https://127.0.0.1:0", "--database", path, "--Logging:LogLevel:Default", "Warning", .. tlsArgs];
        var app = Program.Build(args, services => services.AddSingleton<ILoggerProvider>(log));
        try
        {
            await OcppCentralApp.StartAsync(app);
        }
        catch
        {
            await app.DisposeAsync();
            TempDatabase.Delete(path);
            throw;
        }
        return new TlsServer(app, path, log);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        TempDatabase.Delete(_databasePath);
    }
}

/// <summary>Every line the server logs (at the levels its settings let through), kept in memory.</summary>
public sealed class CapturedLog : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyCollection<string> Lines => _lines;

    public bool Contains(string text) => _lines.Any(line => line.Contains(text, StringComparison.Ordinal));

    public ILogger CreateLogger(string categoryName) => new Logger(_lines);

    public void Dispose()
    {
    }

    private sealed class Logger(ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue($"{logLevel}: {formatter(state, exception)}");
    }
}

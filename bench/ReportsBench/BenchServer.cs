using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OcppCentral;
using OcppCentral.Storage;

namespace ChargeMonitor.Bench;

/// <summary>The real server on 127.0.0.1 port 0 over the benchmark's database, and a stopwatch around its answers.</summary>
internal sealed class BenchServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _http;

    private BenchServer(WebApplication app)
    {
        _app = app;
        _http = new HttpClient { BaseAddress = new Uri(app.Urls.First()), Timeout = TimeSpan.FromMinutes(5) };
    }

    public Database Database => _app.Services.GetRequiredService<Database>();

    /// <summary>The server's address, http://127.0.0.1:port/.</summary>
    public string Url => _app.Urls.First();

    public static async Task<BenchServer> StartAsync(string databasePath, params string[] extraArgs)
    {
        var app = OcppCentral.Program.Build(["--urls", "http://127.0.0.1:0", "--database", databasePath, "--Logging:LogLevel:Default", "Warning",
            .. extraArgs]);
        await OcppCentralApp.StartAsync(app);
        return new BenchServer(app);
    }

    /// <returns>The answer's size and the time of each run after a warm-up, in milliseconds.</returns>
    public async Task<(long Bytes, IReadOnlyList<double> Milliseconds)> TimeAsync(string path, int runs)
    {
        var bytes = (await GetAsync(path)).Length;
        var times = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var watch = Stopwatch.StartNew();
            await GetAsync(path);
            times.Add(watch.Elapsed.TotalMilliseconds);
        }
        return (bytes, times);
    }

    /// <returns>The time of one GET, without a warm-up.</returns>
    public async Task<TimeSpan> TimeOnceAsync(string path)
    {
        var watch = Stopwatch.StartNew();
        await GetAsync(path);
        return watch.Elapsed;
    }

    private async Task<byte[]> GetAsync(string path)
    {
        using var response = await _http.GetAsync(path);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsByteArrayAsync();
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

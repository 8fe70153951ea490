using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using ChargeMonitor.Bench;

// Idle memory: what one connected, silent charger costs the server in resident memory (docs/performance.md, Idle memory).
// Starts the server (the Release build, as a child process, on a temporary database), warms it with a few chargers that
// boot and leave, measures it empty, connects --chargers chargers that each send a BootNotification and then stay
// silent, waits --settle seconds, measures again, and prints the difference per charger.
// Usage: dotnet run -c Release --project bench/IdleMemoryBench [-- --chargers 10000 --settle 45 --connect-concurrency 100]
var chargers = Argument(args, "--chargers", 500);
var settle = TimeSpan.FromSeconds(Argument(args, "--settle", 45));
var concurrency = Argument(args, "--connect-concurrency", 100);
const int WarmUpChargers = 20, Samples = 5;

var root = RepositoryRoot();
#if DEBUG
const string Configuration = "Debug";
#else
const string Configuration = "Release";
#endif
var serverDll = Path.Combine(root, "OcppCentral", "bin", Configuration, "net10.0", "OcppCentral.dll");
var work = Directory.CreateTempSubdirectory("chargemonitor-idle-");
var port = FreePort();
var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(30) };
var ws = new Uri($"ws://127.0.0.1:{port}/");
using var server = Process.Start(new ProcessStartInfo("dotnet")
{
    ArgumentList = { serverDll, "--urls", $"http://127.0.0.1:{port}", "--database", Path.Combine(work.FullName, "idle.db"),
        "--Logging:LogLevel:Default", "Warning" },
    RedirectStandardOutput = true,
    RedirectStandardError = true,
}) ?? throw new InvalidOperationException("The server did not start.");
server.OutputDataReceived += (_, _) => { };
server.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine($"server: {e.Data}"); };
server.BeginOutputReadLine();
server.BeginErrorReadLine();
var connected = new List<IdleCharger>();
try
{
    await WaitForHealthAsync();
    Console.WriteLine($"Server {serverDll} (pid {server.Id}); {Environment.ProcessorCount} cores; load average {LoadAverage()}");

    // The code paths of a connection and a BootNotification are compiled before the empty server is measured.
    for (var i = 0; i < WarmUpChargers; i++)
        await (await IdleCharger.BootAsync(ws, $"WARM-{i:D4}", CancellationToken.None)).DisposeAsync();
    await Task.Delay(settle);
    var empty = await MeasureAsync();

    var connecting = Stopwatch.StartNew();
    await Parallel.ForEachAsync(Enumerable.Range(1, chargers), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (n, ct) =>
    {
        var charger = await IdleCharger.BootAsync(ws, $"IDLE-{n:D5}", ct);
        lock (connected)
            connected.Add(charger);
    });
    Console.WriteLine($"{chargers:N0} chargers connected and booted in {connecting.Elapsed.TotalSeconds:0.0} s; settling for {settle.TotalSeconds:0} s");
    var connectedCollections = Collections(await http.GetStringAsync("metrics"));
    await Task.Delay(settle);
    var full = await MeasureAsync();
    var open = connected.Count(c => c.IsOpen);

    Console.WriteLine();
    Console.WriteLine($"{"",-26} {"VmRSS",12} {"GC heap after last GC",24} {"GC collections (gen0/1/2)",28}");
    Print("empty server (warmed)", empty);
    Print($"with {chargers:N0} idle chargers", full);
    Console.WriteLine($"{"per charger",-26} {Kib(full.RssBytes - empty.RssBytes),12} {Kib(full.HeapBytes - empty.HeapBytes),24}");
    Console.WriteLine();
    if (full.Collections == connectedCollections)
        Console.WriteLine("No collection ran while settling: the GC heap figure is from the last one before (or while) the chargers connected.");
    Console.WriteLine($"{open:N0} of {chargers:N0} chargers still connected after settling; load average {LoadAverage()}");
    return open == chargers ? 0 : 1;
}
finally
{
    server.Kill(entireProcessTree: true);
    await server.WaitForExitAsync();
    foreach (var charger in connected)
        await charger.DisposeAsync();
    work.Delete(recursive: true);
}

string Kib(double bytes) => (bytes / chargers / 1024).ToString("0.0", CultureInfo.InvariantCulture) + " KiB";

static void Print(string label, Measurement m) =>
    Console.WriteLine($"{label,-26} {m.RssBytes / 1048576.0,8:0.0} MiB {m.HeapBytes / 1048576.0,20:0.0} MiB {m.Collections,28}");

// The median of a few samples a second apart, so one allocation burst (a ping round) does not decide the figure.
async Task<Measurement> MeasureAsync()
{
    var rss = new List<long>();
    for (var i = 0; i < Samples; i++)
    {
        rss.Add(ResidentBytes(server.Id));
        await Task.Delay(TimeSpan.FromSeconds(1));
    }
    rss.Sort();
    var metrics = await http.GetStringAsync("metrics");
    return new Measurement(rss[Samples / 2], (long)Sum(metrics, "dotnet_gc_last_collection_heap_size_bytes", null), Collections(metrics));
}

// How many collections of each generation the server's GC has run (gen0/gen1/gen2), from its /metrics.
static string Collections(string metrics) => string.Join('/', new[] { "gen0", "gen1", "gen2" }
    .Select(g => Sum(metrics, "dotnet_gc_collections_total", $"gc_heap_generation=\"{g}\"").ToString("0", CultureInfo.InvariantCulture)));

// VmRSS of /proc/<pid>/status, in kB.
static long ResidentBytes(int pid) =>
    long.Parse(File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal))
        .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;

// The sum of a Prometheus metric's samples (over all its labels, or those with the given label).
static double Sum(string exposition, string metric, string? label) => exposition.Split('\n')
    .Where(l => l.StartsWith(metric, StringComparison.Ordinal) && (l.Length == metric.Length || l[metric.Length] is '{' or ' '))
    .Where(l => label is null || l.Contains(label, StringComparison.Ordinal))
    .Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));

static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

async Task WaitForHealthAsync()
{
    for (var i = 0; i < 600; i++)
    {
        if (server.HasExited)
            throw new InvalidOperationException($"The server exited with {server.ExitCode}.");
        try
        {
            if ((await http.GetAsync("health")).IsSuccessStatusCode)
                return;
        }
        catch (HttpRequestException)
        {
            // Not listening yet.
        }
        await Task.Delay(100);
    }
    throw new TimeoutException("The server did not answer /health within a minute.");
}

static int FreePort()
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}

static string RepositoryRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        if (File.Exists(Path.Combine(dir.FullName, "ChargeMonitor.sln")))
            return dir.FullName;
    throw new InvalidOperationException("Run the bench from within the repository (ChargeMonitor.sln not found above it).");
}

static int Argument(string[] args, string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}

internal sealed record Measurement(long RssBytes, long HeapBytes, string Collections);

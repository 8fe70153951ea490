using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace OcppCentral.Tests.TestSupport;

/// <summary>
/// The real server as its own process (<c>dotnet OcppCentral.dll</c>, the build copied beside the test assembly),
/// on 127.0.0.1 port 0 with a given SQLite file, for what only a process shows: SIGTERM, SIGKILL, the exit code and
/// the console log. Unix only (signals).
/// </summary>
public sealed partial class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _outputClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Found)> _awaited = [];
    private int _openStreams = 2;

    private ServerProcess(Process process) => _process = process;

    public Uri BaseUri { get; private set; } = null!;

    public Uri WebSocketUri => new UriBuilder(BaseUri) { Scheme = "ws", Path = "/ocpp" }.Uri;

    public HttpClient Http { get; private set; } = null!;

    /// <summary>Every line the server wrote to stdout and stderr so far.</summary>
    public string Output => string.Join('\n', _output);

    public static Task<ServerProcess> StartAsync(string databasePath, CancellationToken ct, params string[] extraArgs) =>
        StartAsync(databasePath, new Dictionary<string, string>(), ct, extraArgs);

    /// <param name="environment">Variables set for the server process only (e.g. CHARGEMONITOR_AdminKey).</param>
    public static async Task<ServerProcess> StartAsync(string databasePath, IReadOnlyDictionary<string, string> environment,
        CancellationToken ct, params string[] extraArgs)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] args = [Path.Combine(AppContext.BaseDirectory, "OcppCentral.dll"), "--urls", "http://127.0.0.1:0", "--database", databasePath,
            "--Logging:Console:FormatterName", "simple", "--Logging:Console:FormatterOptions:SingleLine", "true", .. extraArgs];
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        start.Environment.Remove("ASPNETCORE_URLS");
        start.Environment["DOTNET_NOLOGO"] = "1";
        // The test host's runtime settings (OcppCentral.Tests.csproj): a child that runs for seconds earns nothing from
        // profile-guided re-JIT or from thread-pool workers spinning; neither changes what the server does.
        start.Environment["DOTNET_TieredPGO"] = "0";
        start.Environment["DOTNET_ThreadPool_UnfairSemaphoreSpinLimit"] = "0";
        foreach (var (name, value) in environment)
            start.Environment[name] = value;

        var server = new ServerProcess(Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start"));
        server._process.OutputDataReceived += (_, e) => server.OnLine(e.Data);
        server._process.ErrorDataReceived += (_, e) => server.OnLine(e.Data);
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        try
        {
            server.BaseUri = await server._listening.Task.WaitAsync(ct);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
        server.Http = new HttpClient { BaseAddress = server.BaseUri };
        return server;
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            if (Interlocked.Decrement(ref _openStreams) == 0)
                _outputClosed.TrySetResult();
            return;
        }
        lock (_awaited)
        {
            _output.Enqueue(line);
            foreach (var awaited in _awaited.Where(a => a.Match(line)).ToList())
            {
                _awaited.Remove(awaited);
                awaited.Found.TrySetResult(line);
            }
        }
        if (ListeningLine().Match(line) is { Success: true } match)
            _listening.TrySetResult(new Uri(match.Groups["url"].Value));
        else if (line.StartsWith("ChargeMonitor cannot start", StringComparison.Ordinal))
            _listening.TrySetException(new InvalidOperationException(line));
    }

    /// <summary>The first line of output (written so far or later) that <paramref name="match"/> accepts.</summary>
    public Task<string> WaitForLineAsync(Func<string, bool> match, CancellationToken ct)
    {
        lock (_awaited)
        {
            if (_output.FirstOrDefault(match) is { } written)
                return Task.FromResult(written);
            var found = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            _awaited.Add((match, found));
            return found.Task.WaitAsync(ct);
        }
    }

    /// <summary>Asks the server to stop as a service manager does (SIGTERM).</summary>
    public async Task TerminateAsync(CancellationToken ct)
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync(ct);
        Assert.That(kill.ExitCode, Is.Zero, "kill -TERM failed");
    }

    /// <summary>Kills the server without warning (SIGKILL), as a power cut or the OOM killer does.</summary>
    public void Kill() => _process.Kill();

    /// <summary>Waits until the process has exited and its output is read to the end; returns the exit code.</summary>
    public async Task<int> WaitForExitAsync(CancellationToken ct)
    {
        await _process.WaitForExitAsync(ct);
        await _outputClosed.Task.WaitAsync(ct);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        Http?.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    [GeneratedRegex(@"ChargeMonitor listening on (?<url>http://[^\s,]+)")]
    private static partial Regex ListeningLine();
}

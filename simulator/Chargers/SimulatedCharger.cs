using ChargeMonitor.Simulator.Charging;
using ChargeMonitor.Simulator.Client;
using OcppCentral.Messages;
using OcppCentral.Protocol;

namespace ChargeMonitor.Simulator.Chargers;

/// <summary>
/// A whole charge point with one connector: connects (and reconnects), boots, runs <see cref="ChargerOptions.Sessions"/>
/// sessions one after another, answers the central system's calls, and reports what it sent. Use it from
/// tests as <c>await new SimulatedCharger(options, schemas).RunAsync(ct)</c>.
/// </summary>
public sealed class SimulatedCharger
{
    private static readonly TimeSpan OutboxRetryDelay = TimeSpan.FromMilliseconds(250);

    /// <summary>How long a charger with a cost display waits, after its last session, for the FinalCost messages.</summary>
    private static readonly TimeSpan FinalCostGrace = TimeSpan.FromSeconds(5);
    private readonly ChargerRuntime _runtime;
    private readonly ServerCallHandler _handler;
    private readonly Lock _gate = new();
    private readonly List<SessionReport> _sessions = [];
    private int _started;

    public SimulatedCharger(ChargerOptions options, SchemaValidator? schemas = null, TimeProvider? time = null)
    {
        options.Validate();
        ServerCallHandler? handler = null;
        ChargerRuntime? runtime = null;
        runtime = new ChargerRuntime(options, schemas, time ?? TimeProvider.System,
            call => handler!.HandleAsync(call),
            (client, ct) => BootSequence.RunAsync(runtime!, client, ct));
        handler = new ServerCallHandler(runtime, schemas);
        _runtime = runtime;
        _handler = handler;
    }

    public string ChargePointId => _runtime.ChargePointId;
    public ChargerKind Kind => _runtime.Kind;

    /// <summary>Connected and booted.</summary>
    public bool IsConnected => _runtime.Connection.IsReady;
    public long? ActiveTransactionId => _runtime.Control.ActiveTransactionId;
    public int ErrorCount => _runtime.Errors.Count + Sessions.Sum(s => s.Errors.Count);

    public IReadOnlyList<SessionReport> Sessions
    {
        get { lock (_gate) return _sessions.ToList(); }
    }

    /// <summary>What its cost display showed, in order (<see cref="ChargerOptions.CostDisplay"/>); empty without one.</summary>
    public IReadOnlyList<string> DisplayLines => _runtime.Display?.Lines ?? [];

    /// <summary>Raised with each line its cost display shows, prefixed with the charger's id.</summary>
    public event Action<string>? DisplayShown
    {
        add { if (_runtime.Display is { } display) display.Shown += value; }
        remove { if (_runtime.Display is { } display) display.Shown -= value; }
    }

    /// <summary>Raised on the charger's own task after each session.</summary>
    public event Action<SessionReport>? SessionCompleted;

    /// <summary>Completes once the charger is connected and its BootNotification was accepted.</summary>
    public Task WhenConnectedAsync(CancellationToken ct) => _runtime.Connection.WaitReadyAsync(ct);

    /// <summary>Runs until the sessions are done or <paramref name="ct"/> fires, then stops open transactions, closes the link and reports.</summary>
    public async Task<ChargerReport> RunAsync(CancellationToken ct)
    {
        if (Interlocked.Exchange(ref _started, 1) == 1)
            throw new InvalidOperationException("A SimulatedCharger runs once.");
        using var background = new CancellationTokenSource();
        _handler.Lifetime = background.Token;
        _runtime.Lifetime = background.Token;
        var connection = _runtime.Connection.RunAsync(background.Token);
        var pump = _runtime.Outbox.PumpAsync(_runtime.CallOnLinkAsync, OutboxRetryDelay, _runtime.Time, background.Token);
        var heartbeat = HeartbeatLoopAsync(background.Token);
        try
        {
            await RunSessionsAsync(ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Ctrl-C or the caller's deadline: the running session has already sent its StopTransaction.
        }
        catch (Exception ex)
        {
            _runtime.Errors.Add($"charger stopped: {ex.Message}");
        }
        finally
        {
            if (!await _runtime.WaitForOutboxAsync(_runtime.Options.ShutdownGrace, CancellationToken.None).ConfigureAwait(false))
                _runtime.Errors.Add($"{_runtime.Outbox.Abandon("shutdown")} queued messages were never answered");
            // A display shows the last session's total, which the central system sends after StopTransaction's answer.
            if (_runtime.Display is { } display)
                await display.WaitForFinalCostsAsync(Sessions.Count(s => s.TransactionId is not null), FinalCostGrace, CancellationToken.None)
                    .ConfigureAwait(false);
            await background.CancelAsync().ConfigureAwait(false);
            await Settle(connection, pump, heartbeat).ConfigureAwait(false);
        }
        return new ChargerReport(ChargePointId, Kind.Name, Sessions, _runtime.Errors.Snapshot(), _runtime.Connection.Connects);
    }

    private async Task RunSessionsAsync(CancellationToken ct)
    {
        var options = _runtime.Options;
        var planner = new SessionPlanner(_runtime.Random, options.SessionDuration, options.IdleDuration, options.IdTags);
        for (var number = 1; options.Sessions is null || number <= options.Sessions; number++)
        {
            var (idTag, remote) = await NextStartAsync(number, ct).ConfigureAwait(false);
            var report = await new SessionRunner(_runtime, planner.Next(idTag), number, remote).RunAsync(ct).ConfigureAwait(false);
            lock (_gate)
                _sessions.Add(report);
            SessionCompleted?.Invoke(report);
            ct.ThrowIfCancellationRequested();
        }
    }

    /// <summary>The next session starts after the pause, or at once on RemoteStartTransaction; never while Inoperative or before the first boot.</summary>
    private async Task<(string? IdTag, bool Remote)> NextStartAsync(int number, CancellationToken ct)
    {
        while (true)
        {
            await _runtime.Connection.WaitReadyAsync(ct).ConfigureAwait(false);
            var remote = _runtime.Control.WaitForRemoteStartAsync(ct);
            if (!_runtime.Options.AutoStartSessions)
                return (await remote.ConfigureAwait(false), true);
            var pause = Task.Delay(number == 1 ? TimeSpan.Zero : _runtime.Options.PauseBetweenSessions, _runtime.Time, ct);
            await Task.WhenAny(remote, pause).ConfigureAwait(false);
            if (remote.IsCompletedSuccessfully)
                return (remote.Result, true);
            await pause.ConfigureAwait(false);
            if (_runtime.Operative)
                return (null, false);
            await Task.WhenAny(remote, Task.Delay(TimeSpan.FromSeconds(1), _runtime.Time, ct)).ConfigureAwait(false);
            if (remote.IsCompletedSuccessfully)
                return (remote.Result, true);
        }
    }

    /// <summary>OCPP 1.6 §4.6, at the interval BootNotification.conf (or ChangeConfiguration) set.</summary>
    private async Task HeartbeatLoopAsync(CancellationToken ct)
    {
        while (true)
        {
            var interval = _runtime.Configuration.HeartbeatInterval;
            await Task.Delay(interval > TimeSpan.Zero ? interval : TimeSpan.FromSeconds(5), _runtime.Time, ct).ConfigureAwait(false);
            if (interval <= TimeSpan.Zero || !_runtime.Connection.IsReady)
                continue;
            try
            {
                await _runtime.CallOnLinkAsync("Heartbeat", FrameWriter.ToPayload(new HeartbeatRequest()), ct).ConfigureAwait(false);
            }
            catch (OcppCallFailedException ex)
            {
                _runtime.Errors.Add($"Heartbeat: {ex.Message}");
            }
            catch (Exception ex) when (ConnectionFailures.IsTransient(ex))
            {
                // The connection loop reconnects; the next heartbeat goes on the new link.
            }
        }
    }

    private static async Task Settle(params Task[] tasks)
    {
        try
        {
            await Task.WhenAll(tasks).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Background loops end by cancellation; a connection loop that failed was reported when it failed.
        }
    }
}

using ChargeMonitor.Simulator.Charging;
using ChargeMonitor.Simulator.Client;
using ChargeMonitor.Simulator.Display;
using ChargeMonitor.Simulator.Scenarios;
using Newtonsoft.Json.Linq;
using OcppCentral.Messages;
using OcppCentral.Protocol;

namespace ChargeMonitor.Simulator.Chargers;

/// <summary>
/// One charger's state and links, shared by its session loop, its server-call answers and its heartbeat:
/// the meter, the configuration, the ordered outbox and the connection.
/// </summary>
internal sealed class ChargerRuntime
{
    private readonly Lock _meterGate = new();
    private decimal _registerWh;
    private ChargingSession? _activeSession;

    public ChargerRuntime(ChargerOptions options, SchemaValidator? schemas, TimeProvider time,
        Func<OcppCall, Task<object>> serverCallHandler, Func<OcppClient, CancellationToken, Task> onConnected)
    {
        Options = options;
        Time = time;
        Clock = options.Scenarios.HasFlag(Scenario.ClockSkew) ? new SkewedTimeProvider(time, options.ClockSkew) : time;
        Random = new Random(options.Seed);
        Kind = options.Kind ?? ChargerKind.Draw(Random);
        // A meter that has been in service a while: between 100 kWh and 5 MWh on the register.
        _registerWh = 100_000 + Random.Next(4_900_000);
        Configuration = new ConfigurationStore(options.MeterInterval, TimeSpan.FromSeconds(300));
        if (options.CostDisplay)
        {
            Configuration.EnableCostDisplay(options.DisplayLanguage, options.DisplayDecimals);
            Display = new CostDisplayScreen(this);
        }
        var jitter = new Random(options.Seed ^ 0x5EED);
        var reconnect = ReconnectPipeline.Create(options.ReconnectDelay, options.MaxReconnectDelay, time: time,
            randomizer: () => { lock (jitter) return jitter.NextDouble(); },
            onFailure: ex => Errors.Add($"connect: {ex.Message}"));
        Connection = new ChargerConnection(options.Endpoint, options.ChargePointId, options.Password, options.Tls, schemas, time, reconnect,
            serverCallHandler, (call, ex) => Errors.Add($"{call.Action} from the server: {ex.GetType().Name}: {ex.Message}"), onConnected);
    }

    public ChargerOptions Options { get; }
    public string ChargePointId => Options.ChargePointId;

    /// <summary>Real time, for waiting and measuring.</summary>
    public TimeProvider Time { get; }

    /// <summary>The charger's own clock, for the timestamps it sends (ahead of real time in the clock-skew scenario).</summary>
    public TimeProvider Clock { get; }
    public Random Random { get; }
    public ChargerKind Kind { get; }
    public EnergyUnit RegisterUnit => Options.Scenarios.HasFlag(Scenario.MeterKwh) ? EnergyUnit.KWh : EnergyUnit.Wh;
    public ConfigurationStore Configuration { get; }
    public TransactionOutbox Outbox { get; } = new();
    public ChargerConnection Connection { get; }
    public SessionControl Control { get; } = new();
    public ErrorLog Errors { get; } = new();

    /// <summary>The cost display (<see cref="ChargerOptions.CostDisplay"/>); null without one.</summary>
    public CostDisplayScreen? Display { get; }
    public volatile string ConnectorStatus = "Available";

    /// <summary>The charger's lifetime (set when it starts running); work it starts on its own stops with it.</summary>
    public CancellationToken Lifetime { get; set; }
    public volatile bool Operative = true;

    public DateTimeOffset Now => Clock.GetUtcNow();

    public ChargerSnapshot Snapshot() => new(Control.ActiveTransactionId, Control.SessionRunning, Operative, Options.Vendor);

    /// <summary>Queues a CALL behind the ones before it; the task completes with the answer.</summary>
    public Task<JObject> Send(string action, object payload) =>
        Outbox.Enqueue(action, OcppPayload.From(payload), offline: !Connection.IsReady);

    public async Task<TResponse> SendAsync<TResponse>(string action, object payload) =>
        (await Send(action, payload).ConfigureAwait(false)).ToObject<TResponse>(OcppJson.Serializer)!;

    public Task<JObject> SendStatus(string status, int connectorId = ServerCallResponder.ConnectorId)
    {
        if (connectorId == ServerCallResponder.ConnectorId)
            ConnectorStatus = status;
        return Send("StatusNotification", new StatusNotificationRequest(connectorId, "NoError", status, Timestamp: Now));
    }

    /// <summary>What the outbox pump calls: one CALL on the live link, with a timeout that drops a silent link.</summary>
    public async Task<JObject> CallOnLinkAsync(string action, JObject payload, CancellationToken ct)
    {
        var client = await Connection.WaitReadyAsync(ct).ConfigureAwait(false);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Options.CallTimeout);
        try
        {
            return await client.CallAsync(action, payload, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            client.Abort();
            throw new TimeoutException($"{action} was not answered within {Options.CallTimeout.TotalSeconds:0} s.");
        }
    }

    /// <summary>Waits up to <paramref name="limit"/> for every queued message to be answered; true when they were.</summary>
    public async Task<bool> WaitForOutboxAsync(TimeSpan limit, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(limit);
        try
        {
            await Outbox.WhenEmptyAsync(timeout.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>The session the meter is in, or null between sessions.</summary>
    public ChargingSession? ActiveSession
    {
        get { lock (_meterGate) return _activeSession; }
        set { lock (_meterGate) _activeSession = value; }
    }

    public decimal RegisterWh
    {
        get { lock (_meterGate) return _activeSession?.RegisterWh ?? _registerWh; }
    }

    /// <summary>Reads the meter now: advances the running session, or shows the idle register. One reader at a time.</summary>
    public MeterReading ReadMeter()
    {
        lock (_meterGate)
        {
            if (_activeSession is { } session)
                return session.Advance(Now);
            return new MeterReading(Now, _registerWh, 0m, 0m, []);
        }
    }

    /// <summary>Runs <paramref name="change"/> on the running session under the meter lock (meter reset, end of charging).</summary>
    public void WithSession(Action<ChargingSession> change)
    {
        lock (_meterGate)
        {
            if (_activeSession is { } session)
                change(session);
        }
    }

    /// <summary>The session is over: the register keeps what it counted.</summary>
    public void CloseSession()
    {
        lock (_meterGate)
        {
            if (_activeSession is { } session)
                _registerWh = session.RegisterWh;
            _activeSession = null;
        }
    }
}

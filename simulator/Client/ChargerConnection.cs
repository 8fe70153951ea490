using OcppCentral.Protocol;
using Polly;

namespace ChargeMonitor.Simulator.Client;

/// <summary>
/// Keeps one charger connected: connects through the reconnect pipeline, runs the charger's on-connect
/// step (BootNotification after a reboot) and only then reports itself ready; after a drop it connects
/// again. Scenarios and Reset take it offline on purpose with <see cref="GoOffline"/> and <see cref="RestartAsync"/>.
/// </summary>
internal sealed class ChargerConnection(
    Uri endpoint,
    string chargePointId,
    string? password,
    ClientTls? tls,
    SchemaValidator? schemas,
    TimeProvider time,
    ResiliencePipeline reconnect,
    Func<OcppCall, Task<object>> serverCallHandler,
    Action<OcppCall, Exception> serverCallFailed,
    Func<OcppClient, CancellationToken, Task> onConnected)
{
    private readonly Lock _gate = new();
    private TaskCompletionSource<OcppClient> _ready = NewReadySignal();
    private OcppClient? _client;
    private Task _offlineUntil = Task.CompletedTask;
    private int _connects;

    /// <summary>True until a BootNotification was accepted: at the first connect and after every reboot.</summary>
    public bool NeedsBoot { get; set; } = true;

    public bool IsReady => _ready.Task.IsCompletedSuccessfully;

    public int Connects => Volatile.Read(ref _connects);

    /// <summary>The live, booted connection; waits while offline. Fails when the connection loop gave up.</summary>
    public Task<OcppClient> WaitReadyAsync(CancellationToken ct)
    {
        lock (_gate)
            return _ready.Task.WaitAsync(ct);
    }

    public async Task RunAsync(CancellationToken ct)
    {
        try
        {
            while (true)
            {
                await _offlineUntil.WaitAsync(ct).ConfigureAwait(false);
                var client = await reconnect.ExecuteAsync(
                    async token => await OcppClient.ConnectAsync(endpoint, chargePointId, password, schemas, token, tls).ConfigureAwait(false),
                    ct).ConfigureAwait(false);
                await ServeAsync(client, ct).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            lock (_gate)
                _ready.TrySetException(ex);
            throw;
        }
    }

    private async Task ServeAsync(OcppClient client, CancellationToken ct)
    {
        client.ServerCallHandler = serverCallHandler;
        client.ServerCallFailed = serverCallFailed;
        lock (_gate)
            _client = client;
        Interlocked.Increment(ref _connects);
        try
        {
            await onConnected(client, ct).ConfigureAwait(false);
            lock (_gate)
            {
                if (_client == client && client.State == System.Net.WebSockets.WebSocketState.Open)
                    _ready.TrySetResult(client);
            }
            await client.Completion.WaitAsync(ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ConnectionFailures.IsTransient(ex))
        {
            // Lost while booting; connect again.
        }
        finally
        {
            lock (_gate)
            {
                _client = null;
                NotReady();
            }
            await client.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Drops the link without a close frame and stays away for <paramref name="downtime"/>.</summary>
    public void GoOffline(TimeSpan downtime)
    {
        OcppClient? client;
        lock (_gate)
        {
            _offlineUntil = Task.Delay(downtime, time);
            client = _client;
            NotReady();
        }
        client?.Abort();
    }

    /// <summary>A reboot: the link goes (abruptly when hard, with a close frame when soft), and BootNotification follows the reconnect.</summary>
    public async Task RestartAsync(bool hard, TimeSpan downtime, CancellationToken ct)
    {
        OcppClient? client;
        lock (_gate)
        {
            NeedsBoot = true;
            _offlineUntil = Task.Delay(downtime, time);
            client = _client;
            NotReady();
        }
        if (client is null)
            return;
        if (hard)
        {
            client.Abort();
            return;
        }
        try
        {
            await client.CloseAsync(ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ConnectionFailures.IsTransient(ex))
        {
            client.Abort();
        }
    }

    /// <summary>From now on waiters wait for the next connection (called under the lock, also before the old link has noticed it is gone).</summary>
    private void NotReady()
    {
        if (_ready.Task.IsCompleted)
            _ready = NewReadySignal();
    }

    private static TaskCompletionSource<OcppClient> NewReadySignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}

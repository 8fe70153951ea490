using ChargeMonitor.Simulator.Client;
using Newtonsoft.Json.Linq;
using OcppCentral.Messages;
using OcppCentral.Protocol;
using Polly;

namespace ChargeMonitor.Simulator.Load;

/// <summary>One charger of a load run: connect, boot, open a transaction, send MeterValues until told to stop, close it.</summary>
internal sealed class LoadCharger(string chargePointId, LoadOptions options, LoadCounters counters, TimeProvider time)
{
    private OcppClient? _client;
    private long _transactionId;
    private long _meterStartWh;
    private DateTimeOffset _started;
    private MeterValuesFrame? _meterValues;

    // The client numbers the calls it builds itself; raw MeterValues frames use their own ids beside them.
    private long _nextMessageId = 1_000_000_000;

    /// <summary>Elapsed time of each acknowledged MeterValues sent in the measured window; only this charger's task writes it.</summary>
    public List<TimeSpan> Latencies { get; } = [];

    public async Task<bool> ConnectAsync(ResiliencePipeline connect, CancellationToken ct)
    {
        try
        {
            // The payload shapes were validated once up front; per-call validation would load the client, not the server.
            _client = await connect.ExecuteAsync(
                async token => await OcppClient.ConnectAsync(options.Endpoint, chargePointId, options.Password, null, token, options.Tls).ConfigureAwait(false),
                ct).ConfigureAwait(false);
            _client.ServerCallHandler = AnswerServerCall;
            var boot = (await CallAsync("BootNotification", LoadMessages.Boot(chargePointId), ct).ConfigureAwait(false)).ToObject<BootNotificationResponse>(OcppJson.Serializer)!;
            if (boot.Status != RegistrationStatus.Accepted)
                throw new InvalidOperationException($"BootNotification was {boot.Status}.");
            _started = LoadMessages.Truncate(time.GetUtcNow());
            _meterStartWh = 1_000_000 + Random.Shared.Next(1_000_000);
            var start = await CallAsync("StartTransaction", LoadMessages.Start(_meterStartWh, _started), ct).ConfigureAwait(false);
            _transactionId = start["transactionId"]!.Value<long>();
            _meterValues = new MeterValuesFrame(_transactionId);
            Interlocked.Increment(ref counters.Connected);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            Interlocked.Increment(ref counters.ConnectErrors);
            await CloseAsync().ConfigureAwait(false);
            return false;
        }
    }

    public async Task RunAsync(RatePacer? pacer, CancellationToken ct)
    {
        try
        {
            while (!ct.IsCancellationRequested)
            {
                if (pacer is not null)
                    await pacer.WaitTurnAsync(ct).ConfigureAwait(false);
                var now = LoadMessages.Truncate(time.GetUtcNow());
                var messageId = (++_nextMessageId).ToString(System.Globalization.CultureInfo.InvariantCulture);
                var frame = _meterValues!.Call(messageId, now, LoadMessages.RegisterWholeWh(_meterStartWh, _started, now));
                var sent = time.GetTimestamp();
                try
                {
                    if (await SendRawAsync(messageId, frame).ConfigureAwait(false) is OcppCallResult)
                    {
                        var latency = time.GetElapsedTime(sent);
                        Interlocked.Increment(ref counters.Acknowledged);
                        // Only calls sent after the warm-up count, however late their answer comes.
                        if (counters.IsMeasured(sent))
                        {
                            Latencies.Add(latency);
                            Interlocked.Increment(ref counters.MeasuredAcknowledged);
                        }
                    }
                    else
                    {
                        Interlocked.Increment(ref counters.CallErrors);
                    }
                }
                catch (TimeoutException)
                {
                    Interlocked.Increment(ref counters.Timeouts);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The run is over.
        }
        catch (Exception ex) when (ConnectionFailures.IsTransient(ex))
        {
            Interlocked.Increment(ref counters.Disconnects);
        }
    }

    /// <summary>Closes the transaction and the connection; a charger whose link died just closes.</summary>
    public async Task StopAsync(CancellationToken ct)
    {
        try
        {
            if (_client?.State == System.Net.WebSockets.WebSocketState.Open)
                await CallAsync("StopTransaction", LoadMessages.Stop(_transactionId, _meterStartWh, _started, LoadMessages.Truncate(time.GetUtcNow())), ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OcppCallFailedException || ConnectionFailures.IsTransient(ex) || ex is OperationCanceledException)
        {
            Interlocked.Increment(ref counters.CallErrors);
        }
        await CloseAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// The server's own calls. After every boot the server reads the display configuration (GetConfiguration,
    /// docs/charger-display.md); a load charger has no configuration, so it answers every key asked for as unknown, and
    /// the server knows at once that it has no cost display instead of waiting for its call timeout. Anything else is
    /// NotImplemented.
    /// </summary>
    private Task<object> AnswerServerCall(OcppCall call)
    {
        if (call.Action != "GetConfiguration")
            return Task.FromResult<object>(OcppCallError.Create(call.MessageId, OcppErrorCode.NotImplemented, $"{call.Action} is not handled by a load charger."));
        Interlocked.Increment(ref counters.ServerCallsAnswered);
        var asked = (call.Payload["key"] as JArray)?.Select(k => k.ToString()).ToList();
        return Task.FromResult<object>(new GetConfigurationResponse([], asked is { Count: > 0 } ? asked : null));
    }

    private async Task<JObject> CallAsync(string action, JObject payload, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.CallTimeout);
        try
        {
            return await _client!.CallAsync(action, payload, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException($"{action} was not answered within {options.CallTimeout}.");
        }
    }

    /// <summary>Sends a prepared CALL frame and waits for its answer, within the call timeout.</summary>
    private async Task<OcppFrame> SendRawAsync(string messageId, string frame)
    {
        using var timeout = new CancellationTokenSource(options.CallTimeout);
        try
        {
            return await _client!.SendRawAsync(frame, messageId, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"MeterValues was not answered within {options.CallTimeout}.");
        }
    }

    private async Task CloseAsync()
    {
        if (_client is { } client)
        {
            _client = null;
            await client.DisposeAsync().ConfigureAwait(false);
        }
    }
}

using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using OcppCentral.Protocol;

namespace OcppCentral.Transport;

/// <summary>
/// One charger's live WebSocket: a receive loop that assembles text messages and handles CALLs in order,
/// one at a time; a single writer; and at most one outstanding server-initiated CALL (OCPP-J 1.6 §4.1.1).
/// </summary>
public sealed class ChargerConnection(
    string chargePointId, WebSocket socket, OcppRouter router, OcppTransportOptions options,
    TimeProvider time, ILogger logger)
{
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly SemaphoreSlim _callGate = new(1, 1);
    private readonly Queue<DateTimeOffset> _badFrames = new();
    private readonly CancellationTokenSource _closing = new();
    private TaskCompletionSource<OcppFrame>? _pendingCall;
    private string? _pendingCallId;
    private long _nextCallId;

    public string ChargePointId { get; } = chargePointId;

    public DateTimeOffset ConnectedAt { get; } = time.GetUtcNow();

    public DateTimeOffset LastSeen { get; private set; } = time.GetUtcNow();

    /// <summary>Runs until the charger disconnects, the link dies, or the server closes it.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, _closing.Token);
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        var message = new ArrayBufferWriter<byte>(16 * 1024);
        try
        {
            while (socket.State == WebSocketState.Open && !linked.IsCancellationRequested)
            {
                message.ResetWrittenCount();
                var kind = await ReceiveMessageAsync(buffer, message, linked.Token).ConfigureAwait(false);
                if (kind is null)
                    return;
                LastSeen = time.GetUtcNow();
                if (kind == WebSocketMessageType.Binary)
                {
                    await CountBadFrameAsync("binary message", linked.Token).ConfigureAwait(false);
                    continue;
                }
                await HandleTextAsync(Encoding.UTF8.GetString(message.WrittenSpan), linked.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            logger.LogInformation("Connection of {ChargePointId} ended: {Reason}", ChargePointId, ex.Message);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            _pendingCall?.TrySetException(new WebSocketException(WebSocketError.ConnectionClosedPrematurely, "The charger disconnected."));
        }
    }

    /// <returns>The message type, or null when the socket is closing.</returns>
    private async Task<WebSocketMessageType?> ReceiveMessageAsync(byte[] buffer, ArrayBufferWriter<byte> message, CancellationToken ct)
    {
        while (true)
        {
            var received = await socket.ReceiveAsync(buffer.AsMemory(), ct).ConfigureAwait(false);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                await CloseAsync(WebSocketCloseStatus.NormalClosure, "Goodbye", ct).ConfigureAwait(false);
                return null;
            }
            if (message.WrittenCount + received.Count > options.MaxMessageBytes)
            {
                logger.LogWarning("{ChargePointId} sent a message above {MaxBytes} bytes; closing with MessageTooBig", ChargePointId, options.MaxMessageBytes);
                await CloseAsync(WebSocketCloseStatus.MessageTooBig, $"Messages are limited to {options.MaxMessageBytes} bytes", ct).ConfigureAwait(false);
                return null;
            }
            message.Write(buffer.AsSpan(0, received.Count));
            if (received.EndOfMessage)
                return received.MessageType;
        }
    }

    private async Task HandleTextAsync(string text, CancellationToken ct)
    {
        var read = FrameReader.Read(text);
        switch (read.Frame)
        {
            case OcppCall call:
                var context = new OcppRequestContext(ChargePointId, call.MessageId, time.GetUtcNow(), call.Payload);
                var answer = await router.DispatchAsync(context, call, ct).ConfigureAwait(false);
                if (answer is OcppCallError { ErrorCode: not OcppErrorCode.InternalError } refused)
                {
                    logger.LogWarning("{ChargePointId} {Action} {MessageId} refused with {ErrorCode}: {Description}",
                        ChargePointId, call.Action, call.MessageId, refused.ErrorCode, refused.ErrorDescription);
                    await SendAsync(FrameWriter.Write(answer), ct).ConfigureAwait(false);
                    await CountBadFrameAsync(refused.ErrorCode, ct).ConfigureAwait(false);
                    return;
                }
                await SendAsync(FrameWriter.Write(answer), ct).ConfigureAwait(false);
                return;
            case OcppCallResult or OcppCallError:
                CompletePendingCall(read.Frame);
                return;
        }
        if (read.Error is { } error)
        {
            logger.LogWarning("{ChargePointId} sent an unreadable frame: {Problem}", ChargePointId, read.Problem);
            await SendAsync(FrameWriter.Write(error), ct).ConfigureAwait(false);
        }
        else
        {
            logger.LogWarning("{ChargePointId}: {Problem}", ChargePointId, read.Problem);
        }
        await CountBadFrameAsync(read.Problem ?? "bad frame", ct).ConfigureAwait(false);
    }

    private void CompletePendingCall(OcppFrame frame)
    {
        var pending = _pendingCall;
        if (pending is not null && frame.MessageId == _pendingCallId)
            pending.TrySetResult(frame);
        else
            logger.LogWarning("{ChargePointId} answered {MessageId}, which is not the outstanding call", ChargePointId, frame.MessageId);
    }

    /// <summary>A flood of bad frames is a broken or hostile client: disconnect it once over the limit.</summary>
    private async Task CountBadFrameAsync(string what, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        _badFrames.Enqueue(now);
        while (_badFrames.Count > 0 && now - _badFrames.Peek() > TimeSpan.FromMinutes(1))
            _badFrames.Dequeue();
        if (_badFrames.Count <= options.MaxBadFramesPerMinute)
            return;
        logger.LogWarning("{ChargePointId} sent more than {Limit} bad frames in a minute (last: {What}); disconnecting",
            ChargePointId, options.MaxBadFramesPerMinute, what);
        await CloseAsync(WebSocketCloseStatus.PolicyViolation, "Too many invalid messages", ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Sends a CALL and waits for the charger's CALLRESULT or CALLERROR. Calls queue: only one is outstanding
    /// at a time (OCPP-J 1.6 §4.1.1). The caller bounds the wait (the admin API's timeout pipeline).
    /// </summary>
    public async Task<OcppFrame> CallAsync(string action, Newtonsoft.Json.Linq.JObject payload, CancellationToken ct)
    {
        await _callGate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var id = "cs-" + Interlocked.Increment(ref _nextCallId).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var waiter = new TaskCompletionSource<OcppFrame>(TaskCreationOptions.RunContinuationsAsynchronously);
            _pendingCallId = id;
            _pendingCall = waiter;
            if (socket.State != WebSocketState.Open)
                throw new WebSocketException(WebSocketError.InvalidState, "The charger is not connected.");
            await SendAsync(FrameWriter.Write(new OcppCall(id, action, payload)), ct).ConfigureAwait(false);
            return await waiter.Task.WaitAsync(ct).ConfigureAwait(false);
        }
        finally
        {
            _pendingCall = null;
            _pendingCallId = null;
            _callGate.Release();
        }
    }

    private async Task SendAsync(string text, CancellationToken ct)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        await _sendLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, ct).ConfigureAwait(false);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Closes with a proper close frame (replaced by a newer connection, shutdown, limits).</summary>
    public async Task CloseAsync(WebSocketCloseStatus status, string reason, CancellationToken ct)
    {
        try
        {
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await _sendLock.WaitAsync(ct).ConfigureAwait(false);
                try
                {
                    using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                    timeout.CancelAfter(TimeSpan.FromSeconds(5));
                    await socket.CloseOutputAsync(status, reason, timeout.Token).ConfigureAwait(false);
                }
                finally
                {
                    _sendLock.Release();
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            socket.Abort();
        }
        finally
        {
            // Give the charger a moment to answer the close frame, then stop receiving regardless.
            _closing.CancelAfter(TimeSpan.FromSeconds(5));
        }
    }
}

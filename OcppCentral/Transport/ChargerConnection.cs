using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using OcppCentral.Protocol;

namespace OcppCentral.Transport;

/// <summary>
/// One charger's live WebSocket: a receive loop that assembles text messages and handles the charger's CALLs in
/// order, one at a time; a single writer; at most one outstanding server-initiated CALL (OCPP-J 1.6 §4.1.1, in
/// ChargerConnection.ServerCalls.cs); and a polite close that lets the CALL in hand be answered first.
/// </summary>
public sealed partial class ChargerConnection(
    string chargePointId, WebSocket socket, OcppRouter router, OcppTransportOptions options, ServerCallTimeout callTimeout,
    TimeProvider time, ILogger logger)
{
    /// <summary>How long a close waits for the CALL in hand, and then for the charger's close frame, before aborting.</summary>
    public static readonly TimeSpan CloseGrace = TimeSpan.FromSeconds(5);

    /// <summary>OCPP frames are mostly well under 4 KiB; small buffers keep 10,000 idle connections cheap. Larger messages grow the writer.</summary>
    private const int ReceiveBufferBytes = 4 * 1024;

    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly SemaphoreSlim _handling = new(1, 1);
    private readonly BadFrameWindow _badFrames = new(options.MaxBadFramesPerMinute, time);
    private readonly CancellationTokenSource _closing = new(Timeout.InfiniteTimeSpan, time);
    private readonly CancellationTokenSource _ended = new();
    private readonly TaskCompletionSource _departed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _closeSent;
    private long _lastSeenMs = time.GetUtcNow().ToUnixTimeMilliseconds();

    private enum Received { Text, Binary, Discarded, Close }

    public string ChargePointId { get; } = chargePointId;

    public DateTimeOffset LastSeen => DateTimeOffset.FromUnixTimeMilliseconds(Interlocked.Read(ref _lastSeenMs));

    /// <summary>Completes once the server is done with this connection: out of the registry, its lastSeen stored.</summary>
    public Task Departed => _departed.Task;

    internal void MarkDeparted() => _departed.TrySetResult();

    /// <summary>Runs until the charger disconnects, the link dies (keep-alive), or a close handshake ends.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, _closing.Token);
        var buffer = ArrayPool<byte>.Shared.Rent(ReceiveBufferBytes);
        var message = new ArrayBufferWriter<byte>(ReceiveBufferBytes);
        try
        {
            while (socket.State is WebSocketState.Open or WebSocketState.CloseSent)
            {
                // One oversized message must not pin a megabyte for the rest of the connection's life.
                if (message.Capacity > 4 * ReceiveBufferBytes)
                    message = new ArrayBufferWriter<byte>(ReceiveBufferBytes);
                message.ResetWrittenCount();
                var received = await ReceiveMessageAsync(buffer, message, linked.Token).ConfigureAwait(false);
                if (received == Received.Close)
                    return;
                if (received == Received.Discarded)
                    continue;
                Interlocked.Exchange(ref _lastSeenMs, time.GetUtcNow().ToUnixTimeMilliseconds());
                await _handling.WaitAsync(linked.Token).ConfigureAwait(false);
                try
                {
                    await HandleAsync(received, message.WrittenSpan, linked.Token).ConfigureAwait(false);
                }
                finally
                {
                    _handling.Release();
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            logger.LogInformation("Connection of {ChargePointId} ended: {Reason}", ChargePointId, ex.Message);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            // Fails the outstanding server CALL and any queued behind it: no answer can come any more.
            _ended.Cancel();
        }
    }

    private async Task<Received> ReceiveMessageAsync(byte[] buffer, ArrayBufferWriter<byte> message, CancellationToken ct)
    {
        var tooBig = false;
        while (true)
        {
            var received = await socket.ReceiveAsync(buffer.AsMemory(), ct).ConfigureAwait(false);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                // The charger's close, or its answer to ours (then this sends nothing).
                await SendCloseAsync(WebSocketCloseStatus.NormalClosure, "Goodbye", ct).ConfigureAwait(false);
                return Received.Close;
            }
            if (!tooBig && message.WrittenCount + received.Count > options.MaxMessageBytes)
            {
                tooBig = true;
                logger.LogWarning("{ChargePointId} sent a message above {MaxBytes} bytes; closing with MessageTooBig", ChargePointId, options.MaxMessageBytes);
                await SendCloseAsync(WebSocketCloseStatus.MessageTooBig, $"Messages are limited to {options.MaxMessageBytes} bytes", ct).ConfigureAwait(false);
            }
            // The rest of an oversized message is read and dropped, so the charger sees our close frame and not a reset.
            if (!tooBig)
                message.Write(buffer.AsSpan(0, received.Count));
            if (received.EndOfMessage)
                return tooBig ? Received.Discarded : received.MessageType == WebSocketMessageType.Binary ? Received.Binary : Received.Text;
        }
    }

    /// <summary>
    /// Reads the frame and starts its handling here; only what must wait (a handler's answer, a send) is left to the
    /// returned task, so a message waiting for its commit does not keep its text or parsed payload alive twice over.
    /// </summary>
    private Task HandleAsync(Received kind, ReadOnlySpan<byte> utf8, CancellationToken ct)
    {
        // OCPP-J messages are text frames (OCPP-J 1.6 §3.2); a binary one is answered like any unreadable frame.
        var text = kind == Received.Text ? Encoding.UTF8.GetString(utf8) : null;
        var read = text is not null
            ? Read(text)
            : FrameReadResult.Fail(OcppCallError.UnknownMessageId, OcppErrorCode.FormationViolation, "OCPP-J messages are text frames; this one was binary.");
        if (_closeSent)
        {
            // Closing: nothing can be answered any more, but the answer to our own outstanding CALL is still welcome.
            if (read.Frame is OcppCallResult or OcppCallError)
                CompletePendingCall(read.Frame);
            return Task.CompletedTask;
        }
        switch (read.Frame)
        {
            case OcppCall call:
                var context = new OcppRequestContext(ChargePointId, call.MessageId, time.GetUtcNow(), text!);
                return AnswerAsync(call.Action, call.MessageId, router.DispatchAsync(context, call, ct), ct);
            case OcppCallResult or OcppCallError:
                CompletePendingCall(read.Frame);
                return Task.CompletedTask;
        }
        logger.LogWarning("{ChargePointId} sent an unreadable frame: {Problem}", ChargePointId, read.Problem);
        return RefuseAsync(read.Error, read.Problem ?? "bad frame", ct);
    }

    private async Task AnswerAsync(string action, string messageId, Task<OcppFrame> answering, CancellationToken ct)
    {
        var answer = await answering.ConfigureAwait(false);
        await SendAsync(FrameWriter.Write(answer), ct).ConfigureAwait(false);
        if (answer is OcppCallError { ErrorCode: not OcppErrorCode.InternalError } refused)
        {
            logger.LogWarning("{ChargePointId} {Action} {MessageId} refused with {ErrorCode}: {Description}",
                ChargePointId, action, messageId, refused.ErrorCode, refused.ErrorDescription);
            await BadFrameAsync(refused.ErrorCode, ct).ConfigureAwait(false);
        }
    }

    private async Task RefuseAsync(OcppCallError? error, string problem, CancellationToken ct)
    {
        if (error is not null)
            await SendAsync(FrameWriter.Write(error), ct).ConfigureAwait(false);
        await BadFrameAsync(problem, ct).ConfigureAwait(false);
    }

    /// <summary>The frame reader answers garbage with a FormationViolation; should it ever throw, the connection still stays open (SPEC 3).</summary>
    private FrameReadResult Read(string text)
    {
        try
        {
            return FrameReader.Read(text);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            logger.LogError(ex, "{ChargePointId}: reading a frame failed", ChargePointId);
            return FrameReadResult.Fail(OcppCallError.UnknownMessageId, OcppErrorCode.FormationViolation, "The message could not be read.");
        }
    }

    /// <summary>A flood of bad frames is a broken or hostile client: closed with PolicyViolation once over the limit.</summary>
    private async Task BadFrameAsync(string what, CancellationToken ct)
    {
        if (!_badFrames.Add())
            return;
        logger.LogWarning("{ChargePointId} sent more than {Limit} bad frames in a minute (last: {What}); disconnecting",
            ChargePointId, options.MaxBadFramesPerMinute, what);
        await SendCloseAsync(WebSocketCloseStatus.PolicyViolation, "Too many invalid messages", ct).ConfigureAwait(false);
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

    /// <summary>
    /// Closes politely (replaced by a newer connection, shutdown): waits until the CALL being handled is answered,
    /// sends a close frame, and gives the charger <see cref="CloseGrace"/> to answer it before the socket is aborted.
    /// Never throws.
    /// </summary>
    public async Task CloseAsync(WebSocketCloseStatus status, string reason)
    {
        using var grace = new CancellationTokenSource(CloseGrace, time);
        try
        {
            await _handling.WaitAsync(grace.Token).ConfigureAwait(false);
            try
            {
                await SendCloseAsync(status, reason, grace.Token).ConfigureAwait(false);
            }
            finally
            {
                _handling.Release();
            }
        }
        catch (OperationCanceledException)
        {
            logger.LogWarning("{ChargePointId}: the message in hand was not answered within {Grace}; aborting the connection", ChargePointId, CloseGrace);
            socket.Abort();
        }
    }

    /// <summary>Sends the close frame once; the receive loop then waits at most <see cref="CloseGrace"/> for the charger's.</summary>
    private async Task SendCloseAsync(WebSocketCloseStatus status, string reason, CancellationToken ct)
    {
        await _sendLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (_closeSent || socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
                return;
            _closeSent = true;
            _closing.CancelAfter(CloseGrace);
            await socket.CloseOutputAsync(status, reason, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            socket.Abort();
        }
        finally
        {
            _sendLock.Release();
        }
    }
}

using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using OcppCentral.Admission;
using OcppCentral.Operations;
using OcppCentral.Protocol;

namespace OcppCentral.Transport;

/// <summary>
/// One charger's live WebSocket: a receive loop that assembles text messages and hands the charger's CALLs to their
/// turn (ChargerConnection.Turns.cs: in order, one at a time, while reading goes on); a single writer; at most one
/// outstanding server-initiated CALL (OCPP-J 1.6 §4.1.1, in ChargerConnection.ServerCalls.cs); and a polite close that
/// lets the CALLs in hand be answered first. While <see cref="LogsMessages"/>, every frame in and out goes to the OCPP
/// message log (docs/charger-health.md) as it is read and before it is sent, never waited for.
/// </summary>
public sealed partial class ChargerConnection(
    string chargePointId, WebSocket socket, OcppRouter router, OcppTransportOptions options, ServerCallTimeout callTimeout,
    TimeProvider time, ChargeMonitorMetrics metrics, MessageLog messageLog, ILogger logger)
{
    /// <summary>How long a close waits for the CALL in hand, and then for the charger's close frame, before aborting.</summary>
    public static readonly TimeSpan CloseGrace = TimeSpan.FromSeconds(5);

    /// <summary>OCPP frames are mostly well under 4 KiB; small buffers keep 10,000 idle connections cheap. Larger messages grow the writer.</summary>
    private const int ReceiveBufferBytes = 4 * 1024;

    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly BadFrameWindow _badFrames = new(options.MaxBadFramesPerMinute, time);
    private readonly LogThrottle _unsolicitedLog = new(TimeSpan.FromMinutes(1), time);
    private readonly CancellationTokenSource _closing = new(Timeout.InfiniteTimeSpan, time);
    private readonly CancellationTokenSource _ended = new();
    private readonly TaskCompletionSource _departed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _closeSent;
    private ConnectionEnd? _end;
    private long _lastSeenMs = time.GetUtcNow().ToUnixTimeMilliseconds();
    private int _logging; // LogUndecided, LogOff or LogOn

    private const int LogUndecided = 0, LogOff = 1, LogOn = 2;

    private enum Received { Text, Binary, Discarded, Close }

    public string ChargePointId { get; } = chargePointId;

    /// <summary>Whether this charger's frames go to the message log now.</summary>
    public bool LogsMessages => Volatile.Read(ref _logging) == LogOn;

    /// <summary>The operator changed the charger's setting (PUT /api/chargepoints/{id}): applies from the next frame.</summary>
    public void SetLogsMessages(bool on) => Volatile.Write(ref _logging, on ? LogOn : LogOff);

    /// <summary>The setting read when the connection began; a change the operator made meanwhile wins over it.</summary>
    public void DecideLogsMessages(bool on) => Interlocked.CompareExchange(ref _logging, on ? LogOn : LogOff, LogUndecided);

    public DateTimeOffset LastSeen => DateTimeOffset.FromUnixTimeMilliseconds(Interlocked.Read(ref _lastSeenMs));

    /// <summary>Completes once the server is done with this connection: out of the registry, its lastSeen stored.</summary>
    public Task Departed => _departed.Task;

    internal void MarkDeparted() => _departed.TrySetResult();

    /// <summary>Why the connection ended; a connection that ended without a known cause lost its link.</summary>
    public ConnectionEnd End => Volatile.Read(ref _end) ?? new ConnectionEnd(DisconnectReasons.ConnectionReset, null);

    /// <summary>Keeps the first cause of the end only.</summary>
    private void NoteEnd(string reason, WebSocketCloseStatus? status) =>
        Interlocked.CompareExchange(ref _end, new ConnectionEnd(reason, (int?)status), null);

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
                {
                    // The charger's close, or its answer to ours: what it asked before is answered first, within CloseGrace.
                    NoteEnd(DisconnectReasons.ClosedByCharger, socket.CloseStatus);
                    await CloseAsync(WebSocketCloseStatus.NormalClosure, "Goodbye", DisconnectReasons.ClosedByCharger).ConfigureAwait(false);
                    return;
                }
                if (received == Received.Discarded)
                    continue;
                Interlocked.Exchange(ref _lastSeenMs, time.GetUtcNow().ToUnixTimeMilliseconds());
                // A CALL is handled in its turn while this loop goes back to reading (docs/ocpp-endpoint.md, Keep-alive).
                await HandleAsync(received, message.WrittenSpan, linked.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            NoteEnd(DisconnectReasons.Of(ex), null);
            logger.LogInformation("Connection of {ChargePointId} ended: {Reason}", ChargePointId, ex.Message);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            // Fails the outstanding server CALL and any queued behind it: no answer can come any more.
            _ended.Cancel();
            // The connection departs once nothing of it runs: the CALLs in hand finish, though their answers have no one to go to.
            await LastTurn.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task<Received> ReceiveMessageAsync(byte[] buffer, ArrayBufferWriter<byte> message, CancellationToken ct)
    {
        var tooBig = false;
        while (true)
        {
            var received = await socket.ReceiveAsync(buffer.AsMemory(), ct).ConfigureAwait(false);
            if (received.MessageType == WebSocketMessageType.Close)
                return Received.Close;
            if (!tooBig && message.WrittenCount + received.Count > options.MaxMessageBytes)
            {
                tooBig = true;
                logger.LogWarning("{ChargePointId} sent a message above {MaxBytes} bytes; closing with MessageTooBig", ChargePointId, options.MaxMessageBytes);
                NoteEnd(DisconnectReasons.MessageTooBig, WebSocketCloseStatus.MessageTooBig);
                await SendCloseAsync(WebSocketCloseStatus.MessageTooBig, $"Messages are limited to {options.MaxMessageBytes} bytes", ct).ConfigureAwait(false);
            }
            // The rest of an oversized message is read and dropped, so the charger sees our close frame and not a reset.
            if (!tooBig)
                message.Write(buffer.AsSpan(0, received.Count));
            if (received.EndOfMessage)
                return tooBig ? Received.Discarded : received.MessageType == WebSocketMessageType.Binary ? Received.Binary : Received.Text;
        }
    }

    /// <summary>Reads the frame here and gives a CALL its turn; the returned task is a refusal being sent, or a full queue of CALLs.</summary>
    private Task HandleAsync(Received kind, ReadOnlySpan<byte> utf8, CancellationToken ct)
    {
        // OCPP-J messages are text frames (OCPP-J 1.6 §3.2); a binary one is answered like any unreadable frame.
        var text = kind == Received.Text ? Encoding.UTF8.GetString(utf8) : null;
        var read = text is not null
            ? Read(text)
            : FrameReadResult.Fail(OcppCallError.UnknownMessageId, OcppErrorCode.FormationViolation, "OCPP-J messages are text frames; this one was binary.");
        if (LogsMessages)
        {
            if (text is null)
                messageLog.RecordBinary(ChargePointId, utf8.Length);
            else
                messageLog.Record(ChargePointId, incoming: true, text, read.Frame, read.Frame is OcppCall call ? call.Action : PendingAction(read.Frame));
        }
        if (_closeSent)
        {
            // Closing: nothing can be answered any more, but the answer to our own outstanding CALL is still welcome.
            if (read.Frame is OcppCallResult or OcppCallError)
                TryCompletePendingCall(read.Frame);
            return Task.CompletedTask;
        }
        switch (read.Frame)
        {
            case OcppCall call:
                return TakeTurn(new OcppRequestContext(ChargePointId, call.MessageId, time.GetUtcNow(), text!), call, ct);
            case OcppCallResult or OcppCallError:
                return TryCompletePendingCall(read.Frame) ? Task.CompletedTask : UnsolicitedAsync(read.Frame, ct);
        }
        metrics.BadFrame(text is null ? "binary" : "unreadable");
        logger.LogWarning("{ChargePointId} sent an unreadable frame: {Problem}", ChargePointId, read.Problem);
        return RefuseAsync(read.Error, read.Problem ?? "bad frame", ct);
    }

    /// <summary>
    /// A CALLRESULT or CALLERROR that answers no outstanding call: now and then a late answer after a timeout, in a
    /// flood a broken charger. Counted as a bad frame, and logged at most once a minute with how many were not.
    /// </summary>
    private Task UnsolicitedAsync(OcppFrame answer, CancellationToken ct)
    {
        metrics.BadFrame("unsolicited");
        if (_unsolicitedLog.TryPass(out var heldBack))
            logger.LogWarning("{ChargePointId} answered {MessageId}, which is not the outstanding call (a late answer after a timeout?); " +
                              "{HeldBack} more such answers since the last of these warnings", ChargePointId, answer.MessageId, heldBack);
        return BadFrameAsync($"an answer to {answer.MessageId}, which is not the outstanding call", ct);
    }

    private async Task RefuseAsync(OcppCallError? error, string problem, CancellationToken ct)
    {
        if (error is not null)
            await SendFrameAsync(error, null, ct).ConfigureAwait(false);
        await BadFrameAsync(problem, ct).ConfigureAwait(false);
    }

    /// <summary>The frame reader answers garbage with a FormationViolation; should it ever throw, the connection still stays open (docs/ocpp-endpoint.md).</summary>
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
        NoteEnd(DisconnectReasons.TooManyBadFrames, WebSocketCloseStatus.PolicyViolation);
        await SendCloseAsync(WebSocketCloseStatus.PolicyViolation, "Too many invalid messages", ct).ConfigureAwait(false);
    }

    /// <summary>Sends a frame; the message log takes it first, so it holds every frame the charger may have seen.</summary>
    /// <param name="action">The CALL's action, or for an answer the action of the CALL it answers; null when not known.</param>
    private Task SendFrameAsync(OcppFrame frame, string? action, CancellationToken ct)
    {
        var text = FrameWriter.Write(frame);
        if (LogsMessages)
            messageLog.Record(ChargePointId, incoming: false, text, frame, action);
        return SendAsync(text, ct);
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
    /// Closes politely (replaced by a newer connection, shutdown, the charger's own close): takes no more CALLs, waits
    /// until the ones in hand are answered, sends a close frame, and gives the charger <see cref="CloseGrace"/> to
    /// answer it before the socket is aborted. Never throws.
    /// </summary>
    /// <param name="endReason">Why, as the charger's history shows it (<see cref="DisconnectReasons"/>).</param>
    public async Task CloseAsync(WebSocketCloseStatus status, string reason, string endReason)
    {
        NoteEnd(endReason, status);
        using var grace = new CancellationTokenSource(CloseGrace, time);
        var inHand = StopTakingTurns();
        await inHand.WaitAsync(grace.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (!inHand.IsCompleted)
        {
            logger.LogWarning("{ChargePointId}: the messages in hand were not answered within {Grace}; aborting the connection", ChargePointId, CloseGrace);
            socket.Abort();
            return;
        }
        await SendCloseAsync(status, reason, grace.Token).ConfigureAwait(false);
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

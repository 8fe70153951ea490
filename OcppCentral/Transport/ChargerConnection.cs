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

    /// <summary>
    /// The buffer rented from <see cref="ArrayPool{T}"/> when a message begins; OCPP frames are mostly well under 4 KiB.
    /// A longer message moves to a rented buffer twice the size, up to <see cref="OcppTransportOptions.MaxMessageBytes"/>.
    /// </summary>
    internal const int FirstBufferBytes = 4 * 1024;

    private readonly SemaphoreSlim _sendLock = new(1, 1);
    // Made at the first bad frame or unsolicited answer: a charger that never sends one (most) never pays for them.
    private BadFrameWindow? _badFrames;
    private LogThrottle? _unsolicitedLog;
    // Stops the receive loop: when the request is aborted, or CloseGrace after our close frame (its timer is made then).
    private readonly CancellationTokenSource _closing = new();
    private ITimer? _closeGrace;
    private readonly CancellationTokenSource _ended = new();
    // Made when someone waits for the departure (shutdown): an idle connection holds neither the source nor its task.
    private TaskCompletionSource? _departed;
    private int _hasDeparted;
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
    public Task Departed
    {
        get
        {
            var departed = LazyInitializer.EnsureInitialized(ref _departed, () => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            // Read after the source is published: a departure marked meanwhile either sees the source or is seen here.
            if (Volatile.Read(ref _hasDeparted) == 1)
                departed.TrySetResult();
            return departed.Task;
        }
    }

    internal void MarkDeparted()
    {
        Interlocked.Exchange(ref _hasDeparted, 1);
        Volatile.Read(ref _departed)?.TrySetResult();
    }

    /// <summary>Why the connection ended; a connection that ended without a known cause lost its link.</summary>
    public ConnectionEnd End => Volatile.Read(ref _end) ?? new ConnectionEnd(DisconnectReasons.ConnectionReset, null);

    /// <summary>Keeps the first cause of the end only.</summary>
    private void NoteEnd(string reason, WebSocketCloseStatus? status) =>
        Interlocked.CompareExchange(ref _end, new ConnectionEnd(reason, (int?)status), null);

    /// <summary>Runs until the charger disconnects, the link dies (keep-alive), or a close handshake ends.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        // One source for both causes, rather than a linked one: the abort cancels _closing.
        using var aborted = ct.UnsafeRegister(static closing => ((CancellationTokenSource)closing!).Cancel(), _closing);
        var stop = _closing.Token;
        try
        {
            while (socket.State is WebSocketState.Open or WebSocketState.CloseSent)
            {
                // Idle, the connection holds no buffer: a zero-byte receive waits for the next frame to begin, and the
                // WebSocket answers pings and takes pongs meanwhile (the keep-alive, docs/ocpp-endpoint.md).
                var first = await socket.ReceiveAsync(Memory<byte>.Empty, stop).ConfigureAwait(false);
                var message = first.MessageType == WebSocketMessageType.Close
                    ? RentedMessage.Close
                    : await ReceiveMessageAsync(first, stop).ConfigureAwait(false);
                if (message.Kind == Received.Close)
                {
                    // The charger's close, or its answer to ours: what it asked before is answered first, within CloseGrace.
                    NoteEnd(DisconnectReasons.ClosedByCharger, socket.CloseStatus);
                    await CloseAsync(WebSocketCloseStatus.NormalClosure, "Goodbye", DisconnectReasons.ClosedByCharger).ConfigureAwait(false);
                    return;
                }
                Task handling;
                try
                {
                    if (message.Kind == Received.Discarded)
                        continue;
                    Interlocked.Exchange(ref _lastSeenMs, time.GetUtcNow().ToUnixTimeMilliseconds());
                    // A CALL is handled in its turn while this loop goes back to reading (docs/ocpp-endpoint.md, Keep-alive).
                    handling = HandleAsync(message.Kind, message.Bytes, stop);
                }
                finally
                {
                    // The frame is text (or counted) by now: the buffer goes back before the loop waits for anything.
                    message.Return();
                }
                await handling.ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            NoteEnd(DisconnectReasons.Of(ex), null);
            logger.LogInformation("Connection of {ChargePointId} ended: {Reason}", ChargePointId, ex.Message);
        }
        finally
        {
            // Fails the outstanding server CALL and any queued behind it: no answer can come any more.
            _ended.Cancel();
            Volatile.Read(ref _closeGrace)?.Dispose();
            // The connection departs once nothing of it runs: the CALLs in hand finish, though their answers have no one to go to.
            await LastTurn.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>Reads the rest of the message whose first frame <paramref name="first"/> announced, into a buffer rented for it.</summary>
    /// <returns>The message, holding its buffer until <see cref="RentedMessage.Return"/>; none for Close and Discarded.</returns>
    private async ValueTask<RentedMessage> ReceiveMessageAsync(ValueWebSocketReceiveResult first, CancellationToken ct)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(FirstBufferBytes);
        var length = 0;
        var tooBig = false;
        var received = first;
        try
        {
            while (!received.EndOfMessage)
            {
                // One more byte than the limit is read at most, which is how a message above it is recognised.
                var room = tooBig ? buffer.AsMemory() : buffer.AsMemory(length, Math.Min(buffer.Length, options.MaxMessageBytes + 1) - length);
                if (room.IsEmpty)
                {
                    buffer = Grow(buffer, length);
                    continue;
                }
                received = await socket.ReceiveAsync(room, ct).ConfigureAwait(false);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    return RentedMessage.Close;
                }
                if (tooBig)
                    continue;
                length += received.Count;
                if (length > options.MaxMessageBytes)
                {
                    // The rest of an oversized message is read and dropped, so the charger sees our close frame and not a reset.
                    tooBig = true;
                    logger.LogWarning("{ChargePointId} sent a message above {MaxBytes} bytes; closing with MessageTooBig", ChargePointId, options.MaxMessageBytes);
                    NoteEnd(DisconnectReasons.MessageTooBig, WebSocketCloseStatus.MessageTooBig);
                    await SendCloseAsync(WebSocketCloseStatus.MessageTooBig, $"Messages are limited to {options.MaxMessageBytes} bytes", ct).ConfigureAwait(false);
                }
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
        if (tooBig)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            return RentedMessage.Discarded;
        }
        return new RentedMessage(first.MessageType == WebSocketMessageType.Binary ? Received.Binary : Received.Text, buffer, length);
    }

    /// <summary>Moves the <paramref name="length"/> bytes read so far to a rented buffer twice the size (within the limit) and returns the old one.</summary>
    private byte[] Grow(byte[] buffer, int length)
    {
        var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(2L * buffer.Length, options.MaxMessageBytes + 1L));
        buffer.AsSpan(0, length).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(buffer);
        return larger;
    }

    /// <summary>A message as read: its kind, and for text and binary its bytes in a buffer rented from the pool until returned.</summary>
    private readonly record struct RentedMessage(Received Kind, byte[]? Buffer, int Length)
    {
        public static readonly RentedMessage Close = new(Received.Close, null, 0);

        public static readonly RentedMessage Discarded = new(Received.Discarded, null, 0);

        public ReadOnlySpan<byte> Bytes => Buffer.AsSpan(0, Length);

        public void Return()
        {
            if (Buffer is not null)
                ArrayPool<byte>.Shared.Return(Buffer);
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
        _unsolicitedLog ??= new LogThrottle(TimeSpan.FromMinutes(1), time); // Only the receive loop gets here.
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
        // The receive loop and the CALLs in hand may get here at once; one window wins and both count in it.
        var badFrames = LazyInitializer.EnsureInitialized(ref _badFrames, () => new BadFrameWindow(options.MaxBadFramesPerMinute, time));
        if (!badFrames.Add())
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
            Volatile.Write(ref _closeGrace, time.CreateTimer(static closing => ((CancellationTokenSource)closing!).Cancel(), _closing, CloseGrace, Timeout.InfiniteTimeSpan));
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

using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text;
using Newtonsoft.Json.Linq;
using OcppCentral.Protocol;

namespace ChargeMonitor.Simulator.Client;

/// <summary>
/// One charge point's OCPP-J 1.6 connection to a central system: sends CALLs and awaits their answers,
/// answers the server's CALLs through <see cref="ServerCallHandler"/>. Usable as a library (the tests
/// drive the server with it). Every CALL it sends is checked against the OCPP schemas first.
/// </summary>
public sealed class OcppClient : IAsyncDisposable
{
    public const string SubProtocol = "ocpp1.6";

    private readonly ClientWebSocket _socket;
    private readonly SchemaValidator? _schemas;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly ConcurrentDictionary<string, TaskCompletionSource<OcppFrame>> _pending = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _receiveLoop;
    private long _nextId;
    private int _closed;

    private OcppClient(ClientWebSocket socket, string chargePointId, SchemaValidator? schemas)
    {
        _socket = socket;
        _schemas = schemas;
        ChargePointId = chargePointId;
        _receiveLoop = Task.Run(ReceiveLoopAsync);
    }

    public string ChargePointId { get; }

    /// <summary>
    /// Answers a CALL from the central system; returns the response payload, an <see cref="OcppCallError"/>, or a
    /// <see cref="ServerCallReply"/> whose follow-up runs after the answer is written. Without it, calls get NotImplemented.
    /// </summary>
    public Func<OcppCall, Task<object>>? ServerCallHandler { get; set; }

    /// <summary>
    /// Told when answering a server call, or the follow-up of its <see cref="ServerCallReply"/>, failed for another
    /// reason than the connection ending (which the server sees as a timeout, and a follow-up as its own failure). Both
    /// run after the receive loop has moved on, so without this such an exception would be lost.
    /// </summary>
    public Action<OcppCall, Exception>? ServerCallFailed { get; set; }

    /// <summary>Completes when the connection has ended, whoever ended it.</summary>
    public Task Completion => _receiveLoop;

    public WebSocketState State => _socket.State;

    public WebSocketCloseStatus? CloseStatus => _socket.CloseStatus;

    /// <param name="endpoint">The central system's OCPP URL without the id, e.g. ws://localhost:8180/ocpp.</param>
    /// <param name="tls">For a wss:// endpoint: CAs to trust and a client certificate to present; null uses the system's trust.</param>
    public static async Task<OcppClient> ConnectAsync(Uri endpoint, string chargePointId, string? password = null,
        SchemaValidator? schemas = null, CancellationToken ct = default, ClientTls? tls = null)
    {
        var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol(SubProtocol);
        tls?.Apply(socket.Options);
        socket.Options.KeepAliveInterval = TimeSpan.FromSeconds(30);
        if (password is not null)
        {
            var credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{chargePointId}:{password}"));
            socket.Options.SetRequestHeader("Authorization", new AuthenticationHeaderValue("Basic", credentials).ToString());
        }
        var url = new Uri(endpoint.ToString().TrimEnd('/') + "/" + Uri.EscapeDataString(chargePointId));
        try
        {
            await socket.ConnectAsync(url, ct).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        return new OcppClient(socket, chargePointId, schemas);
    }

    /// <summary>Sends a CALL and returns the CALLRESULT payload; a CALLERROR throws <see cref="OcppCallFailedException"/>.</summary>
    public async Task<JObject> CallAsync(string action, object payload, CancellationToken ct = default)
    {
        var body = OcppPayload.From(payload);
        if (_schemas?.ValidateRequest(action, body) is { } violation)
            throw new ArgumentException($"{action} payload violates its schema: {violation.Description}", nameof(payload));

        var id = Interlocked.Increment(ref _nextId).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var answer = await SendAndAwaitAsync(id, FrameWriter.Write(new OcppCall(id, action, body)), ct).ConfigureAwait(false);
        return answer switch
        {
            OcppCallResult result => result.Payload,
            OcppCallError error => throw new OcppCallFailedException(action, error.ErrorCode, error.ErrorDescription),
            _ => throw new InvalidOperationException($"Unexpected answer {answer.GetType().Name}."),
        };
    }

    public async Task<TResponse> CallAsync<TResponse>(string action, object payload, CancellationToken ct = default)
    {
        var result = await CallAsync(action, payload, ct).ConfigureAwait(false);
        return result.ToObject<TResponse>(OcppJson.Serializer)!;
    }

    /// <summary>Sends any text as-is and waits for the frame answering <paramref name="expectedId"/> (for protocol tests).</summary>
    public Task<OcppFrame> SendRawAsync(string text, string expectedId, CancellationToken ct = default) =>
        SendAndAwaitAsync(expectedId, text, ct);

    /// <summary>Sends text without waiting for anything.</summary>
    public Task SendTextAsync(string text, CancellationToken ct = default) => SendAsync(text, ct);

    private async Task<OcppFrame> SendAndAwaitAsync(string id, string text, CancellationToken ct)
    {
        var waiter = new TaskCompletionSource<OcppFrame>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_pending.TryAdd(id, waiter))
            throw new InvalidOperationException($"A call with id {id} is already waiting.");
        try
        {
            // The receive loop fails the waiters it sees when it ends; one added after that must not wait forever.
            if (Volatile.Read(ref _closed) == 1)
                throw ConnectionClosed();
            await SendAsync(text, ct).ConfigureAwait(false);
            return await waiter.Task.WaitAsync(ct).ConfigureAwait(false);
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    private async Task SendAsync(string text, CancellationToken ct)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        await _sendLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await _socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, ct).ConfigureAwait(false);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private async Task ReceiveLoopAsync()
    {
        // Small: OCPP frames are small, and load mode holds thousands of connections.
        var buffer = new byte[4 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                message.SetLength(0);
                WebSocketReceiveResult received;
                do
                {
                    received = await _socket.ReceiveAsync(buffer, _stop.Token).ConfigureAwait(false);
                    if (received.MessageType == WebSocketMessageType.Close)
                    {
                        await AnswerCloseAsync().ConfigureAwait(false);
                        return;
                    }
                    message.Write(buffer, 0, received.Count);
                } while (!received.EndOfMessage);

                OnMessage(Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length));
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            // The connection ended; waiting calls fail below.
        }
        finally
        {
            Volatile.Write(ref _closed, 1);
            foreach (var waiter in _pending.Values)
                waiter.TrySetException(ConnectionClosed());
        }
    }

    /// <summary>The server closed (shutdown, replaced connection): complete the close handshake as RFC 6455 §5.5.1 asks.</summary>
    private async Task AnswerCloseAsync()
    {
        if (_socket.State != WebSocketState.CloseReceived)
            return;
        await _sendLock.WaitAsync().ConfigureAwait(false);
        try
        {
            await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private static WebSocketException ConnectionClosed() =>
        new(WebSocketError.ConnectionClosedPrematurely, "The connection closed before the answer came.");

    private void OnMessage(string text)
    {
        var read = FrameReader.Read(text);
        switch (read.Frame)
        {
            case OcppCallResult or OcppCallError when _pending.TryGetValue(read.Frame.MessageId, out var waiter):
                waiter.TrySetResult(read.Frame);
                break;
            case OcppCall call:
                _ = AnswerServerCallAsync(call);
                break;
        }
    }

    /// <summary>Runs beside the receive loop, which does not wait for it; it never throws, and reports what fails.</summary>
    private async Task AnswerServerCallAsync(OcppCall call)
    {
        try
        {
            var followUp = await AnswerAsync(call).ConfigureAwait(false);
            if (followUp is not null)
                await followUp().ConfigureAwait(false);
        }
        catch (Exception ex) when (ConnectionEnded(ex) || ex is OcppCallFailedException)
        {
            // The connection is gone (the server times the call out, and a follow-up has no one to talk to), or a
            // follow-up's call was refused, which its own error handling has recorded.
        }
        catch (Exception ex)
        {
            ServerCallFailed?.Invoke(call, ex);
        }
    }

    /// <summary>Writes the answer to <paramref name="call"/>; returns the follow-up to run after it, if any.</summary>
    private async Task<Func<Task>?> AnswerAsync(OcppCall call)
    {
        OcppFrame answer;
        Func<Task>? followUp = null;
        if (ServerCallHandler is null)
        {
            answer = OcppCallError.Create(call.MessageId, OcppErrorCode.NotImplemented, $"{call.Action} is not handled here.");
        }
        else
        {
            try
            {
                var response = await ServerCallHandler(call).ConfigureAwait(false);
                if (response is ServerCallReply reply)
                {
                    response = reply.Response;
                    followUp = reply.ThenAsync;
                }
                answer = response is OcppCallError error
                    ? error with { MessageId = call.MessageId }
                    : new OcppCallResult(call.MessageId, OcppPayload.From(response));
            }
            catch (Exception ex)
            {
                answer = OcppCallError.Create(call.MessageId, OcppErrorCode.InternalError, ex.Message);
            }
        }
        await SendAsync(FrameWriter.Write(answer), _stop.Token).ConfigureAwait(false);
        return followUp;
    }

    private static bool ConnectionEnded(Exception ex) => ex is WebSocketException or OperationCanceledException or ObjectDisposedException;

    /// <summary>Closes with a normal close frame.</summary>
    public async Task CloseAsync(CancellationToken ct = default)
    {
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", ct).ConfigureAwait(false);
            }
            catch (WebSocketException)
            {
                // Already gone.
            }
        }
        await _receiveLoop.WaitAsync(TimeSpan.FromSeconds(5), ct).ConfigureAwait(false);
    }

    /// <summary>Drops the TCP connection without a close frame, as a charger losing power or network does.</summary>
    public void Abort() => _socket.Abort();

    public async ValueTask DisposeAsync()
    {
        try
        {
            await CloseAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TimeoutException or WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            _socket.Abort();
        }
        _stop.Cancel();
        _socket.Dispose();
        _stop.Dispose();
        _sendLock.Dispose();
    }
}

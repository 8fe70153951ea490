using System.Globalization;
using System.Net.WebSockets;
using Newtonsoft.Json.Linq;
using OcppCentral.Protocol;
using Polly.Timeout;

namespace OcppCentral.Transport;

/// <summary>
/// Server-initiated CALLs (docs/ocpp-endpoint.md): one outstanding per charger, the rest wait their turn in arrival order; each is
/// bounded by the Polly timeout of <see cref="ServerCallTimeout"/>, counted from its own turn, not from the queue.
/// The admin API and follow-ups (ChargerConnection.FollowUps.cs) call here; an OCPP handler answers its charger and never
/// awaits a call to it (the receive loop is what reads the answer).
/// </summary>
public sealed partial class ChargerConnection
{
    private SemaphoreSlim? _callTurn; // Made at the first server CALL: most idle chargers are never sent one.
    private PendingCall? _pending;
    private long _nextCallId;

    /// <summary>Sends a CALL and returns how it ended: whatever the charger does, this returns a result rather than throwing.</summary>
    /// <param name="ct">The caller giving up (OperationCanceledException); the admin API lets a call run to its outcome.</param>
    public async Task<ServerCallResult> CallAsync(string action, JObject payload, CancellationToken ct)
    {
        var callTurn = LazyInitializer.EnsureInitialized(ref _callTurn, () => new SemaphoreSlim(1, 1));
        using (var turnOrGone = CancellationTokenSource.CreateLinkedTokenSource(ct, _ended.Token))
        {
            try
            {
                await callTurn.WaitAsync(turnOrGone.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_ended.IsCancellationRequested)
            {
                return ServerCallResult.NotConnected;
            }
        }
        var call = new OcppCall("cs-" + Interlocked.Increment(ref _nextCallId).ToString(CultureInfo.InvariantCulture), action, payload);
        var pending = new PendingCall(call.MessageId, action);
        Volatile.Write(ref _pending, pending);
        try
        {
            return await callTimeout.Pipeline.ExecuteAsync(token => SendAndAwaitAsync(call, pending, token), ct).ConfigureAwait(false);
        }
        catch (TimeoutRejectedException)
        {
            logger.LogWarning("{ChargePointId} did not answer {Action} {MessageId} within {Timeout}", ChargePointId, action, call.MessageId, callTimeout.Timeout);
            return ServerCallResult.TimedOut(callTimeout.Timeout);
        }
        finally
        {
            Volatile.Write(ref _pending, null);
            callTurn.Release();
        }
    }

    private async ValueTask<ServerCallResult> SendAndAwaitAsync(OcppCall call, PendingCall pending, CancellationToken timeout)
    {
        // Linked to the end of the receive loop: once it has ended, no answer can come, whenever that happened.
        using var answerOrGone = CancellationTokenSource.CreateLinkedTokenSource(timeout, _ended.Token);
        // A WebSocket aborts itself when a send of it is cancelled, even one whose bytes are already on their way: the
        // timeout (or a caller giving up) must never cancel the send, or a timeout firing as the frame goes out drops the
        // charger. So the send is cancelled only by the end of the connection, and the timeout only stops waiting for it;
        // a frame stuck behind a charger that does not read goes when it can, and the keep-alive judges that link.
        var sending = SendFrameAsync(call, call.Action, _closing.Token);
        try
        {
            await sending.WaitAsync(answerOrGone.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException
                                       || (ex is OperationCanceledException && ConnectionOver && !timeout.IsCancellationRequested))
        {
            return ServerCallResult.NotConnected;
        }
        catch (OperationCanceledException) when (!sending.IsCompleted)
        {
            // Timed out (or given up) while the frame waits to go: whatever becomes of the send is seen, not left unobserved.
            _ = sending.ContinueWith(static s => s.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
            throw;
        }
        logger.LogInformation("Sent {Action} {MessageId} to {ChargePointId}", call.Action, call.MessageId, ChargePointId);
        try
        {
            return await pending.Answer.Task.WaitAsync(answerOrGone.Token).ConfigureAwait(false) switch
            {
                OcppCallError error => ServerCallResult.Refused(error.ErrorCode, error.ErrorDescription, error.ErrorDetails),
                OcppCallResult result => ServerCallResult.Answered(result.Payload),
                var other => throw new InvalidOperationException($"Unexpected answer frame {other.GetType().Name}."),
            };
        }
        catch (OperationCanceledException) when (_ended.IsCancellationRequested && !timeout.IsCancellationRequested)
        {
            return ServerCallResult.Disconnected;
        }
    }

    /// <summary>The connection is ending (aborted, or its close grace over) or has ended.</summary>
    private bool ConnectionOver => _closing.IsCancellationRequested || _ended.IsCancellationRequested;

    /// <summary>The receive loop hands every CALLRESULT and CALLERROR here.</summary>
    /// <returns>False when it answers no outstanding call.</returns>
    private bool TryCompletePendingCall(OcppFrame frame)
    {
        var pending = Volatile.Read(ref _pending);
        return pending is not null && frame.MessageId == pending.MessageId && pending.Answer.TrySetResult(frame);
    }

    /// <summary>The action of the outstanding call <paramref name="answer"/> answers, or null when it answers none.</summary>
    private string? PendingAction(OcppFrame? answer) =>
        Volatile.Read(ref _pending) is { } pending && answer?.MessageId == pending.MessageId ? pending.Action : null;

    private sealed class PendingCall(string messageId, string action)
    {
        public string MessageId { get; } = messageId;

        public string Action { get; } = action;

        public TaskCompletionSource<OcppFrame> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

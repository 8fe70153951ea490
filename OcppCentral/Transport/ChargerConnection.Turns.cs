using System.Diagnostics;
using System.Net.WebSockets;
using OcppCentral.Operations;
using OcppCentral.Protocol;

namespace OcppCentral.Transport;

/// <summary>
/// The charger's CALLs take turns: handled in the order they arrived, one at a time, each answered before the next
/// starts. The receive loop does not wait for a turn to end; it goes back to reading at once. That is what keeps the
/// keep-alive honest: the WebSocket reads the charger's pongs only while a receive is pending, so a loop that waited
/// for a slow handler (a commit behind a stalled disk) would let the keep-alive abort a charger that answered every
/// ping. Pausing the keep-alive instead is not possible: neither its timer nor the pongs are visible to the server.
/// Reading on also takes the answer to a server-initiated CALL while a CALL of the charger is in hand.
/// </summary>
public sealed partial class ChargerConnection
{
    /// <summary>
    /// CALLs read ahead while one is in hand. OCPP-J 1.6 §4.1.1 allows one outstanding CALL, but a charger whose own
    /// timeout expired sends its next, so a few wait their turn while the loop reads on. A charger sending CALLs
    /// without waiting for answers is read no faster than it is answered once this many wait, as before: TCP holds
    /// it back, and its pongs wait with its CALLs.
    /// </summary>
    public const int MaxWaitingCalls = 4;

    private readonly Lock _turnLock = new();
    // The last turn while it runs; Task.CompletedTask again once it is over, so an idle connection keeps no finished turn.
    private Task _lastTurn = Task.CompletedTask;
    private long _turnsTaken;
    private int _waiting;
    private bool _takingTurns = true;

    /// <summary>Completes when every CALL taken so far has been answered (or found no one to answer); never faults.</summary>
    private Task LastTurn
    {
        get
        {
            lock (_turnLock)
                return _lastTurn;
        }
    }

    /// <summary>
    /// Starts the CALL now when none is in hand, so it does not wait in a queue it does not need; queues it behind
    /// the others otherwise.
    /// </summary>
    /// <returns>What the receive loop waits for before it reads on: nothing, unless <see cref="MaxWaitingCalls"/> wait.</returns>
    private Task TakeTurn(OcppRequestContext context, OcppCall call, CancellationToken ct)
    {
        lock (_turnLock)
        {
            if (!_takingTurns)
                return Task.CompletedTask; // Closing: like a CALL read after the close frame, it is not answered.
            var turn = ++_turnsTaken;
            var before = _lastTurn;
            var queued = !before.IsCompleted;
            if (queued)
                _waiting++;
            var answering = queued
                ? AnswerInTurnAsync(turn, before, context, call, ct)
                : AnswerAsync(turn, context, call.Action, Stopwatch.GetTimestamp(), router.DispatchAsync(context, call, ct), ct);
            // A turn that ran to its end on this thread has done its EndTurn already (the lock lets the same thread in).
            _lastTurn = answering.IsCompleted ? Task.CompletedTask : answering;
            return _waiting > MaxWaitingCalls ? before : Task.CompletedTask;
        }
    }

    private async Task AnswerInTurnAsync(long turn, Task before, OcppRequestContext context, OcppCall call, CancellationToken ct)
    {
        await before.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        lock (_turnLock)
            _waiting--;
        if (_closeSent)
        {
            EndTurn(turn);
            return;
        }
        await AnswerAsync(turn, context, call.Action, Stopwatch.GetTimestamp(), router.DispatchAsync(context, call, ct), ct).ConfigureAwait(false);
    }

    /// <summary>
    /// The end of turn <paramref name="turn"/>: when no CALL was taken after it, the connection lets go of its task, so
    /// an idle connection holds no finished turn; a later turn is the last one and is kept.
    /// </summary>
    private void EndTurn(long turn)
    {
        lock (_turnLock)
        {
            if (turn == _turnsTaken)
                _lastTurn = Task.CompletedTask;
        }
    }

    /// <summary>
    /// Sends the answer once the handler has one; a connection that ended meanwhile leaves no one to answer. The CALL is
    /// counted with its outcome and the time since <paramref name="started"/> (a <see cref="Stopwatch"/> timestamp taken
    /// before it was dispatched) once its answer is known. What the handler asked to do after its answer is queued once the
    /// answer is sent (ChargerConnection.FollowUps.cs).
    /// </summary>
    private async Task AnswerAsync(long turn, OcppRequestContext context, string action, long started, Task<OcppFrame> answering, CancellationToken ct)
    {
        var messageId = context.MessageId;
        try
        {
            var answer = await answering.ConfigureAwait(false);
            metrics.MessageHandled(router.Schemas.IsKnownAction(action) ? action : ChargeMonitorMetrics.OtherAction,
                answer is OcppCallError error ? error.ErrorCode : ChargeMonitorMetrics.Answered, started);
            await SendFrameAsync(answer, action, ct).ConfigureAwait(false);
            if (answer is OcppCallResult)
                FollowUpAnswer(context);
            if (answer is OcppCallError { ErrorCode: not OcppErrorCode.InternalError } refused)
            {
                logger.LogWarning("{ChargePointId} {Action} {MessageId} refused with {ErrorCode}: {Description}",
                    ChargePointId, action, messageId, refused.ErrorCode, refused.ErrorDescription);
                await BadFrameAsync(refused.ErrorCode, ct).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            logger.LogInformation("{ChargePointId} {Action} {MessageId} was not answered: the connection ended ({Reason})",
                ChargePointId, action, messageId, ex.Message);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Nothing awaits a turn to see its exception (the next turn starts regardless), so it is logged here.
            logger.LogError(ex, "{ChargePointId} {Action} {MessageId} could not be answered", ChargePointId, action, messageId);
        }
        finally
        {
            EndTurn(turn);
        }
    }

    /// <returns>The last turn taken: once it completes, every CALL read before has been answered.</returns>
    private Task StopTakingTurns()
    {
        lock (_turnLock)
        {
            _takingTurns = false;
            return _lastTurn;
        }
    }
}

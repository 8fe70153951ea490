using Newtonsoft.Json.Linq;

namespace ChargeMonitor.Simulator.Client;

/// <summary>
/// The charger's ordered message queue (OCPP 1.6 §4.7–4.10: transaction messages are delivered in order, and
/// kept while offline). One pump sends the head, waits for its answer and only then the next; a message whose
/// sending failed on the link is sent again, unchanged, once the link is back. A CALLERROR ends its message.
/// </summary>
internal sealed class TransactionOutbox
{
    private readonly Lock _gate = new();
    private readonly Queue<OutboxMessage> _queue = new();
    private readonly SemaphoreSlim _available = new(0);
    private TaskCompletionSource _empty = CompletedSignal();
    private int _queuedOffline;

    public int Count
    {
        get
        {
            lock (_gate)
                return _queue.Count;
        }
    }

    /// <summary>Messages that were queued while the charger was offline.</summary>
    public int QueuedOffline => Volatile.Read(ref _queuedOffline);

    /// <summary>Queues a CALL; the task completes with its CALLRESULT payload, or fails with its CALLERROR.</summary>
    public Task<JObject> Enqueue(string action, JObject payload, bool offline)
    {
        var message = new OutboxMessage(action, payload, offline);
        lock (_gate)
        {
            if (_queue.Count == 0)
                _empty = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _queue.Enqueue(message);
        }
        if (offline)
            Interlocked.Increment(ref _queuedOffline);
        _available.Release();
        return message.Answer.Task;
    }

    public Task WhenEmptyAsync(CancellationToken ct)
    {
        lock (_gate)
            return _empty.Task.WaitAsync(ct);
    }

    /// <param name="send">Sends one CALL on the current link and returns the answer; waits for a link itself.</param>
    public async Task PumpAsync(Func<string, JObject, CancellationToken, Task<JObject>> send, TimeSpan retryDelay,
        TimeProvider time, CancellationToken ct)
    {
        while (true)
        {
            await _available.WaitAsync(ct).ConfigureAwait(false);
            OutboxMessage message;
            lock (_gate)
                message = _queue.Peek();
            await DeliverAsync(message, send, retryDelay, time, ct).ConfigureAwait(false);
            lock (_gate)
            {
                _queue.Dequeue();
                if (_queue.Count == 0)
                    _empty.TrySetResult();
            }
        }
    }

    /// <summary>Fails what is still queued (at shutdown, when the link never came back).</summary>
    public int Abandon(string reason)
    {
        lock (_gate)
        {
            foreach (var message in _queue)
                message.Answer.TrySetException(new OperationCanceledException(reason));
            return _queue.Count;
        }
    }

    private static async Task DeliverAsync(OutboxMessage message, Func<string, JObject, CancellationToken, Task<JObject>> send,
        TimeSpan retryDelay, TimeProvider time, CancellationToken ct)
    {
        while (!message.Answer.Task.IsCompleted)
        {
            message.Attempts++;
            try
            {
                message.Answer.TrySetResult(await send(message.Action, message.Payload, ct).ConfigureAwait(false));
            }
            catch (Exception ex) when (ConnectionFailures.IsTransient(ex) && !ct.IsCancellationRequested)
            {
                await Task.Delay(retryDelay, time, ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                message.Answer.TrySetException(ex);
            }
        }
    }

    private static TaskCompletionSource CompletedSignal()
    {
        var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        signal.SetResult();
        return signal;
    }
}

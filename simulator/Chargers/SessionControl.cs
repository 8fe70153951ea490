namespace ChargeMonitor.Simulator.Chargers;

/// <summary>
/// Where server calls meet the session loop: a remote start waits here for the loop to pick it up, and a
/// stop request (RemoteStop, Reset, Unlock) cancels the running session with its reason.
/// </summary>
internal sealed class SessionControl
{
    private readonly Lock _gate = new();
    private TaskCompletionSource<string> _remoteStart = NewRemoteStart();
    private TaskCompletionSource _idle = Completed();
    private CancellationTokenSource? _stop;
    private string? _stopReason;

    public long? ActiveTransactionId { get; private set; }

    public bool SessionRunning { get; private set; }

    /// <summary>Why the running session was asked to stop; null when it was not.</summary>
    public string? StopReason
    {
        get
        {
            lock (_gate)
                return _stopReason;
        }
    }

    /// <summary>Marks a session as running; the token fires when someone asks it to stop.</summary>
    public CancellationToken Begin()
    {
        lock (_gate)
        {
            _stop?.Dispose();
            _stop = new CancellationTokenSource();
            _stopReason = null;
            SessionRunning = true;
            _idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _remoteStart = NewRemoteStart();
            return _stop.Token;
        }
    }

    public void TransactionStarted(long transactionId)
    {
        lock (_gate)
            ActiveTransactionId = transactionId;
    }

    public void End()
    {
        lock (_gate)
        {
            SessionRunning = false;
            ActiveTransactionId = null;
            _idle.TrySetResult();
        }
    }

    /// <summary>Asks the running session to stop; false when none is running (or it runs another transaction).</summary>
    public bool RequestStop(string reason, long? transactionId = null)
    {
        lock (_gate)
        {
            if (!SessionRunning || _stop is null || (transactionId is not null && transactionId != ActiveTransactionId))
                return false;
            _stopReason ??= reason;
            _stop.Cancel();
            return true;
        }
    }

    public bool RequestRemoteStart(string idTag)
    {
        lock (_gate)
            return !SessionRunning && _remoteStart.TrySetResult(idTag);
    }

    /// <summary>Completes with the idTag of the next remote start.</summary>
    public Task<string> WaitForRemoteStartAsync(CancellationToken ct)
    {
        lock (_gate)
            return _remoteStart.Task.WaitAsync(ct);
    }

    public Task WhenIdleAsync(CancellationToken ct)
    {
        lock (_gate)
            return _idle.Task.WaitAsync(ct);
    }

    private static TaskCompletionSource<string> NewRemoteStart() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static TaskCompletionSource Completed()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        done.SetResult();
        return done;
    }
}

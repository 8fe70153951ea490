namespace OcppCentral.Transport;

/// <summary>
/// Follow-ups: server calls the server makes of its own accord (docs/charger-display.md), run one at a time in the
/// order they were queued, each after the answer it follows has been sent. Each still takes its turn for the single
/// outstanding server call (ChargerConnection.ServerCalls.cs), so admin commands and follow-ups never overlap.
/// </summary>
public sealed partial class ChargerConnection
{
    /// <summary>
    /// Follow-ups that may wait at once. A charger that answers slowly (each waits up to the call timeout) while its
    /// MeterValues keep coming would otherwise queue them without end; past this, new ones are dropped and logged.
    /// </summary>
    public const int MaxWaitingFollowUps = 8;

    private readonly Lock _followUpLock = new();
    private Task _lastFollowUp = Task.CompletedTask;
    private int _waitingFollowUps;

    /// <summary>Queues <paramref name="work"/> behind the follow-ups before it; it is given a token that fires when the connection ends.</summary>
    /// <returns>False when it was dropped: the connection ended, or <see cref="MaxWaitingFollowUps"/> wait.</returns>
    public bool FollowUp(Func<CancellationToken, Task> work)
    {
        lock (_followUpLock)
        {
            if (_ended.IsCancellationRequested)
                return false;
            if (_waitingFollowUps >= MaxWaitingFollowUps)
            {
                logger.LogWarning("{ChargePointId}: {Count} server calls of the server's own wait already; one more is dropped",
                    ChargePointId, _waitingFollowUps);
                return false;
            }
            _waitingFollowUps++;
            _lastFollowUp = RunFollowUpAsync(_lastFollowUp, work);
            return true;
        }
    }

    private async Task RunFollowUpAsync(Task before, Func<CancellationToken, Task> work)
    {
        await before.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ForceYielding);
        try
        {
            if (!_ended.IsCancellationRequested)
                await work(_ended.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_ended.IsCancellationRequested)
        {
            // The connection ended: nothing more can be sent to it.
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            logger.LogError(ex, "{ChargePointId}: a server call of the server's own failed", ChargePointId);
        }
        finally
        {
            lock (_followUpLock)
            {
                // The last one queued is over: the connection lets go of its task, so an idle connection holds none.
                if (--_waitingFollowUps == 0)
                    _lastFollowUp = Task.CompletedTask;
            }
        }
    }

    /// <summary>Queues what the handler of an answered CALL asked to do after its answer (<see cref="Protocol.OcppRequestContext.AfterAnswer"/>).</summary>
    private void FollowUpAnswer(Protocol.OcppRequestContext context)
    {
        foreach (var work in context.TakeAfterAnswer())
            FollowUp(work);
    }
}

using System.Data;
using System.Data.Common;
using System.Diagnostics;
using System.Threading.Channels;
using Dapper;
using OcppCentral.Operations;

namespace OcppCentral.Storage;

/// <summary>
/// The single writer of transaction data (group commit): operations queue up, the writer runs as many as
/// are waiting (up to <see cref="MaxBatch"/>) in one database transaction (a failing one is isolated so it does not
/// spoil its neighbours), commits once, and only then completes each caller. That is how a
/// StartTransaction, MeterValues or StopTransaction is answered only after its data is durable, while
/// thousands per second share one fsync.
/// </summary>
public sealed class StorageWriter : IAsyncDisposable
{
    public const int MaxBatch = 512;

    private readonly Database _database;
    private readonly Channel<PendingWrite> _queue = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ILogger<StorageWriter> _logger;
    private readonly ChargeMonitorMetrics? _metrics;
    private int _queued; // the channel of a single reader cannot count what it holds

    // Only the writer's thread reads or writes these.
    private bool _raised;
    private readonly List<Action> _afterCommit = [];

    public StorageWriter(Database database, ILogger<StorageWriter> logger, ChargeMonitorMetrics? metrics = null)
    {
        _database = database;
        _logger = logger;
        _metrics = metrics;
        // A thread of its own, not a thread-pool task: the writer is busy most of the time under load, when it waits
        // for work it is woken directly instead of queueing behind thousands of socket continuations, and on Linux it
        // can be given a higher priority than the threads that feed it (WriterPriority).
        var thread = new Thread(Run) { IsBackground = true, Name = "storage-writer" };
        thread.Start();
    }

    /// <summary>Runs <paramref name="work"/> on the writer's connection and completes once its batch is committed.</summary>
    public Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, T> work, CancellationToken ct = default) =>
        Enqueue(new PendingWrite<T>(work), ct);

    /// <summary>
    /// As <see cref="WriteAsync{T}"/>, for a write whose statements all go through <see cref="SessionWrites"/> (which stores the
    /// batch's waiting samples before any statement of its own, <see cref="SampleBatch"/>); <paramref name="session"/> is the
    /// session it will look up first, if known, so that the sessions of a whole batch are read in one query on PostgreSQL.
    /// </summary>
    internal Task<T> WriteSessionsAsync<T>(Func<DbConnection, DbTransaction, T> work, long? session, CancellationToken ct) =>
        Enqueue(new PendingWrite<T>(work) { ThroughSessionWrites = true, Session = session }, ct);

    private Task<T> Enqueue<T>(PendingWrite<T> pending, CancellationToken ct)
    {
        Interlocked.Increment(ref _queued);
        if (!_queue.Writer.TryWrite(pending))
        {
            Interlocked.Decrement(ref _queued);
            return Task.FromException<T>(new ObjectDisposedException(nameof(StorageWriter), "The storage writer has stopped."));
        }
        // The caller may stop waiting, but a queued write still runs: it may already be part of a batch.
        return pending.Completion.WaitAsync(ct);
    }

    /// <summary>
    /// The samples of the batch running now, on PostgreSQL when it runs without isolation; null otherwise. Read by
    /// <see cref="SessionWrites"/> on the writer's thread, inside a write.
    /// </summary>
    internal SampleBatch? Samples { get; private set; }

    /// <summary>Writes queued and not yet taken into a batch.</summary>
    public int QueueDepth => Volatile.Read(ref _queued);

    /// <summary>
    /// Called from inside a write: runs <paramref name="action"/> on the writer's thread once that write is committed,
    /// and never if it is rolled back (so a batch run again with each write isolated does not run it twice). For what is
    /// counted only when it is durable (docs/observability.md); it must be quick and must not throw.
    /// </summary>
    public void OnCommitted(Action action) => _afterCommit.Add(action);

    private void Run()
    {
        var why = WriterPriority.TryRaiseCurrentThread();
        _raised = why is null;
        if (_raised)
            _logger.LogInformation("The storage writer runs at nice {Nice}, ahead of the threads that parse messages", WriterPriority.Nice);
        else
            _logger.LogInformation("The storage writer runs at normal priority: {Reason}", why);
        try
        {
            var connection = _database.Open();
            _database.Guard.Arm();
            try
            {
                var batch = new List<PendingWrite>(MaxBatch);
                // Blocks only while the queue is empty; under load the next batch is already waiting.
                while (_queue.Reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
                {
                    batch.Clear();
                    while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var next))
                        batch.Add(next);
                    Interlocked.Add(ref _queued, -batch.Count);
                    if (connection.State != ConnectionState.Open && !TryReopen(ref connection, batch))
                        continue;
                    CommitBatch(connection, batch);
                }
            }
            finally
            {
                // The statements kept prepared on this connection are finalized before it closes.
                PreparedCommands.Release(connection);
                connection.Dispose();
            }
            _stopped.TrySetResult();
        }
        catch (Exception ex)
        {
            // Without its connection nothing can be stored: refuse new writes and fail the queued ones, so no handler waits forever.
            _logger.LogCritical(ex, "The storage writer stopped; transaction data can no longer be stored");
            _database.Guard.ReportCommit(ex);
            _queue.Writer.TryComplete(ex);
            var orphaned = new List<PendingWrite>();
            while (_queue.Reader.TryRead(out var write))
                orphaned.Add(write);
            CompleteAll(orphaned, ex);
            _stopped.TrySetException(ex);
        }
    }

    /// <summary>
    /// A connection to a database server can be lost (PostgreSQL restarted, the network cut): the batch that was running
    /// failed and was not acknowledged, and each later batch opens a new connection first. While none can be opened, the
    /// batch fails as a full disk fails it (InternalError to the charger, /health/ready unready), and the next batch tries again.
    /// </summary>
    /// <returns>False when no connection could be opened (the batch is then failed).</returns>
    private bool TryReopen(ref DbConnection connection, List<PendingWrite> batch)
    {
        PreparedCommands.Release(connection);
        connection.Dispose();
        try
        {
            connection = _database.Open();
            _logger.LogWarning("The storage writer connected to the database {Database} again", _database.DisplayName);
            return true;
        }
        catch (Exception ex)
        {
            _database.Guard.ReportCommit(ex);
            _logger.LogError("The storage writer cannot connect to the database {Database}: {Reason}; {Count} writes are not acknowledged",
                _database.DisplayName, ex.Message, batch.Count);
            CompleteAll(batch, ex);
            return false;
        }
    }

    /// <summary>
    /// Runs the batch in one transaction. If any write throws, the transaction is rolled back and the batch runs
    /// again with a savepoint around each write, so only the failing ones fail; the common case pays for no savepoints.
    /// </summary>
    private void CommitBatch(DbConnection connection, List<PendingWrite> batch)
    {
        // A deleted or unwritable file fails the batch as a full disk does, before SQLite touches it (DatabaseGuard).
        if (_database.Guard.Check() is { } fault)
        {
            CompleteAll(batch, fault);
            return;
        }
        var started = Stopwatch.GetTimestamp();
        try
        {
            if (!TryRunBatch(connection, batch, isolateEachWrite: false))
                TryRunBatch(connection, batch, isolateEachWrite: true);
        }
        catch (Exception ex)
        {
            _database.Guard.ReportCommit(ex);
            _afterCommit.Clear();
            _logger.LogError(ex, "Committing a batch of {Count} writes failed; none of them is acknowledged", batch.Count);
            CompleteAll(batch, ex);
            return;
        }
        _database.Guard.ReportCommit(failure: null);
        // Deleted while the batch ran: it was committed to the unlinked file, so it is not acknowledged (nor counted).
        var lost = _database.Guard.CheckIdentity();
        if (lost is null)
        {
            _metrics?.BatchCommitted(batch.Count, started);
            RunAfterCommit();
        }
        else
        {
            _afterCommit.Clear();
        }
        CompleteAll(batch, lost);
    }

    /// <summary>
    /// Completes each write (with <paramref name="failure"/> when the batch could not be committed). Completing queues
    /// the waiting handlers to the thread pool, which may start a new worker from this very thread, and on Linux a
    /// thread inherits its creator's priority: so a raised writer steps down to normal while it hands over.
    /// </summary>
    private void CompleteAll(List<PendingWrite> batch, Exception? failure)
    {
        if (_raised)
            WriterPriority.ResetCurrentThread();
        try
        {
            foreach (var write in batch)
            {
                if (failure is null)
                    write.Complete();
                else
                    write.Fail(failure);
            }
        }
        finally
        {
            if (_raised && WriterPriority.TryRaiseCurrentThread() is { } why)
            {
                _raised = false;
                _logger.LogWarning("The storage writer could not raise its priority again and runs at normal priority: {Reason}", why);
            }
        }
    }

    private void RunAfterCommit()
    {
        foreach (var action in _afterCommit)
        {
            try
            {
                action();
            }
            catch (Exception ex)
            {
                _logger.LogError(ex, "An action after a commit failed");
            }
        }
        _afterCommit.Clear();
    }

    /// <returns>False when a write failed without isolation (the transaction was rolled back and nothing is kept).</returns>
    /// <remarks>
    /// Without isolation on PostgreSQL, the batch's MeterValues are stored together (<see cref="SampleBatch"/>): their
    /// samples wait until another statement runs, and at the latest until just before the commit. A failure then is the
    /// batch's, which runs again isolated, each write's statements run at once inside its own savepoint.
    /// </remarks>
    private bool TryRunBatch(DbConnection connection, List<PendingWrite> batch, bool isolateEachWrite)
    {
        _afterCommit.Clear();
        using var transaction = connection.BeginTransaction();
        if (isolateEachWrite || !SampleBatch.Supports(connection))
            return RunEachWrite(connection, transaction, batch, isolateEachWrite);
        var samples = new SampleBatch(connection, transaction, batch.Select(w => w.Session).ToList());
        Samples = samples;
        try
        {
            for (var i = 0; i < batch.Count; i++)
            {
                var write = batch[i];
                samples.MovedTo(i);
                // A write of another store runs its own statements: what waits is stored before them.
                if ((write.ThroughSessionWrites || TryStoreWaiting(samples)) && write.Run(connection, transaction))
                    continue;
                transaction.Rollback();
                return false;
            }
            if (!TryStoreWaiting(samples))
            {
                transaction.Rollback();
                return false;
            }
        }
        finally
        {
            Samples = null;
            samples.End();
        }
        transaction.Commit();
        return true;
    }

    /// <returns>False when storing the waiting samples failed (the batch is then run again, isolated).</returns>
    private static bool TryStoreWaiting(SampleBatch samples)
    {
        try
        {
            samples.Touched();
            return true;
        }
        catch (Exception)
        {
            return false;
        }
    }

    private bool RunEachWrite(DbConnection connection, DbTransaction transaction, List<PendingWrite> batch, bool isolateEachWrite)
    {
        foreach (var write in batch)
        {
            if (!isolateEachWrite)
            {
                if (write.Run(connection, transaction))
                    continue;
                transaction.Rollback();
                return false;
            }
            var registered = _afterCommit.Count;
            connection.Execute("SAVEPOINT w;", transaction: transaction);
            var ran = write.Run(connection, transaction);
            connection.Execute(ran ? "RELEASE w;" : "ROLLBACK TO w; RELEASE w;", transaction: transaction);
            if (!ran)
                _afterCommit.RemoveRange(registered, _afterCommit.Count - registered);
        }
        transaction.Commit();
        return true;
    }

    /// <summary>Stops taking writes and waits until every queued one is committed (graceful shutdown).</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        // A writer that died has logged why and failed its writes already.
        await _stopped.Task.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private abstract class PendingWrite
    {
        /// <summary>Whether all its statements go through <see cref="SessionWrites"/> (<see cref="WriteSessionsAsync{T}"/>).</summary>
        public bool ThroughSessionWrites { get; init; }

        /// <summary>The session it will look up first, if known.</summary>
        public long? Session { get; init; }

        /// <summary>Runs the work; false when it threw (its savepoint is then rolled back).</summary>
        public abstract bool Run(DbConnection connection, DbTransaction transaction);
        public abstract void Complete();
        public abstract void Fail(Exception ex);
    }

    private sealed class PendingWrite<T>(Func<DbConnection, DbTransaction, T> work) : PendingWrite
    {
        private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? _result;
        private Exception? _error;

        public Task<T> Completion => _completion.Task;

        public override bool Run(DbConnection connection, DbTransaction transaction)
        {
            try
            {
                // A batch that failed is run again with each write isolated: start each run clean.
                _error = null;
                _result = work(connection, transaction);
                return true;
            }
            catch (Exception ex)
            {
                _error = ex;
                return false;
            }
        }

        public override void Complete()
        {
            if (_error is null)
                _completion.TrySetResult(_result!);
            else
                _completion.TrySetException(_error);
        }

        public override void Fail(Exception ex) => _completion.TrySetException(ex);
    }
}

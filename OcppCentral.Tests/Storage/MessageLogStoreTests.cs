using Dapper;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OcppCentral.Storage;
using OcppCentral.Tests.TestSupport;

namespace OcppCentral.Tests.Storage;

/// <summary>The message log's queue in front of the writer (docs/charger-health.md), over a real temp SQLite file.</summary>
public class MessageLogStoreTests : TempDatabaseTests
{
    [Test]
    public async Task Enqueue_MoreThanOneWriteTakes_AllAreStoredInOrder_ThroughFollowingBatches()
    {
        await using var writer = new StorageWriter(Database, NullLogger<StorageWriter>.Instance);
        var store = new MessageLogStore(Database, writer, NullLogger<MessageLogStore>.Instance);
        var count = MessageLogLimits.MaxPerWrite * 2 + 500;
        var at = DateTimeOffset.UnixEpoch.AddYears(56);
        for (var i = 0; i < count; i++)
            store.Enqueue(new LoggedMessage(0, "CP-STORE", at.AddMilliseconds(i), LoggedMessage.In, "Call", $"m{i}", "Heartbeat", "[2]", 3, false));

        // Each write of the log that leaves frames behind queues the next one before its batch commits, so a write
        // queued after each commit runs after the next of them: three such writes see all three takes committed.
        for (var i = 0; i < 3; i++)
            await writer.WriteAsync((_, _) => 0);

        await using var reader = Database.Open();
        var ids = reader.Query<string>("SELECT message_id FROM ocpp_messages ORDER BY id").ToList();
        Assert.That(ids, Is.EqualTo(Enumerable.Range(0, count).Select(i => $"m{i}")));
    }

    [Test]
    public async Task Prune_DeletesOnlyFramesBeforeTheCutoff_InChunks()
    {
        await using var writer = new StorageWriter(Database, NullLogger<StorageWriter>.Instance);
        var store = new MessageLogStore(Database, writer, NullLogger<MessageLogStore>.Instance);
        var cutoff = DateTimeOffset.UnixEpoch.AddYears(56);
        var old = MessageLogLimits.PruneChunk + 10;
        for (var i = 0; i < old + 3; i++)
            store.Enqueue(new LoggedMessage(0, "CP-PRUNE", cutoff.AddMilliseconds(i - old), LoggedMessage.Out, null, null, null, null, 0, false));
        for (var i = 0; i < 5; i++)
            await writer.WriteAsync((_, _) => 0);

        var deleted = await store.PruneAsync(cutoff, CancellationToken.None);
        var (left, total) = await store.ListAsync("CP-PRUNE", null, null, 1000, 0, CancellationToken.None);

        Assert.That((deleted, total, left.Min(m => m.At)), Is.EqualTo(((long)old, 3L, cutoff)));
    }

    [Test]
    public async Task Drain_MoreThanOneWriteTakes_StoresEveryWaitingFrame_BeforeTheWriterStops()
    {
        var writer = new StorageWriter(Database, NullLogger<StorageWriter>.Instance);
        var store = new MessageLogStore(Database, writer, NullLogger<MessageLogStore>.Instance);
        using var gate = new ManualResetEventSlim();
        // The writer is busy while the frames arrive, so all of them still wait when the shutdown begins.
        var busy = writer.WriteAsync((_, _) =>
        {
            gate.Wait();
            return 0;
        });
        var count = MessageLogLimits.MaxPerWrite * 3 + 7;
        Enqueue(store, "CP-DRAIN", count);

        var draining = store.DrainAsync(CancellationToken.None);
        gate.Set();
        var dropped = await draining;
        // Then the writer stops, as disposing the host does after the hosted services stopped.
        await writer.DisposeAsync();
        await busy;

        Assert.That((dropped, StoredCount("CP-DRAIN")), Is.EqualTo((0, (long)count)));
    }

    [Test]
    public async Task Drain_OutOfTime_DropsWhatStillWaits_AndLogsHowMany()
    {
        var writer = new StorageWriter(Database, NullLogger<StorageWriter>.Instance);
        var logger = new CapturingLogger();
        var store = new MessageLogStore(Database, writer, logger);
        using var gate = new ManualResetEventSlim();
        var busy = writer.WriteAsync((_, _) =>
        {
            gate.Wait();
            return 0;
        });
        Enqueue(store, "CP-LATE", 2500);

        using var timeout = new CancellationTokenSource();
        var draining = store.DrainAsync(timeout.Token);
        timeout.Cancel(); // the host's shutdown timeout, while the writer is still busy
        var dropped = await draining;
        store.Enqueue(new LoggedMessage(0, "CP-LATE", DateTimeOffset.UnixEpoch, LoggedMessage.In, null, null, null, null, 0, false));
        gate.Set();
        await writer.DisposeAsync();
        await busy;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(dropped, Is.EqualTo(2500));
            // The writes queued before the timeout take nothing, so the count logged is what was lost.
            Assert.That(StoredCount("CP-LATE"), Is.Zero);
            Assert.That(logger.Warnings, Has.One.Contains("dropped 2500 frames at shutdown"));
        }
    }

    private static void Enqueue(MessageLogStore store, string chargePointId, int count)
    {
        var at = DateTimeOffset.UnixEpoch.AddYears(56);
        for (var i = 0; i < count; i++)
            store.Enqueue(new LoggedMessage(0, chargePointId, at.AddMilliseconds(i), LoggedMessage.In, "Call", $"m{i}", "Heartbeat", "[2]", 3, false));
    }

    private long StoredCount(string chargePointId)
    {
        using var reader = Database.Open();
        return reader.ExecuteScalar<long>("SELECT COUNT(*) FROM ocpp_messages WHERE charge_point_id = @chargePointId", new { chargePointId });
    }

    private sealed class CapturingLogger : ILogger<MessageLogStore>
    {
        private readonly List<string> _warnings = [];

        public IReadOnlyList<string> Warnings
        {
            get
            {
                lock (_warnings)
                    return [.. _warnings];
            }
        }

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel != LogLevel.Warning)
                return;
            lock (_warnings)
                _warnings.Add(formatter(state, exception));
        }
    }
}

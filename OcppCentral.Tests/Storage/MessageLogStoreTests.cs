using Dapper;
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
}

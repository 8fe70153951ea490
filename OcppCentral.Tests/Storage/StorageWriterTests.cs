using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using OcppCentral.Storage;
using OcppCentral.Tests.TestSupport;

namespace OcppCentral.Tests.Storage;

/// <summary>The batching writer over a real temp database, on each backend.</summary>
[TestFixture(TestBackend.Sqlite)]
[TestFixture(TestBackend.Postgres)]
[Parallelizable(ParallelScope.All), FixtureLifeCycle(LifeCycle.InstancePerTestCase)] // each test on a database of its own
public class StorageWriterTests(TestBackend backend) : TempDatabaseTests(backend)
{
    private static Func<System.Data.Common.DbConnection, System.Data.Common.DbTransaction, int> InsertTag(string tag) =>
        (connection, transaction) => connection.Execute("INSERT INTO id_tags (id_tag, status) VALUES (@tag, 'Accepted')", new { tag }, transaction);

    [Test]
    public async Task WriteAsync_ManyConcurrentWrites_AllCommittedWhenAcknowledged()
    {
        await using var writer = new StorageWriter(Database, NullLogger<StorageWriter>.Instance);

        await Task.WhenAll(Enumerable.Range(0, 2000).Select(i => writer.WriteAsync(InsertTag($"T{i}"))));

        await using var reader = Database.Open();
        Assert.That(reader.ExecuteScalar<long>("SELECT COUNT(*) FROM id_tags"), Is.EqualTo(2000));
    }

    [Test]
    public async Task WriteAsync_OneFailingWrite_DoesNotSpoilItsBatch()
    {
        await using var writer = new StorageWriter(Database, NullLogger<StorageWriter>.Instance);

        var writes = new[] { writer.WriteAsync(InsertTag("A")), writer.WriteAsync(InsertTag("A")), writer.WriteAsync(InsertTag("B")) };
        var outcomes = await Task.WhenAll(writes.Select(async w => { try { await w; return "ok"; } catch (System.Data.Common.DbException) { return "failed"; } }));

        await using var reader = Database.Open();
        Assert.That((outcomes, reader.ExecuteScalar<long>("SELECT COUNT(*) FROM id_tags")), Is.EqualTo((new[] { "ok", "failed", "ok" }, 2L)));
    }

    [Test]
    public async Task DisposeAsync_DrainsQueuedWrites()
    {
        var writer = new StorageWriter(Database, NullLogger<StorageWriter>.Instance);
        var pending = Enumerable.Range(0, 300).Select(i => writer.WriteAsync(InsertTag($"D{i}"))).ToList();

        await writer.DisposeAsync();

        await using var reader = Database.Open();
        Assert.That((pending.All(t => t.IsCompletedSuccessfully), reader.ExecuteScalar<long>("SELECT COUNT(*) FROM id_tags")), Is.EqualTo((true, 300L)));
    }

    [Test]
    public async Task WriteAsync_DatabaseCannotBeOpened_FailsInsteadOfWaiting()
    {
        var unreachable = new Database(Backend == TestBackend.Sqlite
            ? Path.Combine(DatabasePath + ".missing-folder", "x.db")
            : "Host=127.0.0.1;Port=1;Database=nowhere;Timeout=5");
        var writer = new StorageWriter(unreachable, NullLogger<StorageWriter>.Instance);

        var write = writer.WriteAsync(InsertTag("X"));

        // Queued before the writer died: failed with its error; queued after: refused.
        Assert.That(async () => await write, Throws.InstanceOf<System.Data.Common.DbException>().Or.InstanceOf<ObjectDisposedException>());
        Assert.That(async () => await writer.DisposeAsync(), Throws.Nothing);
    }

    [Test]
    public void Open_CommitsDurably()
    {
        using var connection = Database.Open();

        // SQLite: synchronous=FULL (2) and a checkpoint every CheckpointPages; PostgreSQL: COMMIT waits for the WAL flush.
        if (Backend == TestBackend.Sqlite)
            Assert.That((connection.ExecuteScalar<long>("PRAGMA synchronous"), connection.ExecuteScalar<long>("PRAGMA wal_autocheckpoint")),
                Is.EqualTo((2L, (long)Database.CheckpointPages)));
        else
            Assert.That(connection.ExecuteScalar<string>("SHOW synchronous_commit"), Is.EqualTo("on"));
    }

    [Test]
    public void Initialize_ExistingDatabase_IsNotRecreated()
    {
        var again = new Database(DatabasePath);

        Assert.That((again.Initialize(), SchemaMigrations.LatestVersion), Is.EqualTo((false, SchemaMigrations.LatestVersion)));
    }

    [Test]
    public void DecimalTypeHandler_ReadsMixedStorageClassesAndIgnoresCulture()
    {
        var previous = System.Globalization.CultureInfo.CurrentCulture;
        System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("sv-SE");
        try
        {
            using var connection = Database.Open();
            var values = connection.Query<decimal?>("SELECT 12345 UNION ALL SELECT 16.2 UNION ALL SELECT '7.25' UNION ALL SELECT NULL").ToList();

            Assert.That(values, Is.EquivalentTo(new decimal?[] { 12345m, 16.2m, 7.25m, null }));
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = previous;
        }
    }
}

using Dapper;
using Npgsql;
using OcppCentral.Storage;
using OcppCentral.Tests.TestSupport;

namespace OcppCentral.Tests.Storage;

/// <summary>
/// The bound on reads over PostgreSQL's pool (<see cref="Database.OpenAsync"/>, docs/postgresql.md): more reads than slots
/// queue instead of failing, each slot comes back when its connection closes, however it ended.
/// </summary>
[CancelAfter(60_000)]
public class PostgresReadSlotsTests() : TempDatabaseTests(TestBackend.Postgres)
{
    /// <summary>A pool of 4: two read slots, two connections reserved.</summary>
    private Database SmallPool() => new(new NpgsqlConnectionStringBuilder(DatabasePath) { MaxPoolSize = 4, Timeout = 2 }.ConnectionString);

    [Test]
    public async Task OpenAsync_MoreReadsThanSlots_TheNextWaitsUntilAConnectionCloses()
    {
        using var database = SmallPool();
        var first = await database.OpenAsync();
        await using var second = await database.OpenAsync();

        var third = database.OpenAsync();
        // Longer than the pool's own 2 s Timeout: a read waiting for a slot does not time out.
        await Task.WhenAny(third, Task.Delay(TimeSpan.FromSeconds(3)));
        Assert.That((third.IsCompleted, database.ReadsWaiting), Is.EqualTo((false, 1)));

        await first.DisposeAsync();
        await using var opened = await third.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.That(await opened.ExecuteScalarAsync<int>("SELECT 1"), Is.EqualTo(1));
    }

    [Test]
    public async Task OpenAsync_WhileReadsHoldEverySlot_TheReservedConnectionsStillOpen()
    {
        using var database = SmallPool();
        await using var first = await database.OpenAsync();
        await using var second = await database.OpenAsync();

        using var writer = database.Open();
        await using var listener = await database.OpenDedicatedAsync(CancellationToken.None);

        Assert.That((await writer.ExecuteScalarAsync<int>("SELECT 1"), await listener.ExecuteScalarAsync<int>("SELECT 2")), Is.EqualTo((1, 2)));
    }

    [Test]
    public async Task OpenAsync_AConnectionTheServerEnded_GivesItsSlotBackWhenDisposed()
    {
        using var database = SmallPool();
        for (var i = 0; i < 3; i++)
        {
            await using var connection = await database.OpenAsync();
            var pid = await connection.ExecuteScalarAsync<int>("SELECT pg_backend_pid()");
            await using (var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(DatabasePath) { Pooling = false }.ConnectionString))
            {
                await admin.OpenAsync();
                await admin.ExecuteAsync("SELECT pg_terminate_backend(@pid)", new { pid });
            }
            Assert.That(async () => await connection.ExecuteScalarAsync<int>("SELECT 1"), Throws.InstanceOf<NpgsqlException>());
        }

        // Three broken connections came and went through two slots: both are free again.
        await using var a = await database.OpenAsync().WaitAsync(TimeSpan.FromSeconds(10));
        await using var b = await database.OpenAsync().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.That(database.ReadsWaiting, Is.Zero);
    }

    [Test]
    public async Task OpenAsync_CancelledWhileWaiting_TakesNoSlot()
    {
        using var database = SmallPool();
        await using var first = await database.OpenAsync();
        await using var second = await database.OpenAsync();
        using var cancel = new CancellationTokenSource();

        var waiting = database.OpenAsync(cancel.Token);
        await cancel.CancelAsync();

        Assert.That(async () => await waiting, Throws.InstanceOf<OperationCanceledException>());
        await second.DisposeAsync();
        await using var next = await database.OpenAsync().WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Test]
    public async Task OpenAsync_DatabaseSetToAsynchronousCommit_PooledConnectionsStillCommitDurably()
    {
        var name = new NpgsqlConnectionStringBuilder(DatabasePath).Database;
        using (var admin = Database.Open())
            admin.Execute($"ALTER DATABASE {name} SET synchronous_commit = off");
        using var database = new Database(DatabasePath);

        var settings = new List<string?>();
        for (var i = 0; i < 2; i++)
        {
            // The second open takes the connection back from the pool, after Npgsql's reset of its session.
            await using var connection = await database.OpenAsync();
            settings.Add(await connection.ExecuteScalarAsync<string>("SHOW synchronous_commit"));
        }
        using var writers = database.Open();
        settings.Add(writers.ExecuteScalar<string>("SHOW synchronous_commit"));

        Assert.That(settings, Is.EqualTo(new[] { "on", "on", "on" }));
    }
}

/// <summary>How many of PostgreSQL's pooled connections reads may hold (<see cref="Database.ReadSlotsFor"/>): arithmetic, no database.</summary>
public class PostgresReadSlotSizingTests
{
    [TestCase(100, 90)]
    [TestCase(25, 15)]
    [TestCase(10, 5)]
    [TestCase(4, 2)]
    [TestCase(1, 1)]
    public void ReadSlots_LeaveReservedConnectionsOfThePool(int poolSize, int slots) =>
        Assert.That(Database.ReadSlotsFor(poolSize), Is.EqualTo(slots));
}

using OcppCentral.Tests.TestSupport;

namespace OcppCentral.Tests.Cluster;

/// <summary>
/// Two real servers in this process, instances <c>inst-a</c> and <c>inst-b</c>, on one new PostgreSQL database
/// (docs/deployment.md) that holds the current schema (a copy of the run's migrated template; the migrations from an empty
/// database are tested by PostgresMigrationTests); without a PostgreSQL to test on, the test is ignored (or fails in CI,
/// <see cref="TestDatabase"/>).
/// Their heartbeat is short so that a sweep comes soon; the instance timeout is long, so that a loaded machine never
/// takes a live instance for dead here.
/// </summary>
public sealed class TwoInstances : IAsyncDisposable
{
    public static readonly string[] Timings =
        ["--Cluster:HeartbeatInterval", "00:00:00.250", "--Cluster:InstanceTimeout", "00:00:30", "--Logging:LogLevel:OcppCentral.Cluster", "Information"];

    private readonly TestDatabase _database;

    private TwoInstances(TestDatabase database, TestServer a, TestServer b)
    {
        _database = database;
        A = a;
        B = b;
    }

    public TestServer A { get; }

    public TestServer B { get; }

    /// <summary>The PostgreSQL connection string both instances are given.</summary>
    public string ConnectionString => _database.Argument;

    public static async Task<TwoInstances> StartAsync(params string[] extraArgs)
    {
        var database = TestDatabase.CreateMigrated(TestBackend.Postgres);
        TestServer? a = null;
        try
        {
            a = await TestServer.StartOnAsync(database, TimeProvider.System, ["--instance-id", "inst-a", .. Timings, .. extraArgs]);
            var b = await TestServer.StartOnAsync(database, TimeProvider.System, ["--instance-id", "inst-b", .. Timings, .. extraArgs]);
            return new TwoInstances(database, a, b);
        }
        catch
        {
            if (a is not null)
                await a.DisposeAsync();
            database.Drop();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await B.DisposeAsync();
        await A.DisposeAsync();
        _database.Drop();
    }
}

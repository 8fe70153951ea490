using OcppCentral.Storage;

namespace OcppCentral.Tests.TestSupport;

/// <summary>
/// Tests over a real database: a new one with the current schema before each test, removed after it. A copy of the run's
/// migrated template, a SQLite file unless the fixture is given a backend (docs/testing.md); the migrations from an empty
/// database are tested on their own (<c>SchemaMigrationsTests</c>, <c>PostgresMigrationTests</c>).
/// </summary>
public abstract class TempDatabaseTests(TestBackend backend)
{
    private TestDatabase _test = null!;

    protected TempDatabaseTests() : this(TestDatabase.DefaultBackend)
    {
    }

    protected TestBackend Backend { get; } = backend;

    /// <summary>What <c>--database</c> would be given: the SQLite path, or the PostgreSQL connection string.</summary>
    protected string DatabasePath => _test.Argument;

    protected Database Database { get; private set; } = null!;

    [SetUp]
    public void CreateDatabase()
    {
        _test = TestDatabase.CreateMigrated(Backend);
        Database = new Database(DatabasePath);
        Assert.That(Database.Initialize(), Is.False, "a copy of the migrated template needs no migration");
    }

    [TearDown]
    public void DeleteDatabase()
    {
        Database?.Dispose();
        _test.Drop();
    }
}

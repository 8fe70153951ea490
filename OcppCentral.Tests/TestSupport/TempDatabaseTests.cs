using OcppCentral.Storage;

namespace OcppCentral.Tests.TestSupport;

/// <summary>
/// Tests over a real database: a new one with the current schema before each test, removed after it. A SQLite file (a
/// copy of the run's migrated template) unless the fixture is given a backend (docs/testing.md).
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
        _test = TestDatabase.Create(Backend);
        Database = new Database(DatabasePath);
        Assert.That(Database.Initialize(), Is.EqualTo(Backend == TestBackend.Postgres),
            "a new PostgreSQL database is migrated here; a SQLite file is a copy of the migrated template");
    }

    [TearDown]
    public void DeleteDatabase()
    {
        Database?.Dispose();
        _test.Drop();
    }
}

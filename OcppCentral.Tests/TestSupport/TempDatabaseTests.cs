using OcppCentral.Storage;

namespace OcppCentral.Tests.TestSupport;

/// <summary>
/// Tests over a real SQLite file: a new one with the current schema before each test (a copy of the run's migrated
/// template), deleted after it.
/// </summary>
public abstract class TempDatabaseTests
{
    protected string DatabasePath { get; private set; } = null!;

    protected Database Database { get; private set; } = null!;

    [SetUp]
    public void CreateDatabase()
    {
        DatabasePath = TempDatabase.NewMigratedPath();
        Database = new Database(DatabasePath);
        Assert.That(Database.Initialize(), Is.False, "the copy already has the current schema");
    }

    [TearDown]
    public void DeleteDatabase() => TempDatabase.Delete(DatabasePath);
}

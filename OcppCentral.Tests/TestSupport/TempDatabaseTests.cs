using OcppCentral.Storage;

namespace OcppCentral.Tests.TestSupport;

/// <summary>Tests over a real SQLite file: a new one with the current schema before each test, deleted after it.</summary>
public abstract class TempDatabaseTests
{
    protected string DatabasePath { get; private set; } = null!;

    protected Database Database { get; private set; } = null!;

    [SetUp]
    public void CreateDatabase()
    {
        DatabasePath = TempDatabase.NewPath();
        Database = new Database(DatabasePath);
        Assert.That(Database.Initialize(), Is.True, "a new file is created with its schema");
    }

    [TearDown]
    public void DeleteDatabase() => TempDatabase.Delete(DatabasePath);
}

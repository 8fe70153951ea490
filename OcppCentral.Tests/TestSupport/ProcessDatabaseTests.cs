namespace OcppCentral.Tests.TestSupport;

/// <summary>
/// Tests that run the server as a child process (<see cref="ServerProcess"/>) on a database file of their own: before
/// each test a fresh path holding the current schema (<see cref="TempDatabase.NewMigratedPath"/>), after it the file
/// deleted with its WAL files.
/// </summary>
public abstract class ProcessDatabaseTests
{
    protected static CancellationToken Ct => TestContext.CurrentContext.CancellationToken;

    protected string DatabasePath { get; private set; } = null!;

    [SetUp]
    public void CreateDatabasePath() => DatabasePath = TempDatabase.NewMigratedPath();

    [TearDown]
    public void DeleteDatabase() => TempDatabase.Delete(DatabasePath);
}

using OcppCentral.Storage;
using OcppCentral.Tests.TestSupport;

namespace OcppCentral.Tests.Storage;

/// <summary>
/// DatabaseGuard over a real SQLite file in a folder of its own: each way the database stops being writable is found
/// and named, and a fault that clears is no longer reported (docs/operations.md, Database faults).
/// </summary>
[Platform(Exclude = "Win", Reason = "Unix permissions and an unlinked open file")]
public class DatabaseGuardTests
{
    private static CancellationToken Ct => TestContext.CurrentContext.CancellationToken;

    private string _folder = null!;
    private Database _database = null!;

    [SetUp]
    public void CreateDatabase()
    {
        _folder = Directory.CreateTempSubdirectory("chargemonitor-guard-").FullName;
        _database = new Database(Path.Combine(_folder, "guarded.db"));
        _database.Initialize();
    }

    private readonly List<string> _unwritable = [];

    private async Task MakeUnwritableAsync(string path)
    {
        _unwritable.Add(path);
        await FileWriteAccess.SetWritableAsync(path, false, Ct);
    }

    [TearDown]
    public async Task DeleteFolder()
    {
        // Only what a test made unwritable: SQLite may remove its -wal and -shm meanwhile (a pooled connection closing).
        foreach (var path in _unwritable)
            await FileWriteAccess.SetWritableAsync(path, true, Ct);
        _unwritable.Clear();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Test]
    public void Check_WritableDatabase_FindsNoFault()
    {
        using var open = _database.Open();
        Assert.That((_database.Guard.Check(), _database.Guard.Fault), Is.EqualTo(((DatabaseFaultException?)null, (string?)null)));
    }

    [TestCase("", "the file")]
    [TestCase("-wal", "its -wal file")]
    [TestCase("-shm", "its -shm file")]
    public async Task Check_UnwritableFile_NamesIt_UntilWritableAgain(string suffix, string named)
    {
        using var open = _database.Open(); // the -wal and -shm exist while a connection is open
        await MakeUnwritableAsync(_database.Path! + suffix);
        var fault = _database.Guard.Check();
        await FileWriteAccess.SetWritableAsync(_database.Path! + suffix, true, Ct);
        _unwritable.Clear();
        var cleared = _database.Guard.Check();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(fault?.Message, Does.Contain($"{named} {_database.Path!}{suffix} is not writable"));
            Assert.That(cleared, Is.Null);
            Assert.That(_database.Guard.Fault, Is.Null);
        }
    }

    [Test]
    public async Task Check_UnwritableFolder_NamesIt()
    {
        await MakeUnwritableAsync(_folder);
        var fault = _database.Guard.Check();

        Assert.That(fault?.Message, Does.Contain($"its folder {_folder} is not writable"));
    }

    [Test]
    public void Check_DeletedThenRecreated_IsNeverTheOpenedFileAgain()
    {
        using var open = _database.Open();
        File.Delete(_database.Path!);
        var deleted = _database.Guard.Check();
        using (var recreated = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_database.Path!};Pooling=False"))
        {
            recreated.Open();
            using var command = recreated.CreateCommand();
            command.CommandText = "CREATE TABLE t (x INTEGER)";
            command.ExecuteNonQuery();
        }
        var replaced = _database.Guard.CheckIdentity();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(deleted?.Message, Does.Contain("the file was deleted"));
            Assert.That(replaced?.Message, Does.Contain("the path now names another file"));
            Assert.That(_database.Guard.Fault, Does.Contain("another file"));
        }
    }
}

using Dapper;
using OcppCentral.Tests.TestSupport;

namespace OcppCentral.Tests.Storage;

/// <summary>What only a SQLite file has.</summary>
public class SqliteDatabaseTests() : TempDatabaseTests(TestBackend.Sqlite)
{
    [Test]
    public void Initialize_UsesWriteAheadLog()
    {
        using var connection = Database.Open();

        Assert.That(connection.ExecuteScalar<string>("PRAGMA journal_mode"), Is.EqualTo("wal"));
    }
}

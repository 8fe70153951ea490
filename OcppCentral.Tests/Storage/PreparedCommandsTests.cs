using Microsoft.Data.Sqlite;
using OcppCentral.Storage;
using OcppCentral.Tests.TestSupport;
using SQLitePCL;

namespace OcppCentral.Tests.Storage;

/// <summary>What is kept prepared per connection, and its release, over a real temp SQLite file.</summary>
public class PreparedCommandsTests() : TempDatabaseTests(TestBackend.Sqlite)
{
    [Test]
    public void Release_DisposesCachedCommands_AndReleasingAgainDoesNothing()
    {
        using var connection = (SqliteConnection)Database.Open();
        var command = PreparedCommands.Get(connection, null, "SELECT 1");
        command.ExecuteScalar();
        Assert.That(StatementMemory(connection), Is.GreaterThan(0), "the command's statement lives on the connection");

        PreparedCommands.Release(connection);
        PreparedCommands.Release(connection);

        Assert.That((StatementMemory(connection), PreparedCommands.Holds(connection)), Is.EqualTo((0, false)), "the command's statement is finalized");
        Assert.That(PreparedCommands.Get(connection, null, "SELECT 1"), Is.Not.SameAs(command), "a released command is not handed out again");
    }

    [Test]
    public void Close_WithoutRelease_StillReleasesCachedCommands()
    {
        using var connection = (SqliteConnection)Database.Open();
        var command = PreparedCommands.Get(connection, null, "SELECT 1");
        command.ExecuteScalar();

        connection.Close();

        Assert.That(PreparedCommands.Holds(connection), Is.False);
        connection.Open();
        Assert.That(PreparedCommands.Get(connection, null, "SELECT 1"), Is.Not.SameAs(command));
    }

    /// <summary>Bytes held by prepared statements on the connection's SQLite handle.</summary>
    internal static int StatementMemory(SqliteConnection connection)
    {
        Assert.That(raw.sqlite3_db_status(connection.Handle, raw.SQLITE_DBSTATUS_STMT_USED, out var current, out _, 0), Is.EqualTo(raw.SQLITE_OK));
        return current;
    }
}

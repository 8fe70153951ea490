using Npgsql;

namespace OcppCentral.Tests.TestSupport;

/// <summary>
/// A fresh database for one test server or store test, removed by <see cref="Drop"/>: a temp SQLite file holding the
/// current schema and no rows (a copy of the run's migrated template, <see cref="TempDatabase.NewMigratedPath"/>), or on
/// PostgreSQL a database of a unique name in the cluster that <c>CHARGEMONITOR_TEST_POSTGRES</c> names (a connection
/// string without a database, as <c>.ci/run</c> exports it). Without that variable the PostgreSQL variants are reported
/// Ignored, with the reason, unless <c>CHARGEMONITOR_TEST_REQUIRE_POSTGRES=1</c> (set by CI) makes them fail.
/// </summary>
public sealed class TestDatabase
{
    public const string PostgresVariable = "CHARGEMONITOR_TEST_POSTGRES";
    public const string RequireVariable = "CHARGEMONITOR_TEST_REQUIRE_POSTGRES";
    public const string BackendVariable = "CHARGEMONITOR_TEST_BACKEND";

    private TestDatabase(TestBackend backend, string argument, string? postgresName)
    {
        Backend = backend;
        Argument = argument;
        _postgresName = postgresName;
    }

    private readonly string? _postgresName;

    public TestBackend Backend { get; }

    /// <summary>What <c>--database</c> is given: the SQLite path or the PostgreSQL connection string.</summary>
    public string Argument { get; }

    /// <summary>
    /// The backend of the fixtures that do not choose one: SQLite, or PostgreSQL when <c>CHARGEMONITOR_TEST_BACKEND=postgres</c>
    /// (to run the whole suite on PostgreSQL once in a while).
    /// </summary>
    public static TestBackend DefaultBackend =>
        string.Equals(Environment.GetEnvironmentVariable(BackendVariable), "postgres", StringComparison.OrdinalIgnoreCase)
            ? TestBackend.Postgres
            : TestBackend.Sqlite;

    public static TestDatabase Create(TestBackend backend)
    {
        if (backend == TestBackend.Sqlite)
            return new TestDatabase(backend, TempDatabase.NewMigratedPath(), null);
        var admin = AdminConnectionString();
        var name = $"cm_test_{Guid.NewGuid():N}";
        using (var connection = new NpgsqlConnection(admin))
        {
            connection.Open();
            using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            command.ExecuteNonQuery();
        }
        // A small pool per server: many fixtures run side by side on one cluster.
        var builder = new NpgsqlConnectionStringBuilder(admin) { Database = name, Pooling = true, MaxPoolSize = 25 };
        return new TestDatabase(backend, builder.ConnectionString, name);
    }

    public void Drop()
    {
        if (_postgresName is null)
        {
            TempDatabase.Delete(Argument);
            return;
        }
        // The server's pool is gone with its Database; FORCE ends any connection still open (a test that kept one).
        using var connection = new NpgsqlConnection(AdminConnectionString());
        connection.Open();
        using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_postgresName} WITH (FORCE)", connection);
        command.ExecuteNonQuery();
    }

    /// <summary>The cluster to create test databases in; ignores (or, when required, fails) the test without one.</summary>
    private static string AdminConnectionString()
    {
        var value = Environment.GetEnvironmentVariable(PostgresVariable);
        if (!string.IsNullOrWhiteSpace(value))
            return new NpgsqlConnectionStringBuilder(value) { Pooling = false, Timeout = 60, CommandTimeout = 300 }.ConnectionString;
        var why = $"no PostgreSQL to test on: set {PostgresVariable} to a connection string of a cluster where databases may be " +
                  "created (for example Host=127.0.0.1;Port=5432;Username=postgres), as .ci/run does";
        if (Environment.GetEnvironmentVariable(RequireVariable) == "1")
            Assert.Fail(why);
        Assert.Ignore(why);
        throw new InvalidOperationException(why); // not reached
    }
}

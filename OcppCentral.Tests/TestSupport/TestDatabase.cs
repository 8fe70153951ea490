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

    /// <summary>
    /// One PostgreSQL database brought to the current schema once per test run, the template every test server's database
    /// is created from (as SQLite's servers start on a copy of <see cref="TempDatabase"/>'s migrated file): the migrations,
    /// each its own committed transaction, do not run again for each server. Dropped when the run ends.
    /// </summary>
    private static readonly Lazy<string> PostgresTemplate = new(CreatePostgresTemplate);

    /// <summary>
    /// A database with no schema yet: on PostgreSQL an empty one the first open migrates, on SQLite a copy of the migrated
    /// template (its migrations are tested from an empty file by SchemaMigrationsTests and StartupTests).
    /// </summary>
    public static TestDatabase Create(TestBackend backend) => Create(backend, migrated: false);

    /// <summary>A database that holds the current schema and no rows, for a test server: a copy of the run's migrated template.</summary>
    public static TestDatabase CreateMigrated(TestBackend backend) => Create(backend, migrated: true);

    private static TestDatabase Create(TestBackend backend, bool migrated)
    {
        if (backend == TestBackend.Sqlite)
            return new TestDatabase(backend, TempDatabase.NewMigratedPath(), null);
        var admin = AdminConnectionString();
        var name = $"cm_test_{Guid.NewGuid():N}";
        CreateDatabase(admin, migrated ? $"{name} TEMPLATE {PostgresTemplate.Value}" : name);
        // A small pool per server: many fixtures run side by side on one cluster.
        var builder = new NpgsqlConnectionStringBuilder(admin) { Database = name, Pooling = true, MaxPoolSize = 25 };
        return new TestDatabase(backend, builder.ConnectionString, name);
    }

    private static void CreateDatabase(string admin, string nameAndOptions)
    {
        using var connection = new NpgsqlConnection(admin);
        connection.Open();
        using var command = new NpgsqlCommand($"CREATE DATABASE {nameAndOptions}", connection);
        command.ExecuteNonQuery();
    }

    private static string CreatePostgresTemplate()
    {
        var admin = AdminConnectionString();
        var name = $"cm_test_template_{Guid.NewGuid():N}";
        CreateDatabase(admin, name);
        // Unpooled, so that no connection stays open to it: a database is copied only while nobody is connected to it.
        using (var database = new OcppCentral.Storage.Database(new NpgsqlConnectionStringBuilder(admin) { Database = name, Pooling = false }.ConnectionString))
            database.Initialize();
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            using var connection = new NpgsqlConnection(admin);
            connection.Open();
            using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection);
            command.ExecuteNonQuery();
        };
        return name;
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

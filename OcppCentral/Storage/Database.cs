using System.Data;
using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace OcppCentral.Storage;

/// <summary>
/// The database the server stores in: opens connections the way this server relies on and brings the schema up to
/// date. <c>--database</c> names either a SQLite file (the default, embedded) or a PostgreSQL database, by a connection
/// string (<c>Host=…;Database=…</c>) or a <c>postgres://</c> URL (<see cref="PostgresTarget"/>, docs/postgresql.md).
/// Everything outside the backend-specific parts sees plain <see cref="DbConnection"/>s and asks <see cref="Dialect"/> for
/// the few statements that differ between backends. Reads open their own pooled connection; writes of transaction data
/// go through <see cref="StorageWriter"/>.
/// </summary>
public sealed class Database : IDisposable
{
    /// <summary>
    /// WAL pages (4 KiB each, so about 40 MiB) after which a commit copies the log back into the database file;
    /// SQLite's default is 1,000. Under load every commit rewrites the same few hundred index pages (the newest
    /// rows of each active session); a checkpoint copies each page once however often the log holds it, so
    /// checkpointing ten times less often writes far less. Measured with 500 sessions at full speed: the writer's
    /// CPU per MeterValues fell from about 40 to 30 µs, and acknowledged MeterValues per second rose by about 15 %.
    /// </summary>
    public const int CheckpointPages = 10_000;

    private readonly string? _sqliteConnectionString;
    private readonly NpgsqlDataSource? _postgres;

    static Database()
    {
        // Columns map to properties by name, snake_case to PascalCase; NUMERIC figures read as decimal whatever a row holds.
        DefaultTypeMap.MatchNamesWithUnderscores = true;
        DecimalTypeHandler.Register();
        BooleanTypeHandler.Register();
    }

    /// <param name="database">A SQLite path, a PostgreSQL connection string or a postgres:// URL.</param>
    /// <exception cref="ArgumentException">A PostgreSQL connection string or URL that cannot be read.</exception>
    public Database(string database, ILogger<DatabaseGuard>? logger = null)
    {
        if (PostgresTarget.TryParse(database) is { } postgres)
        {
            IsPostgres = true;
            Path = null;
            DisplayName = postgres.DisplayName;
            Dialect = SqlDialect.Postgres;
            Guard = new DatabaseGuard(null, logger);
            var builder = new NpgsqlDataSourceBuilder(postgres.ConnectionString);
            // The statements the writer runs thousands of times a second (the meter-value insert, the session lookups) are
            // prepared on the server after a few uses, unless the connection string says otherwise.
            if (builder.ConnectionStringBuilder.MaxAutoPrepare == 0)
                builder.ConnectionStringBuilder.MaxAutoPrepare = 32;
            _postgres = builder.Build();
            return;
        }
        Path = System.IO.Path.GetFullPath(database);
        DisplayName = Path;
        Guard = new DatabaseGuard(Path, logger);
        Dialect = SqlDialect.Sqlite;
        _sqliteConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    /// <summary>True when the server stores in PostgreSQL, false for a SQLite file.</summary>
    public bool IsPostgres { get; }

    /// <summary>The SQLite file; null on PostgreSQL.</summary>
    public string? Path { get; }

    /// <summary>How the database is named in log lines and start errors (never with a password).</summary>
    public string DisplayName { get; }

    /// <summary>The SQL that differs between backends.</summary>
    public SqlDialect Dialect { get; }

    /// <summary>
    /// On SQLite, watches that the file at <see cref="Path"/> stays the one opened, and writable (docs/operations.md); on
    /// both backends, remembers whether the writer's last batch committed.
    /// </summary>
    public DatabaseGuard Guard { get; }

    public DbConnection Open()
    {
        if (_postgres is not null)
            // synchronous_commit stays on (the server's default, set again per connection so a database or role set to off
            // cannot make an acknowledgement precede durability): COMMIT returns once the WAL is flushed (docs/postgresql.md).
            return OpenPostgres();
        var connection = new SqliteConnection(_sqliteConnectionString);
        connection.Open();
        // synchronous=FULL: an acknowledged message must survive power loss, not only a crash; group commit pays for the fsync.
        // wal_autocheckpoint: see CheckpointPages.
        connection.Execute($"PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL; PRAGMA busy_timeout = 30000; PRAGMA wal_autocheckpoint = {CheckpointPages};");
        return connection;
    }

    private NpgsqlConnection OpenPostgres()
    {
        var connection = _postgres!.OpenConnection();
        try
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SET synchronous_commit = on";
            command.ExecuteNonQuery();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A read-only transaction over one snapshot that takes no write lock, so the writer runs on meanwhile: in SQLite a
    /// deferred transaction (WAL keeps the snapshot of its first read), in PostgreSQL a REPEATABLE READ one.
    /// </summary>
    public DbTransaction BeginSnapshot(DbConnection connection) => connection switch
    {
        SqliteConnection sqlite => sqlite.BeginTransaction(deferred: true),
        _ => connection.BeginTransaction(IsolationLevel.RepeatableRead),
    };

    /// <summary>Creates the file (SQLite) and schema on first start, applies newer migrations on later starts.</summary>
    /// <returns>True when the database was created now (first start).</returns>
    public bool Initialize()
    {
        if (IsPostgres)
        {
            using var postgres = Open();
            return SchemaMigrations.Apply(postgres) == 0;
        }
        var directory = System.IO.Path.GetDirectoryName(Path);
        if (!string.IsNullOrEmpty(directory) && !Directory.Exists(directory))
            throw new DirectoryNotFoundException($"the folder '{directory}' does not exist");
        using var connection = Open();
        connection.Execute("PRAGMA journal_mode = WAL;");
        var created = SchemaMigrations.Apply(connection) == 0;
        Guard.Arm();
        return created;
    }

    public void Dispose() => _postgres?.Dispose();
}

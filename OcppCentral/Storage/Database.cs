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

    /// <summary>
    /// The pooled connections on PostgreSQL that reads on asynchronous paths leave free, whatever their number: the writer's
    /// connection, the cluster's listening one, and the few opened synchronously (the metrics' count of Active sessions).
    /// With Npgsql's default pool of 100, 90 reads run at once and the others queue (<see cref="OpenAsync"/>).
    /// </summary>
    public const int ReservedConnections = 10;

    private readonly string? _sqliteConnectionString;
    private readonly NpgsqlDataSource? _postgres;
    private readonly SemaphoreSlim? _readSlots;

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
            // synchronous_commit stays on (the server's default, set again for every connection so that a database or role set
            // to off cannot make an acknowledgement precede durability): COMMIT returns once the WAL is flushed
            // (docs/postgresql.md). Set at connection start-up, after whatever options the connection string gives, it is the
            // session's default: the reset of a connection returned to the pool keeps it, and no open pays a round trip for it.
            builder.ConnectionStringBuilder.Options = $"{builder.ConnectionStringBuilder.Options} -c synchronous_commit=on".Trim();
            PoolSize = builder.ConnectionStringBuilder.MaxPoolSize;
            ReadSlots = ReadSlotsFor(PoolSize);
            _readSlots = new SemaphoreSlim(ReadSlots, ReadSlots);
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

    /// <summary>The most connections Npgsql's pool opens (<c>Maximum Pool Size</c>, 100 unless the connection string says); 0 on SQLite.</summary>
    public int PoolSize { get; }

    /// <summary>
    /// How many reads on asynchronous paths hold a pooled PostgreSQL connection at once (<see cref="OpenAsync"/>): the pool
    /// size less <see cref="ReservedConnections"/>, and at least half the pool when it is small; 0 on SQLite (no bound).
    /// </summary>
    public int ReadSlots { get; }

    /// <summary>Reads waiting now for one of <see cref="ReadSlots"/> (0 on SQLite).</summary>
    public int ReadsWaiting => Volatile.Read(ref _readsWaiting);

    private int _readsWaiting;

    internal static int ReadSlotsFor(int poolSize) => Math.Max(1, Math.Max(poolSize - ReservedConnections, poolSize / 2));

    /// <summary>
    /// A connection opened synchronously, outside the bound on reads: for the writer's own thread, the start, and the few
    /// synchronous reads (a metrics callback). Code on an asynchronous path uses <see cref="OpenAsync"/>.
    /// </summary>
    public DbConnection Open()
    {
        if (_postgres is not null)
            return _postgres.OpenConnection();
        var connection = new SqliteConnection(_sqliteConnectionString);
        connection.Open();
        // synchronous=FULL: an acknowledged message must survive power loss, not only a crash; group commit pays for the fsync.
        // wal_autocheckpoint: see CheckpointPages.
        connection.Execute($"PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL; PRAGMA busy_timeout = 30000; PRAGMA wal_autocheckpoint = {CheckpointPages};");
        return connection;
    }

    /// <summary>
    /// A connection for a read on an asynchronous path, opened without blocking a thread. On PostgreSQL it first takes one of
    /// <see cref="ReadSlots"/>, given back when the connection closes: a burst of reads (500 chargers stopping at once, each
    /// reading its session's history) queues here, without a time limit, rather than waiting on Npgsql's pool, which fails a
    /// wait longer than its <c>Timeout</c> (15 s); and the reserved connections stay free for the writer and the cluster.
    /// Dispose the connection to give the slot back.
    /// </summary>
    public async Task<DbConnection> OpenAsync(CancellationToken ct = default)
    {
        if (_postgres is null)
            return Open(); // a SQLite file opens at once: nothing to wait for
        Interlocked.Increment(ref _readsWaiting);
        try
        {
            await _readSlots!.WaitAsync(ct);
        }
        finally
        {
            Interlocked.Decrement(ref _readsWaiting);
        }
        var slot = new ReadSlot(_readSlots!);
        var connection = _postgres.CreateConnection();
        connection.StateChange += (_, e) =>
        {
            if (e.CurrentState == ConnectionState.Closed && e.OriginalState != ConnectionState.Closed)
                slot.Release();
        };
        try
        {
            await connection.OpenAsync(ct);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            slot.Release(); // a connection that never opened reports no close
            throw;
        }
    }

    /// <summary>One of <see cref="ReadSlots"/>, given back once however often its connection reports a close.</summary>
    private sealed class ReadSlot(SemaphoreSlim slots)
    {
        private int _released;

        public void Release()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
                slots.Release();
        }
    }

    /// <summary>
    /// A PostgreSQL connection held for as long as <paramref name="ct"/> runs (the cluster's LISTEN), opened asynchronously and
    /// outside the bound on reads: it is one of the reserved connections.
    /// </summary>
    public async Task<NpgsqlConnection> OpenDedicatedAsync(CancellationToken ct) =>
        await (_postgres ?? throw new InvalidOperationException("Only a PostgreSQL database has dedicated connections.")).OpenConnectionAsync(ct);

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

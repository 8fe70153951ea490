using OcppCentral.Storage;

namespace OcppCentral.Tests.TestSupport;

/// <summary>Fresh SQLite paths in the temp folder, and their removal with the WAL files.</summary>
public static class TempDatabase
{
    /// <summary>
    /// One file brought to the current schema once per test run. Every test server started on a copy of it opens a file
    /// that already has the schema, so the migrations (each its own committed transaction) do not run again for each
    /// of the hundreds of servers the suite starts. What a server does at its first start beyond the schema (seeding
    /// the default tariff) it still does on the copy, which holds no row.
    /// </summary>
    private static readonly Lazy<string> Template = new(CreateTemplate);

    public static string NewPath() => Path.Combine(Path.GetTempPath(), $"chargemonitor-test-{Guid.NewGuid():N}.db");

    /// <summary>A fresh path holding an empty database with the current schema (a copy of the run's migrated file).</summary>
    public static string NewMigratedPath()
    {
        var path = NewPath();
        File.Copy(Template.Value, path);
        return path;
    }

    public static void Delete(string path)
    {
        // Pooled connections keep the file open; release them first.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
            File.Delete(path + suffix);
    }

    private static string CreateTemplate()
    {
        var path = NewPath();
        var database = new Database(path);
        database.Initialize();
        using (var connection = database.Open())
        {
            // Everything into the main file, so that a copy of that one file is the whole database (still in WAL mode).
            using var checkpoint = connection.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            checkpoint.ExecuteNonQuery();
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Delete(path);
        return path;
    }
}

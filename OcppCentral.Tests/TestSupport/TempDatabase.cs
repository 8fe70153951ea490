namespace OcppCentral.Tests.TestSupport;

/// <summary>Fresh SQLite paths in the temp folder, and their removal with the WAL files.</summary>
public static class TempDatabase
{
    public static string NewPath() => Path.Combine(Path.GetTempPath(), $"chargemonitor-test-{Guid.NewGuid():N}.db");

    public static void Delete(string path)
    {
        // Pooled connections keep the file open; release them first.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
            File.Delete(path + suffix);
    }
}

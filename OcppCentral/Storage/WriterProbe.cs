using Dapper;

namespace OcppCentral.Storage;

/// <summary>A write that proves the storage writer commits again after a failed batch (readiness, docs/operations.md).</summary>
public static class WriterProbe
{
    private const string Key = "writer_probe";

    /// <summary>Stores the time of the probe in one settings row, through the writer: completes once it is committed.</summary>
    public static Task ProbeAsync(this StorageWriter writer, DateTimeOffset now, CancellationToken ct) =>
        writer.WriteAsync((connection, transaction) => connection.Execute(
            "INSERT INTO settings (key, value, updated_at) VALUES (@key, 'readiness', @nowMs) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
            new { key = Key, nowMs = UnixTime.ToMs(now) }, transaction), ct);
}

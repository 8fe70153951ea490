using System.Text.Json;

namespace OcppCentral.Storage;

/// <summary>
/// One version of a Completed session (docs/corrections.md): version 1 is its close, each later one a correction or the
/// system's re-measuring. <paramref name="Changes"/> is a JSON object of field → { from, to }.
/// </summary>
public sealed record SessionVersion(long TransactionId, int Version, string Kind, string Actor, string? Reason, DateTimeOffset CreatedAt,
    JsonElement Changes, SessionFigures Record);

namespace OcppCentral.Storage;

/// <summary>
/// An anomaly of a session with its place in the operator's workflow (docs/corrections.md): <see cref="Status"/> is one of
/// <see cref="AnomalyStatuses"/>; a Resolved one names the session version that resolved it, a Dismissed one carries a note.
/// </summary>
public sealed record TrackedAnomaly(long Id, long TransactionId, string Code, string Detail, string Status, string? Note,
    int? ResolvedByVersion, string? DecidedBy, DateTimeOffset? DecidedAt, DateTimeOffset DetectedAt);

/// <summary>The statuses of an anomaly, spelled as the API shows them.</summary>
public static class AnomalyStatuses
{
    public const string Open = nameof(Open);
    public const string Acknowledged = nameof(Acknowledged);
    public const string Resolved = nameof(Resolved);
    public const string Dismissed = nameof(Dismissed);

    public static readonly IReadOnlyList<string> All = [Open, Acknowledged, Resolved, Dismissed];
}

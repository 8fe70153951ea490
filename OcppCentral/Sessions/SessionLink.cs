namespace OcppCentral.Sessions;

/// <summary>
/// What the server saw of a session's charger apart from its readings, for the offline and fault checks
/// (docs/charger-health.md). Times of events and receipts are the server's; a reading's timestamp is the charger's.
/// </summary>
/// <param name="Receipts">Per reading timestamp of a MeterValues message, when it was received; in timestamp order.</param>
/// <param name="Links">The charger's connections and disconnections during the session, in time order.</param>
/// <param name="Faults">The charger's changes to Faulted during the session, in time order.</param>
/// <param name="RebootAt">When a BootNotification arrived that closed the session; null otherwise.</param>
/// <param name="ClosedAt">When the server closed the session: events up to it belong to the session.</param>
public sealed record SessionLink(
    IReadOnlyList<(DateTimeOffset Timestamp, DateTimeOffset ReceivedAt)> Receipts,
    IReadOnlyList<LinkChange> Links,
    IReadOnlyList<ConnectorFault> Faults,
    DateTimeOffset? RebootAt,
    DateTimeOffset ClosedAt)
{
    public static SessionLink None(DateTimeOffset closedAt) => new([], [], [], null, closedAt);
}

/// <summary>A connection accepted (<see cref="Connected"/>) or ended, with why it ended.</summary>
public sealed record LinkChange(DateTimeOffset At, bool Connected, string? Reason);

/// <summary>A connector (0: the whole charger) reported Faulted.</summary>
public sealed record ConnectorFault(DateTimeOffset At, int ConnectorId, string ErrorCode, string? Info);

using OcppCentral.Sessions;
using OcppCentral.Storage;

namespace OcppCentral.Ledger;

/// <summary>What the server saw of a charger while a session ran, as the link checks read it (docs/charger-health.md).</summary>
internal static class SessionLinks
{
    /// <param name="receiptRows">Per timestamp of the session's MeterValues, when it was received.</param>
    /// <param name="events">The charger's link events and status changes from the session's start until <paramref name="now"/>.</param>
    /// <param name="rebootAt">When the BootNotification that closes the session arrived; null when something else closes it.</param>
    public static SessionLink From(IReadOnlyList<(long TimestampMs, long ReceivedAtMs)> receiptRows, IReadOnlyList<ChargerEvent> events,
        DateTimeOffset? rebootAt, DateTimeOffset now)
    {
        var receipts = receiptRows
            .Select(r => (DateTimeOffset.FromUnixTimeMilliseconds(r.TimestampMs), DateTimeOffset.FromUnixTimeMilliseconds(r.ReceivedAtMs))).ToList();
        var links = events.Where(e => e.Kind != ChargerEventKinds.StatusChanged)
            .Select(e => new LinkChange(e.At, e.Kind == ChargerEventKinds.Connected, e.Reason)).ToList();
        var faults = events.Where(e => e.Kind == ChargerEventKinds.StatusChanged)
            .Select(e => new ConnectorFault(e.At, e.ConnectorId ?? 0, e.ErrorCode ?? "", e.Info)).ToList();
        return new SessionLink(receipts, links, faults, rebootAt, now);
    }
}

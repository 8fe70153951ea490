using OcppCentral.Storage;

namespace OcppCentral.Admin.Reports;

/// <summary>
/// When chargers were online (docs/charger-health.md): from each Connected to the next Disconnected (a replaced
/// connection's end is not one: the charger stayed online), up to now for one still connected. A charger is measured
/// from its first connection on record, so time before the server knew it is neither online nor offline.
/// </summary>
public static class Availability
{
    /// <param name="events">Per charger in time order, its last link event before <paramref name="fromMs"/> first, as <see cref="ChargerEventStore.LinkEventsAsync"/> reads them.</param>
    /// <param name="endMs">The end of the range, or now when that is earlier.</param>
    /// <returns>The intervals each charger was online, and those it was measured over.</returns>
    public static (List<(string ChargePointId, long StartMs, long StopMs)> Online, List<(string ChargePointId, long StartMs, long StopMs)> Measured)
        Intervals(IReadOnlyList<LinkEvent> events, long fromMs, long endMs)
    {
        var online = new List<(string, long, long)>();
        var measured = new List<(string, long, long)>();
        foreach (var charger in events.GroupBy(e => e.ChargePointId, StringComparer.Ordinal))
        {
            long? since = null;
            var first = Math.Max(charger.First().AtMs, fromMs);
            if (first < endMs)
                measured.Add((charger.Key, first, endMs));
            foreach (var e in charger)
            {
                if (e.Connected)
                    since ??= Math.Max(e.AtMs, fromMs);
                else if (since is { } start)
                {
                    AddClipped(online, charger.Key, start, e.AtMs, endMs);
                    since = null;
                }
            }
            if (since is { } open)
                AddClipped(online, charger.Key, open, endMs, endMs);
        }
        return (online, measured);
    }

    /// <summary>online as a percentage of measured, to 2 decimals; null when nothing was measured.</summary>
    public static decimal? Percent(long onlineMs, long measuredMs) =>
        measuredMs <= 0 ? null : Math.Round(onlineMs * 100m / measuredMs, 2, MidpointRounding.AwayFromZero);

    private static void AddClipped(List<(string, long, long)> into, string chargePointId, long start, long stop, long endMs)
    {
        stop = Math.Min(stop, endMs);
        if (stop > start)
            into.Add((chargePointId, start, stop));
    }
}

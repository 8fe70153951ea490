using static OcppCentral.Sessions.AnomalyText;

namespace OcppCentral.Sessions;

/// <summary>
/// ChargerOfflineDuringSession and FaultDuringSession (docs/charger-health.md): what the charger's link and status
/// said while the session ran. Pure: the ledger hands in the receipts and events.
/// </summary>
internal static class LinkChecks
{
    /// <summary>A reading received this much later than the session's most timely one was queued (or one meter interval, when that is longer).</summary>
    public static readonly TimeSpan MinLateness = TimeSpan.FromMinutes(5);

    /// <summary>A reading received this soon after its timestamp was sent live; without one the charger's clock cannot be told from queueing.</summary>
    public static readonly TimeSpan LiveDelay = TimeSpan.FromMinutes(1);

    /// <summary>Intervals between readings needed before their median is trusted as the charger's meter interval.</summary>
    public const int MinIntervalsForGaps = 4;

    /// <summary>Disconnections the charger is not to blame for: the server stopped.</summary>
    private static readonly HashSet<string> ServerReasons = new(StringComparer.Ordinal) { "ServerShutdown", "ServerStopped" };

    public static Anomaly? Offline(SessionFacts facts, SessionLink link)
    {
        var findings = new List<string>();
        findings.AddRange(Drops(link));
        if (link.RebootAt is { } boot)
            findings.Add($"the charger rebooted (BootNotification at {Utc(boot)})");
        var interval = MeterInterval(facts);
        findings.AddRange(Queued(link, interval));
        findings.AddRange(Gaps(facts, interval));
        return findings.Count == 0
            ? null
            : new Anomaly(AnomalyCodes.ChargerOfflineDuringSession,
                $"The charger was offline during the session {Times(findings.Count)}: {Findings(findings)}. "
                + "Readings it queued were stored with their own timestamps; check the charger's network link.");
    }

    public static Anomaly? Faults(SessionFacts facts, SessionLink link, int connectorId)
    {
        var findings = link.Faults
            .Where(f => f.ConnectorId == connectorId || f.ConnectorId == 0)
            .Select(f => $"connector {Number(f.ConnectorId)} Faulted at {Utc(f.At)} with {f.ErrorCode}" + (f.Info is null ? "" : $" ({f.Info})"))
            .ToList();
        return findings.Count == 0
            ? null
            : new Anomaly(AnomalyCodes.FaultDuringSession,
                $"The charger reported a fault during the session {Times(findings.Count)}: {Findings(findings)}.");
    }

    /// <summary>Each time the link went down while the session ran (not for a server restart), and when it came back.</summary>
    private static IEnumerable<string> Drops(SessionLink link)
    {
        for (var i = 0; i < link.Links.Count; i++)
        {
            var change = link.Links[i];
            if (change.Connected || ServerReasons.Contains(change.Reason ?? ""))
                continue;
            var back = link.Links.Skip(i + 1).FirstOrDefault(l => l.Connected);
            yield return $"disconnected at {Utc(change.At)} ({change.Reason ?? "unknown reason"}), "
                         + (back is null ? "not back before the session closed" : $"back at {Utc(back.At)} after {Minutes(back.At - change.At)}");
        }
    }

    /// <summary>
    /// Runs of readings received long after the session's most timely one, relative to their timestamps: queued by a charger
    /// that was offline. Only when some reading came live, else a charger clock running behind would look the same.
    /// </summary>
    private static IEnumerable<string> Queued(SessionLink link, TimeSpan? interval)
    {
        if (link.Receipts.Count == 0)
            yield break;
        var baseline = link.Receipts.Min(r => r.ReceivedAt - r.Timestamp);
        if (baseline.Duration() > LiveDelay)
            yield break;
        var threshold = interval is { } i && i > MinLateness ? i : MinLateness;
        var run = new List<(DateTimeOffset Timestamp, DateTimeOffset ReceivedAt)>();
        // One past the end closes the last run.
        foreach (var receipt in link.Receipts.Append((Timestamp: DateTimeOffset.MaxValue, ReceivedAt: DateTimeOffset.MaxValue)))
        {
            var late = receipt.Timestamp != DateTimeOffset.MaxValue && receipt.ReceivedAt - receipt.Timestamp - baseline > threshold;
            if (late)
            {
                run.Add(receipt);
                continue;
            }
            if (run.Count > 0)
            {
                var worst = run.Max(r => r.ReceivedAt - r.Timestamp - baseline);
                yield return $"readings from {Utc(run[0].Timestamp)} to {Utc(run[^1].Timestamp)} arrived from {Utc(run.Min(r => r.ReceivedAt))}, "
                             + $"up to {Minutes(worst)} late";
                run.Clear();
            }
        }
    }

    /// <summary>Silences between readings inside the session far longer than the charger's meter interval.</summary>
    private static IEnumerable<string> Gaps(SessionFacts facts, TimeSpan? interval)
    {
        if (interval is not { } expected)
            yield break;
        var times = Timestamps(facts);
        for (var i = 1; i < times.Count; i++)
        {
            var gap = times[i] - times[i - 1];
            if (gap > expected * 3 && gap - expected >= MinLateness)
                yield return $"no readings from {Utc(times[i - 1])} to {Utc(times[i])} ({Minutes(gap)}; readings came every {Minutes(expected)})";
        }
    }

    /// <summary>The median interval between the session's readings, once there are enough of them to tell.</summary>
    private static TimeSpan? MeterInterval(SessionFacts facts)
    {
        var times = Timestamps(facts);
        if (times.Count <= MinIntervalsForGaps)
            return null;
        var intervals = times.Zip(times.Skip(1), (a, b) => b - a).Order().ToList();
        var median = intervals[intervals.Count / 2];
        return median > TimeSpan.Zero ? median : null;
    }

    private static List<DateTimeOffset> Timestamps(SessionFacts facts) =>
        facts.Samples.Select(s => s.Timestamp).Where(t => t >= facts.StartTime && t <= facts.StopTime).Distinct().Order().ToList();
}

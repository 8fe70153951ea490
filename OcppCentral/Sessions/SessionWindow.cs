namespace OcppCentral.Sessions;

/// <summary>
/// Which of a session's samples its figures are made of (docs/sessions-and-pricing.md): those timestamped from its
/// start to its stop, both included, so a Transaction.Begin reading at the start and a Transaction.End reading at the
/// stop count. A sample before the start, or after the stop the charger gave in StopTransaction, is stored but not
/// billed or measured, and <see cref="AnomalyDetector.DetectAtClose"/> flags it as
/// <see cref="AnomalyCodes.ReadingOutsideSession"/>: it cannot be energy of this session, and taking the last reading
/// regardless of its time let a reading after the stop move the billed end register.
/// </summary>
/// <remarks>
/// Without a meterStop there is no stop from the charger: an Active session's StopTime is the server's now, and a
/// session the server closed after a reboot or a superseding start ends at its last reading. Then only the start bounds
/// the window, so a charger whose clock runs ahead still has an estimate. When the stop is before the start
/// (StopBeforeStart) the charger's clock cannot tell inside from outside, and every sample is used.
/// </remarks>
internal static class SessionWindow
{
    public static bool Contains(SessionFacts facts, DateTimeOffset timestamp) =>
        facts.StopTime < facts.StartTime
        || (timestamp >= facts.StartTime && (facts.MeterStopWh is null || timestamp <= facts.StopTime));

    /// <summary>The same facts with only the samples inside the window.</summary>
    public static SessionFacts Inside(SessionFacts facts)
    {
        var inside = facts.Samples.Where(s => Contains(facts, s.Timestamp)).ToList();
        return inside.Count == facts.Samples.Count ? facts : facts with { Samples = inside };
    }

    public static IReadOnlyList<MeterSample> Outside(SessionFacts facts) =>
        facts.Samples.Where(s => !Contains(facts, s.Timestamp)).ToList();
}

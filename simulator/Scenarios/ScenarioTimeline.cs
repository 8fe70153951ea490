namespace ChargeMonitor.Simulator.Scenarios;

/// <summary>
/// When, within the charging part, a session's scenarios strike: offline from 25 % for half the charging time
/// (or <c>offlineDuration</c>), meter reset and reboot at 50 %. A reset comes before a reboot at the same instant.
/// </summary>
public static class ScenarioTimeline
{
    public static IReadOnlyList<ScenarioEvent> For(Scenario scenarios, TimeSpan chargingDuration, TimeSpan? offlineDuration = null)
    {
        var events = new List<ScenarioEvent>();
        if (scenarios.HasFlag(Scenario.Offline))
            events.Add(new ScenarioEvent(chargingDuration * 0.25, ScenarioAction.GoOffline, offlineDuration ?? chargingDuration * 0.5));
        if (scenarios.HasFlag(Scenario.MeterReset))
            events.Add(new ScenarioEvent(chargingDuration * 0.5, ScenarioAction.ResetMeter));
        if (scenarios.HasFlag(Scenario.Reboot))
            events.Add(new ScenarioEvent(chargingDuration * 0.5, ScenarioAction.Reboot));
        return events.OrderBy(e => e.At).ThenBy(e => e.Action == ScenarioAction.Reboot).ToList();
    }
}

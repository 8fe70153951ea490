namespace ChargeMonitor.Simulator.Scenarios;

/// <summary>Something a scenario makes happen at <see cref="At"/> into the charging part of a session.</summary>
public sealed record ScenarioEvent(TimeSpan At, ScenarioAction Action, TimeSpan Duration = default);

public enum ScenarioAction
{
    GoOffline,
    Reboot,
    ResetMeter,
}

namespace ChargeMonitor.Simulator.Chargers;

/// <summary>Everything a charger did in one run.</summary>
public sealed record ChargerReport(
    string ChargePointId,
    string ChargerKind,
    IReadOnlyList<SessionReport> Sessions,
    IReadOnlyList<string> Errors,
    int Connects)
{
    public long EnergyWh => Sessions.Sum(s => s.EnergyWh);

    /// <summary>Charger-level errors plus every session's.</summary>
    public int ErrorCount => Errors.Count + Sessions.Sum(s => s.Errors.Count);
}

namespace ChargeMonitor.Simulator.Chargers;

public sealed record FleetReport(IReadOnlyList<ChargerReport> Chargers, TimeSpan Elapsed)
{
    public int SessionCount => Chargers.Sum(c => c.Sessions.Count);
    public long EnergyWh => Chargers.Sum(c => c.EnergyWh);
    public int ErrorCount => Chargers.Sum(c => c.ErrorCount);
}

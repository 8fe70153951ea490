namespace ChargeMonitor.Simulator.Chargers;

/// <summary>A fleet at one moment: for the progress line.</summary>
public sealed record FleetProgress(int Chargers, int Connected, int ActiveTransactions, int SessionsDone, long EnergyWh, int Errors);

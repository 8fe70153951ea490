namespace ChargeMonitor.Simulator.Chargers;

/// <summary>The state a server call is judged against.</summary>
internal sealed record ChargerSnapshot(long? ActiveTransactionId, bool SessionRunning, bool Operative, string Vendor);

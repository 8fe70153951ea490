namespace ChargeMonitor.Simulator.Load;

/// <summary>The figures of a load run: connections, throughput of acknowledged MeterValues and their latency.</summary>
public sealed record LoadReport(
    int ChargersRequested,
    long ChargersConnected,
    long ConnectErrors,
    TimeSpan ConnectTime,
    long Acknowledged,
    long CallErrors,
    long Timeouts,
    long Disconnects,
    TimeSpan Measured,
    LatencySummary Latency)
{
    public double CallsPerSecond => Measured > TimeSpan.Zero ? Acknowledged / Measured.TotalSeconds : 0;
}

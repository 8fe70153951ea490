namespace ChargeMonitor.Simulator.Load;

/// <summary>
/// The figures of a load run: connections, throughput of acknowledged MeterValues and their latency.
/// <see cref="Acknowledged"/>, <see cref="Measured"/> and <see cref="Latency"/> cover only the measured window: the calls
/// sent after the <see cref="Warmup"/> ended, each counted when its answer came, also after the deadline, and the time
/// from the end of the warm-up until every charger had its last answer. <see cref="TotalAcknowledged"/> also counts the
/// warm-up. The errors (<see cref="CallErrors"/>, <see cref="Timeouts"/>, <see cref="Disconnects"/>) are the whole run's.
/// <see cref="ServerCallsAnswered"/> counts the server's calls the chargers answered (its display read after each boot).
/// </summary>
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
    LatencySummary Latency,
    TimeSpan Warmup,
    long TotalAcknowledged,
    long ServerCallsAnswered = 0)
{
    public double CallsPerSecond => Measured > TimeSpan.Zero ? Acknowledged / Measured.TotalSeconds : 0;

    /// <summary>MeterValues sent during the warm-up and acknowledged; not part of the throughput.</summary>
    public long WarmupAcknowledged => TotalAcknowledged - Acknowledged;
}

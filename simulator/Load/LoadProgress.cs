namespace ChargeMonitor.Simulator.Load;

/// <summary>A load run at one moment; <see cref="CallsPerSecond"/> is over the last progress interval.</summary>
public sealed record LoadProgress(string Phase, TimeSpan Elapsed, long Connected, long ConnectErrors, long Acknowledged,
    double CallsPerSecond, long Errors);

namespace ChargeMonitor.Simulator.Cli;

/// <summary>The command line cannot be run; the message says why, in one line.</summary>
public sealed class CommandLineException(string message) : Exception(message);

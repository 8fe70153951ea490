using ChargeMonitor.Simulator.Cli;

namespace ChargeMonitor.Simulator;

public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        using var shutdown = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            // The first Ctrl-C stops cleanly (open transactions are stopped); a second one ends the process at once.
            e.Cancel = !shutdown.IsCancellationRequested;
            shutdown.Cancel();
        };
        return await SimulatorApp.RunAsync(args, Console.Out, Console.Error, shutdown.Token);
    }
}

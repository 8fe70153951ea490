using System.Globalization;
using ChargeMonitor.Simulator.Chargers;
using ChargeMonitor.Simulator.Scenarios;
using OcppCentral.Protocol;

namespace ChargeMonitor.Simulator.Cli;

/// <summary>Runs a fleet with a progress line every few seconds, a line per session for small fleets, and a summary.</summary>
internal static class FleetConsole
{
    private const int SessionLinesUpTo = 10;
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(5);

    public static async Task<int> RunAsync(FleetOptions fleetOptions, SchemaValidator schemas, CommandLineOptions options, int seed,
        TextWriter output, CancellationToken ct)
    {
        var template = fleetOptions.Template;
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, 
            $"Simulating {options.Chargers} charger(s) {fleetOptions.IdFor(1)}… against {options.Url}: {(options.Sessions is { } n ? $"{n} session(s) each" : "sessions until Ctrl-C")}, " +
            $"charging {template.SessionDuration.TotalSeconds:0.#} s, MeterValues every {template.MeterInterval.TotalSeconds:0.#} s, " +
            $"scenarios: {ScenarioNames.Format(options.Scenarios)}, seed {seed}.")).ConfigureAwait(false);

        var fleet = new ChargerFleet(fleetOptions, schemas);
        var writeLock = new Lock();
        if (fleet.Chargers.Count <= SessionLinesUpTo)
        {
            foreach (var charger in fleet.Chargers)
            {
                charger.SessionCompleted += session => { lock (writeLock) output.WriteLine(SessionLine(session)); };
                // What each cost display shows (--cost-display), as it shows it.
                charger.DisplayShown += line => { lock (writeLock) output.WriteLine(line); };
            }
        }
        using var progressStop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var progress = PrintProgressAsync(fleet, output, writeLock, progressStop.Token);
        var report = await fleet.RunAsync(ct).ConfigureAwait(false);
        await progressStop.CancelAsync().ConfigureAwait(false);
        await progress.ConfigureAwait(false);

        await output.WriteLineAsync(Summary(report)).ConfigureAwait(false);
        return report.ErrorCount == 0 ? SimulatorApp.Ok : SimulatorApp.Errors;
    }

    public static string SessionLine(SessionReport s) => string.Create(CultureInfo.InvariantCulture, 
        $"{s.ChargePointId} session {s.Number}: transaction {(s.TransactionId?.ToString(CultureInfo.InvariantCulture) ?? "none")}, " +
        $"{s.EnergyWh / 1000m:0.000} kWh, {s.ChargingTime.TotalSeconds:0} s charging + {s.IdleTime.TotalSeconds:0} s parked, " +
        $"SoC {s.SocStartPercent:0.#} → {s.SocEndPercent:0.#} %, {s.StopReason ?? "not stopped"}{(s.Errors.Count > 0 ? $", {s.Errors.Count} error(s)" : "")}");

    public static string Summary(FleetReport report)
    {
        var lines = new List<string>
        {
            "",
            string.Create(CultureInfo.InvariantCulture, $"Summary after {report.Elapsed.TotalSeconds:0} s"),
            string.Create(CultureInfo.InvariantCulture, $"  chargers  {report.Chargers.Count}"),
            string.Create(CultureInfo.InvariantCulture, $"  sessions  {report.SessionCount}"),
            string.Create(CultureInfo.InvariantCulture, $"  energy    {report.EnergyWh / 1000m:0.000} kWh"),
            string.Create(CultureInfo.InvariantCulture, $"  errors    {report.ErrorCount}"),
        };
        if (report.Chargers.Count <= 20)
        {
            lines.AddRange(report.Chargers.Select(c => string.Create(CultureInfo.InvariantCulture, 
                $"    {c.ChargePointId,-12} {c.ChargerKind,-6} {c.Sessions.Count,4} sessions {c.EnergyWh / 1000m,10:0.000} kWh {c.ErrorCount,4} errors")));
        }
        var errors = report.Chargers.SelectMany(c => c.Errors.Select(e => $"{c.ChargePointId}: {e}")
            .Concat(c.Sessions.SelectMany(s => s.Errors.Select(e => $"{c.ChargePointId} session {s.Number}: {e}")))).Take(10).ToList();
        if (errors.Count > 0)
        {
            lines.Add("  first errors:");
            lines.AddRange(errors.Select(e => "    " + e));
        }
        return string.Join(Environment.NewLine, lines);
    }

    private static async Task PrintProgressAsync(ChargerFleet fleet, TextWriter output, Lock writeLock, CancellationToken ct)
    {
        var started = TimeProvider.System.GetTimestamp();
        try
        {
            while (true)
            {
                await Task.Delay(ProgressInterval, ct).ConfigureAwait(false);
                var p = fleet.Progress();
                var line = string.Create(CultureInfo.InvariantCulture, $"[{TimeProvider.System.GetElapsedTime(started):hh\\:mm\\:ss}] connected {p.Connected}/{p.Chargers}  " +
                    $"charging {p.ActiveTransactions}  sessions {p.SessionsDone}  energy {p.EnergyWh / 1000m:0.000} kWh  errors {p.Errors}");
                lock (writeLock)
                    output.WriteLine(line);
            }
        }
        catch (OperationCanceledException)
        {
            // The run is over.
        }
    }
}

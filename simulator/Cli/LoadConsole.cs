using System.Globalization;
using ChargeMonitor.Simulator.Load;
using OcppCentral.Protocol;

namespace ChargeMonitor.Simulator.Cli;

/// <summary>Runs a load test with a progress line every few seconds and prints its figures.</summary>
internal static class LoadConsole
{
    public static async Task<int> RunAsync(LoadOptions options, SchemaValidator schemas, TextWriter output, CancellationToken ct)
    {
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, 
            $"Load test: {options.Chargers} charger(s) against {options.Endpoint}, " +
            $"{(options.Warmup > TimeSpan.Zero ? $"{options.Warmup.TotalSeconds:0.#} s warm-up then " : "no warm-up, ")}{options.Duration.TotalSeconds:0.#} s measured, " +
            $"{(options.RatePerSecond is { } rate ? $"{rate:0.#} MeterValues/s in total" : "MeterValues as fast as answered")}, " +
            $"connecting {options.ConnectConcurrency} at a time.")).ConfigureAwait(false);
        var writeLock = new Lock();
        var report = await LoadTest.RunAsync(options, schemas, p =>
        {
            var line = string.Create(CultureInfo.InvariantCulture, $"[{p.Elapsed.TotalSeconds,5:0}s] {p.Phase,-10} connected {p.Connected}/{options.Chargers} " +
                $"(errors {p.ConnectErrors})  acknowledged {p.Acknowledged} ({p.CallsPerSecond:0}/s)  errors {p.Errors}");
            lock (writeLock)
                output.WriteLine(line);
        }, null, ct).ConfigureAwait(false);
        await output.WriteLineAsync(Format(report)).ConfigureAwait(false);
        var failed = report.ChargersConnected == 0 || report.ConnectErrors + report.CallErrors + report.Timeouts + report.Disconnects > 0;
        return failed ? SimulatorApp.Errors : SimulatorApp.Ok;
    }

    /// <summary>
    /// The result block. Throughput and latency are the measured window's; with a warm-up, the MeterValues line says how
    /// long it was and how many calls it had, and the errors line says that it counts the whole run.
    /// </summary>
    public static string Format(LoadReport r)
    {
        var warmedUp = r.Warmup > TimeSpan.Zero;
        var warmup = warmedUp
            ? string.Create(CultureInfo.InvariantCulture, $" (after a {r.Warmup.TotalSeconds:0.0} s warm-up with {r.WarmupAcknowledged} acked, not counted)")
            : "";
        return string.Join(Environment.NewLine,
            "",
            "Result",
            string.Create(CultureInfo.InvariantCulture, $"  chargers connected   {r.ChargersConnected}/{r.ChargersRequested} in {r.ConnectTime.TotalSeconds:0.0} s (connection errors {r.ConnectErrors})"),
            string.Create(CultureInfo.InvariantCulture, $"  MeterValues acked    {r.Acknowledged} in {r.Measured.TotalSeconds:0.0} s = {r.CallsPerSecond:0.0}/s{warmup}"),
            string.Create(CultureInfo.InvariantCulture, $"  latency (ms)         p50 {Ms(r.Latency.P50)}  p90 {Ms(r.Latency.P90)}  p99 {Ms(r.Latency.P99)}  max {Ms(r.Latency.Max)}  mean {Ms(r.Latency.Mean)}"),
            string.Create(CultureInfo.InvariantCulture, $"  errors               CALLERROR {r.CallErrors}, timeouts {r.Timeouts}, dropped connections {r.Disconnects}{(warmedUp ? " (whole run, warm-up included)" : "")}"),
            string.Create(CultureInfo.InvariantCulture, $"  server calls         {r.ServerCallsAnswered} answered (the display read after each boot)"));
    }

    private static string Ms(TimeSpan t) => t.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture);
}

using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

using OcppCentral.Operations;
using OpenTelemetry.Metrics;

// What recording one OCPP message costs on the acknowledgement path (docs/performance.md, Metrics): the calls the
// connection makes per CALL, timed and their allocations counted, with OpenTelemetry listening (as served) and
// without it (--metrics false). The server is composed as it runs (Program.Build) but not started: no socket, no database.
const int Calls = 2_000_000;
string[] actions = ["MeterValues", "Heartbeat", "StatusNotification", "StartTransaction", "StopTransaction"];

foreach (var listening in new[] { true, false, true, false })
{
    var database = Path.Combine(Path.GetTempPath(), $"metrics-bench-{Guid.NewGuid():N}.db");
    await using var app = OcppCentral.Program.Build(["--urls", "http://127.0.0.1:0", "--database", database, "--metrics", listening ? "true" : "false",
        "--Logging:LogLevel:Default", "Warning"]);
    // The provider is what listens; as served it is created when the host starts, here on demand.
    _ = app.Services.GetService<MeterProvider>();
    var metrics = app.Services.GetRequiredService<ChargeMonitorMetrics>();

    for (var i = 0; i < 100_000; i++) // warm-up: tiered compilation, the tag sets' first sight
        metrics.MessageHandled(actions[i % actions.Length], ChargeMonitorMetrics.Answered, Stopwatch.GetTimestamp());

    var allocated = GC.GetAllocatedBytesForCurrentThread();
    var clock = Stopwatch.StartNew();
    for (var i = 0; i < Calls; i++)
        metrics.MessageHandled(actions[i % actions.Length], ChargeMonitorMetrics.Answered, Stopwatch.GetTimestamp());
    clock.Stop();
    allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;

    Console.WriteLine($"{(listening ? "OpenTelemetry listening" : "--metrics false      ")}  " +
                      $"{clock.Elapsed.TotalNanoseconds / Calls,7:F1} ns per message (counter + histogram)  " +
                      $"{(double)allocated / Calls,5:F2} bytes allocated per message");
}

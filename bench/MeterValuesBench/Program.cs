using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using OcppCentral;
using OcppCentral.Protocol;

// What one MeterValues costs the server on its acknowledgement path, without the socket (docs/performance.md, "The
// MeterValues path in one process"): the server is composed and started as it runs, on a fresh SQLite file, then
// --chargers chargers boot, start a transaction each and send the load mode's six-value MeterValues one after the
// other through the router, as a connection does once it has read a frame; all chargers at once, so the writer
// commits in batches as under load. After --warmup seconds it counts, over --seconds, the acknowledged MeterValues,
// the process's CPU time and the bytes allocated. Built against the server's project, so it measures the build it
// sits in; copy the folder into an older checkout to measure that one.
var chargers = Option("--chargers", 200);
var warmup = Option("--warmup", 20);
var seconds = Option("--seconds", 20);

var directory = Directory.CreateTempSubdirectory("metervalues-bench-");
var database = Path.Combine(directory.FullName, "bench.db");
await using var app = OcppCentral.Program.Build(["--urls", "http://127.0.0.1:0", "--database", database, "--metrics", "false",
    "--Logging:LogLevel:Default", "Warning"]);
await OcppCentralApp.StartAsync(app);
var router = app.Services.GetRequiredService<OcppRouter>();
var messageId = 0L;
var takeAfterAnswer = typeof(OcppRequestContext).GetMethod("TakeAfterAnswer");

async Task<string> CallAsync(string chargePointId, string action, string payload)
{
    var id = Interlocked.Increment(ref messageId).ToString(CultureInfo.InvariantCulture);
    var text = $"[2,\"{id}\",\"{action}\",{payload}]";
    if (FrameReader.Read(text).Frame is not OcppCall call)
        throw new InvalidOperationException($"Not a CALL: {text}");
    var context = new OcppRequestContext(chargePointId, id, DateTimeOffset.UtcNow, text);
    var answer = await router.DispatchAsync(context, call, CancellationToken.None);
    if (answer is not OcppCallResult result)
        throw new InvalidOperationException($"{action} of {chargePointId} was not answered with a CALLRESULT: {answer}");
    // What a handler left to do after its answer (the cost display's follow-up), as the connection runs it. Found by
    // reflection so that the bench also builds against servers from before it existed.
    if (takeAfterAnswer?.Invoke(context, null) is IReadOnlyList<Func<CancellationToken, Task>> work)
    {
        foreach (var item in work)
            await item(CancellationToken.None);
    }
    return result.Payload.ToString();
}

var transactions = new long[chargers];
var started = DateTimeOffset.UtcNow;
for (var i = 0; i < chargers; i++)
{
    var id = $"BENCH-{i:D5}";
    await CallAsync(id, "BootNotification", """{"chargePointVendor":"ChargeMonitor","chargePointModel":"Bench"}""");
    var start = await CallAsync(id, "StartTransaction",
        $$"""{"connectorId":1,"idTag":"BENCH","meterStart":1000000,"timestamp":"{{started:yyyy-MM-ddTHH:mm:ss.fffZ}}"}""");
    transactions[i] = Newtonsoft.Json.Linq.JObject.Parse(start).Value<long>("transactionId");
}

var counted = 0L;
var measuring = false;
using var stop = new CancellationTokenSource();
var runs = Enumerable.Range(0, chargers).Select(i => Task.Run(async () =>
{
    var id = $"BENCH-{i:D5}";
    var time = started;
    var register = 1_000_000L;
    while (!stop.IsCancellationRequested)
    {
        time = time.AddSeconds(1);
        register += 3;
        var payload = $$$"""
            {"connectorId":1,"transactionId":{{{transactions[i]}}},"meterValue":[{"timestamp":"{{{time:yyyy-MM-ddTHH:mm:ss.fffZ}}}","sampledValue":[
            {"value":"{{{register}}}","context":"Sample.Periodic","measurand":"Energy.Active.Import.Register","location":"Outlet","unit":"Wh"},
            {"value":"11000","context":"Sample.Periodic","measurand":"Power.Active.Import","location":"Outlet","unit":"W"},
            {"value":"15.9","context":"Sample.Periodic","measurand":"Current.Import","phase":"L1","location":"Outlet","unit":"A"},
            {"value":"15.9","context":"Sample.Periodic","measurand":"Current.Import","phase":"L2","location":"Outlet","unit":"A"},
            {"value":"15.9","context":"Sample.Periodic","measurand":"Current.Import","phase":"L3","location":"Outlet","unit":"A"},
            {"value":"50","context":"Sample.Periodic","measurand":"SoC","location":"EV","unit":"Percent"}]}]}
            """.Replace("\n", "", StringComparison.Ordinal);
        await CallAsync(id, "MeterValues", payload);
        if (Volatile.Read(ref measuring))
            Interlocked.Increment(ref counted);
    }
})).ToArray();

await Task.Delay(TimeSpan.FromSeconds(warmup));
var process = Process.GetCurrentProcess();
process.Refresh();
var cpu = process.TotalProcessorTime;
var allocated = GC.GetTotalAllocatedBytes(precise: false);
var collections = GC.CollectionCount(0);
var clock = Stopwatch.StartNew();
Volatile.Write(ref measuring, true);
await Task.Delay(TimeSpan.FromSeconds(seconds));
Volatile.Write(ref measuring, false);
clock.Stop();
process.Refresh();
cpu = process.TotalProcessorTime - cpu;
allocated = GC.GetTotalAllocatedBytes(precise: false) - allocated;
collections = GC.CollectionCount(0) - collections;
var messages = Interlocked.Read(ref counted);
stop.Cancel();
await Task.WhenAll(runs);

Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"MeterValues {messages} in {clock.Elapsed.TotalSeconds:F1} s = {messages / clock.Elapsed.TotalSeconds:F0}/s; " +
    $"CPU {cpu.TotalMicroseconds / messages:F1} µs/msg; allocated {allocated / (double)messages / 1024:F2} KB/msg; gen0 GCs {collections}"));
await app.StopAsync();
directory.Delete(recursive: true);
return 0;

int Option(string name, int fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
}

using System.Diagnostics;
using System.Globalization;
using ChargeMonitor.Bench;
using Dapper;
using OcppCentral.Storage;

// One charger with a session of a million samples, and its neighbours: how long the big session's own messages take
// (its estimate in GET /api/sessions, a MeterValues while Active, its StopTransaction, a BootNotification that closes
// a second such session, a late MeterValues that re-closes it), and how long every other charger waits meanwhile.
// Usage: dotnet run -c Release --project bench/SessionStallBench [-- --samples 1000000 --neighbours 20 --gets 3 --no-estimate --keep]
// --gets N times GET /api/sessions N times in a row (the first rebuilds the running estimates of the two seeded sessions,
// the others use them), and once more after a MeterValues for the Active session; --no-estimate leaves out the GETs
// (before the running estimate each one read every sample: minutes at a million samples).
// The samples are written straight into the database (as an old database, or one from before the per-session limit,
// may hold them); everything else goes over the real WebSocket endpoint and admin API. See docs/performance.md.
var samples = Argument(args, "--samples", 1_000_000);
var neighbourCount = Argument(args, "--neighbours", 20);
var keep = args.Contains("--keep");
var estimate = !args.Contains("--no-estimate");
var gets = Argument(args, "--gets", 3);
var path = Path.Combine(Path.GetTempPath(), $"chargemonitor-stall-{Guid.NewGuid():N}.db");
var clock = Stopwatch.StartNew();
var calls = new List<(double StartMs, double EndMs)>();
try
{
    // On a loaded machine a charger's pong can wait longer than the default 30 s keep-alive while a session of a million
    // samples is evaluated; the keep-alive is not what this measures (docs/ocpp-endpoint.md), so it is relaxed here.
    await using var server = await BenchServer.StartAsync(path, "--Ocpp:KeepAliveTimeout", "00:10:00");
    var baseUri = new Uri(server.Url.Replace("http://", "ws://", StringComparison.Ordinal));
    var big = await BenchCharger.ConnectAsync(baseUri, "BIG-0001");
    await big.CallAsync("BootNotification", BenchCharger.Boot);
    var start = DateTimeOffset.UtcNow.AddDays(-10);
    var txA = (long)(await big.CallAsync("StartTransaction", BenchCharger.Start(1, start))).Payload["transactionId"]!;
    var txB = (long)(await big.CallAsync("StartTransaction", BenchCharger.Start(2, start.AddMinutes(1)))).Payload["transactionId"]!;
    var seeding = Stopwatch.StartNew();
    var lastA = Seed(server.Database, "BIG-0001", 1, txA, start, samples);
    var lastB = Seed(server.Database, "BIG-0001", 2, txB, start.AddMinutes(1), samples);
    Console.WriteLine($"Seeded sessions {txA} and {txB} of BIG-0001 with {samples:N0} samples each in {seeding.Elapsed.TotalSeconds:0.0} s " +
                      $"({new FileInfo(path).Length / 1024 / 1024} MiB + WAL); {Environment.ProcessorCount} cores, " +
                      $"{System.Runtime.InteropServices.RuntimeInformation.OSDescription}");

    using var stop = new CancellationTokenSource();
    var neighbours = Enumerable.Range(1, neighbourCount).Select(n => RunNeighbourAsync(baseUri, $"NB-{n:D4}", stop.Token)).ToList();
    await Task.Delay(TimeSpan.FromSeconds(3));
    lock (calls)
        calls.Clear();

    Console.WriteLine($"{neighbourCount} neighbours send MeterValues (6 sampled values) back to back, 20 ms apart each.");
    Console.WriteLine();
    Console.WriteLine($"{"operation",-58} {"took ms",9}   neighbours' calls during it: {"n",5} {"p50 ms",7} {"p99 ms",7} {"max ms",7}");
    await Window("baseline: 3 s of neighbours only", async () =>
    {
        await Task.Delay(TimeSpan.FromSeconds(3));
        return TimeSpan.FromSeconds(3);
    });
    if (estimate)
    {
        for (var get = 1; get <= gets; get++)
            await Window($"GET /api/sessions #{get} (2 Active sessions among 22)", () => server.TimeOnceAsync("/api/sessions"));
        await Window($"GET /api/sessions/{txA}", () => server.TimeOnceAsync($"/api/sessions/{txA}"));
        // A long GET may outlast the charger's connection; the operations below use a fresh one.
        await big.DisposeAsync();
        big = await BenchCharger.ConnectAsync(baseUri, "BIG-0001");
    }
    await Window($"MeterValues for Active session {txA}", async () =>
        (await big.CallAsync("MeterValues", BenchCharger.MeterValues(1, txA, lastA.At.AddSeconds(2), lastA.RegisterWh + 5))).Took);
    if (estimate)
        await Window("GET /api/sessions after that MeterValues", () => server.TimeOnceAsync("/api/sessions"));
    await Window($"StopTransaction of session {txA}", async () =>
        (await big.CallAsync("StopTransaction", BenchCharger.Stop(txA, lastA.RegisterWh + 10, lastA.At.AddSeconds(5)))).Took);
    await Window($"BootNotification closing session {txB}", async () => (await big.CallAsync("BootNotification", BenchCharger.Boot)).Took);
    await Window($"late MeterValues re-closing session {txB}", async () =>
        (await big.CallAsync("MeterValues", BenchCharger.MeterValues(2, txB, lastB.At.AddSeconds(2), lastB.RegisterWh + 5))).Took);
    await Window("baseline again: 3 s of neighbours only", async () =>
    {
        await Task.Delay(TimeSpan.FromSeconds(3));
        return TimeSpan.FromSeconds(3);
    });

    await stop.CancelAsync();
    await Task.WhenAll(neighbours);
    await big.DisposeAsync();
    using var connection = server.Database.Open();
    var closed = connection.Query<(long Id, string Status, decimal? EnergyWh, long? TotalMinor)>(
        "SELECT transaction_id, status, energy_wh, total_minor FROM sessions WHERE charge_point_id = 'BIG-0001' ORDER BY transaction_id");
    Console.WriteLine();
    foreach (var s in closed)
        Console.WriteLine($"session {s.Id}: {s.Status}, {s.EnergyWh} Wh, total {s.TotalMinor} minor units");
}
finally
{
    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    foreach (var suffix in keep ? [] : new[] { "", "-wal", "-shm" })
        File.Delete(path + suffix);
}

async Task Window(string name, Func<Task<TimeSpan>> operation)
{
    var from = clock.Elapsed.TotalMilliseconds;
    var took = await operation();
    var to = clock.Elapsed.TotalMilliseconds;
    List<double> during;
    lock (calls)
        during = calls.Where(c => c.StartMs <= to && c.EndMs >= from).Select(c => c.EndMs - c.StartMs).Order().ToList();
    string At(double q) => during.Count == 0 ? "-" : during[Math.Min(during.Count - 1, (int)(q * during.Count))].ToString("0.0", CultureInfo.InvariantCulture);
    Console.WriteLine($"{name,-58} {took.TotalMilliseconds,9:0.0}   {"",29} {during.Count,5} {At(0.5),7} {At(0.99),7} {(during.Count == 0 ? "-" : during[^1].ToString("0.0", CultureInfo.InvariantCulture)),7}");
}

async Task RunNeighbourAsync(Uri uri, string id, CancellationToken ct)
{
    await using var charger = await BenchCharger.ConnectAsync(uri, id);
    await charger.CallAsync("BootNotification", BenchCharger.Boot);
    var tx = (long)(await charger.CallAsync("StartTransaction", BenchCharger.Start(1, DateTimeOffset.UtcNow))).Payload["transactionId"]!;
    long register = 0;
    while (!ct.IsCancellationRequested)
    {
        var from = clock.Elapsed.TotalMilliseconds;
        await charger.CallAsync("MeterValues", BenchCharger.MeterValues(1, tx, DateTimeOffset.UtcNow, register += 10));
        var to = clock.Elapsed.TotalMilliseconds;
        lock (calls)
            calls.Add((from, to));
        try
        {
            await Task.Delay(20, ct);
        }
        catch (OperationCanceledException)
        {
        }
    }
}

// Six sampled values per timestamp, 5 s apart, as BenchCharger.MeterValues sends them; the register climbs 10 Wh a step.
static (DateTimeOffset At, long RegisterWh) Seed(Database database, string chargePointId, int connector, long transactionId,
    DateTimeOffset start, int count)
{
    int Kind(string measurand, string? phase) => OcppCentral.Storage.SampleKind.Of(measurand, phase, "Sample.Periodic", "Outlet")!.Value;
    using var connection = database.Open();
    using var transaction = connection.BeginTransaction();
    connection.Execute(
        """
        INSERT INTO meter_values (charge_point_id, connector_id, transaction_id, timestamp, measurand, value, unit, phase, context, location,
            format, normalized_value, normalized_unit, sample_kind)
        WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < @count - 1)
        SELECT @chargePointId, @connector, @transactionId, @startMs + (i / 6 + 1) * 5000,
            CASE i % 6 WHEN 0 THEN 'Energy.Active.Import.Register' WHEN 1 THEN 'Power.Active.Import' WHEN 5 THEN 'SoC' ELSE 'Current.Import' END,
            CASE i % 6 WHEN 0 THEN CAST((i / 6 + 1) * 10 AS TEXT) WHEN 1 THEN '7200' WHEN 5 THEN '50' ELSE '10' END,
            CASE i % 6 WHEN 0 THEN 'Wh' WHEN 1 THEN 'W' WHEN 5 THEN 'Percent' ELSE 'A' END,
            CASE i % 6 WHEN 2 THEN 'L1' WHEN 3 THEN 'L2' WHEN 4 THEN 'L3' ELSE NULL END,
            'Sample.Periodic', 'Outlet', 'Raw',
            CASE i % 6 WHEN 0 THEN (i / 6 + 1) * 10 WHEN 1 THEN 7200 WHEN 5 THEN 50 ELSE 10 END,
            CASE i % 6 WHEN 0 THEN 'Wh' WHEN 1 THEN 'W' WHEN 5 THEN 'Percent' ELSE 'A' END,
            CASE i % 6 WHEN 0 THEN @k0 WHEN 1 THEN @k1 WHEN 2 THEN @k2 WHEN 3 THEN @k3 WHEN 4 THEN @k4 ELSE @k5 END
        FROM n
        """,
        new
        {
            count, chargePointId, connector, transactionId, startMs = start.ToUnixTimeMilliseconds(),
            k0 = Kind("Energy.Active.Import.Register", null), k1 = Kind("Power.Active.Import", null), k2 = Kind("Current.Import", "L1"),
            k3 = Kind("Current.Import", "L2"), k4 = Kind("Current.Import", "L3"), k5 = Kind("SoC", null),
        }, transaction);
    // A server with a running count of each session's samples must see these too.
    if (connection.ExecuteScalar<long>("SELECT COUNT(*) FROM pragma_table_info('sessions') WHERE name = 'sample_count'", transaction: transaction) > 0)
        connection.Execute("UPDATE sessions SET sample_count = sample_count + @count WHERE transaction_id = @transactionId",
            new { count, transactionId }, transaction);
    transaction.Commit();
    var steps = (count + 5) / 6;
    return (start.AddSeconds(steps * 5), steps * 10L);
}

static int Argument(string[] args, string name, int fallback)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
}

using ChargeMonitor.Bench;

// Fills a temporary database with sessions, feedback, anomalies and orphans, starts the real server on it and times
// each report endpoint over HTTP.
// Usage: dotnet run -c Release --project bench/ReportsBench [-- --sessions 100000 --runs 5 --keep --without-report-indexes]
// --keep leaves the database file in place (its path is printed) to look at with sqlite3;
// --without-report-indexes drops the indexes of migration 2 first, to see what they are worth.
var sessions = Argument(args, "--sessions", 100_000);
var runs = Argument(args, "--runs", 5);
var keep = args.Contains("--keep");
var withoutIndexes = args.Contains("--without-report-indexes");
var path = Path.Combine(Path.GetTempPath(), $"chargemonitor-bench-{Guid.NewGuid():N}.db");
try
{
    await using var server = await BenchServer.StartAsync(path);
    var filled = BenchData.Fill(server.Database, sessions);
    if (withoutIndexes)
        BenchData.DropReportIndexes(server.Database);
    Console.WriteLine($"Database {path}: {filled}; {new FileInfo(path).Length / 1024 / 1024} MiB before the WAL checkpoint"
                      + (withoutIndexes ? "; without the report indexes" : ""));
    Console.WriteLine($"{Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}; {runs} runs each after one warm-up");
    Console.WriteLine();
    Console.WriteLine($"{"endpoint",-78} {"bytes",10} {"min ms",8} {"median ms",10}");
    var month = $"from={BenchData.Iso(BenchData.Start.AddMonths(6))}&to={BenchData.Iso(BenchData.Start.AddMonths(7))}";
    foreach (var path_ in new[]
             {
                 "/api/reports/chargepoints", $"/api/reports/chargepoints?{month}",
                 "/api/reports/feedback", $"/api/reports/feedback?{month}",
                 "/api/reports/idtags", $"/api/reports/idtags?{month}",
                 "/api/anomalies", $"/api/anomalies?{month}", $"/api/anomalies?chargePointId=CP-0007",
                 $"/api/reports/daily?from={BenchData.Start.AddMonths(6):yyyy-MM-dd}&to={BenchData.Start.AddMonths(7):yyyy-MM-dd}&zone=Europe/Stockholm",
                 "/api/feedback?maxRating=2",
                 // The operator console's pages (no admin key here, so loopback needs no sign-in).
                 "/", "/sessions", "/sessions?sort=total", "/sessions?chargePointId=CP-0007&anomalies=1", "/sessions/50000", "/chargers",
                 "/chargers/CP-0007", "/tariffs", "/feedback", "/anomalies",
                 $"/reports?from={BenchData.Start.AddMonths(6):yyyy-MM-dd}&to={BenchData.Start.AddMonths(7):yyyy-MM-dd}",
             })
    {
        var (bytes, times) = await server.TimeAsync(path_, runs);
        Console.WriteLine($"GET {path_,-74} {bytes,10} {times.Min(),8:0.0} {times.Order().ElementAt(times.Count / 2),10:0.0}");
    }
}
finally
{
    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    foreach (var suffix in keep ? [] : new[] { "", "-wal", "-shm" })
        File.Delete(path + suffix);
}

static int Argument(string[] args, string name, int fallback)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], System.Globalization.CultureInfo.InvariantCulture) : fallback;
}

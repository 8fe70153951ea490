extern alias sim;
using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.WebSockets;
using Dapper;
using Npgsql;
using OcppCentral.Tests.TestSupport;
using sim::ChargeMonitor.Simulator.Client;

namespace OcppCentral.Tests.Cluster;

/// <summary>
/// docs/deployment.md, when an instance dies: instance A, a real server process, is killed with SIGKILL in the middle of a
/// load of sessions while a command sent through instance B waits at one of A's chargers. The chargers reconnect to B and
/// go on; every message either instance acknowledged is stored, and the command ends as Disconnected (502) once B finds A
/// dead.
/// </summary>
[CancelAfter(180_000), NonParallelizable, Platform(Exclude = "Win", Reason = "kills a process with SIGKILL")]
public class InstanceDeathTests
{
    private const int ChargerCount = 8;
    private const int AcknowledgementsBeforeKill = 300;
    private const int SessionsOnBEach = 2;

    private static readonly string[] Timings =
        ["--Cluster:HeartbeatInterval", "00:00:00.250", "--Cluster:InstanceTimeout", "00:00:03", "--Ocpp:CallTimeout", "00:02:00"];

    private static readonly DateTimeOffset Epoch = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.CurrentContext.CancellationToken;

    [Test]
    public async Task Sigkill_OfInstanceA_ChargersGoOnThroughB_EveryAcknowledgedMessageIsStored_AndItsCommandEndsDisconnected()
    {
        var database = TestDatabase.CreateMigrated(TestBackend.Postgres);
        try
        {
            await using var b = await ServerProcess.StartAsync(database.Argument, Ct, ["--instance-id", "inst-b", .. Timings]);
            var log = new AcknowledgementLog(AcknowledgementsBeforeKill);
            HttpResponseMessage commandAnswer;
            await using (var a = await ServerProcess.StartAsync(database.Argument, Ct, ["--instance-id", "inst-a", .. Timings]))
            {
                var holder = await Chargers.BootAsync(a.WebSocketUri, "CP-HOLDS-A-CALL", ct: Ct);
                var never = new TaskCompletionSource<object>();
                holder.ServerCallHandler = _ => never.Task;
                var command = b.Http.PostAsync("/api/chargepoints/CP-HOLDS-A-CALL/commands/Reset",
                    new StringContent("""{"type":"Hard"}""", System.Text.Encoding.UTF8, "application/json"), Ct);
                await WaitUntilTakenAsync(database.Argument, "CP-HOLDS-A-CALL");

                var chargers = Enumerable.Range(0, ChargerCount)
                    .Select(i => RunChargerAsync(a.WebSocketUri, b.WebSocketUri, $"CP-MOVES-{i}", log)).ToArray();
                await log.ThresholdReached.WaitAsync(Ct);
                a.Kill();
                await a.WaitForExitAsync(Ct);
                commandAnswer = await command;
                await Task.WhenAll(chargers).WaitAsync(Ct);
                await DisposeQuietlyAsync(holder);
            }

            var stored = await ReadStoredAsync(database.Argument);
            TestContext.Out.WriteLine($"Acknowledged: {log.Starts.Count} starts, {log.Readings.Count} meter values, {log.Stops.Count} stops; " +
                                      $"stored: {stored.Sessions.Count} sessions, {stored.Readings.Count} meter values.");
            using (Assert.EnterMultipleScope())
            {
                Assert.That(commandAnswer.StatusCode, Is.EqualTo(HttpStatusCode.BadGateway), await commandAnswer.Content.ReadAsStringAsync(Ct));
                Assert.That(stored.CommandOutcome, Is.EqualTo("Disconnected"));
                foreach (var (transactionId, start) in log.Starts)
                    Assert.That(stored.Sessions.GetValueOrDefault(transactionId).Start, Is.EqualTo(start), $"acknowledged start {transactionId}");
                foreach (var reading in log.Readings)
                    Assert.That(stored.Readings, Does.Contain(reading), "acknowledged meter value");
                foreach (var (transactionId, meterStop) in log.Stops)
                    Assert.That(stored.Sessions.GetValueOrDefault(transactionId).MeterStopWh, Is.EqualTo(meterStop), $"acknowledged stop {transactionId}");
                Assert.That(stored.Readings, Has.Count.EqualTo(stored.Readings.Distinct().Count()), "no meter value twice");
                Assert.That(log.StopsOnB, Is.EqualTo(ChargerCount * SessionsOnBEach), "sessions every charger completed on B after the kill");
                Assert.That(stored.MovedToB, Is.EqualTo(ChargerCount), "chargers whose second connection, B's, was claimed and released");
            }
        }
        finally
        {
            database.Drop();
        }
    }

    /// <summary>
    /// Sessions back to back on A (Start, three MeterValues, Stop) until A dies; then the charger reconnects to B, boots and
    /// completes <see cref="SessionsOnBEach"/> sessions there.
    /// </summary>
    private static async Task RunChargerAsync(Uri onA, Uri onB, string id, AcknowledgementLog log)
    {
        var n = 0;
        try
        {
            await using var charger = await Chargers.BootAsync(onA, id, ct: Ct);
            while (true)
                await RunSessionAsync(charger, id, n++, log, onB: false);
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or ObjectDisposedException or TimeoutException)
        {
            // A died; whatever it did not answer is not owed.
        }
        await using var again = await Chargers.BootAsync(onB, id, ct: Ct);
        for (var k = 0; k < SessionsOnBEach; k++)
            await RunSessionAsync(again, id, n++, log, onB: true);
    }

    private static async Task RunSessionAsync(OcppClient charger, string id, int n, AcknowledgementLog log, bool onB)
    {
        var at = Epoch.AddHours(n);
        var start = new Start(id, 100_000L * n, at.ToUnixTimeMilliseconds());
        var answer = await charger.CallAsync("StartTransaction",
            new { connectorId = 1, idTag = "TAG", meterStart = start.MeterStartWh, timestamp = Timestamp(at) }, Ct);
        var transactionId = answer["transactionId"]!.ToObject<long>();
        log.Acknowledged(transactionId, start);
        for (var k = 1; k <= 3; k++)
        {
            var reading = new Reading(transactionId, at.AddMinutes(10 * k).ToUnixTimeMilliseconds(), (start.MeterStartWh + 1000 * k).ToString(CultureInfo.InvariantCulture));
            await charger.CallAsync("MeterValues", new
            {
                connectorId = 1, transactionId,
                meterValue = new[] { new { timestamp = Timestamp(at.AddMinutes(10 * k)), sampledValue = new[] { new { value = reading.Value } } } },
            }, Ct);
            log.Acknowledged(reading);
        }
        var meterStop = start.MeterStartWh + 3000;
        await charger.CallAsync("StopTransaction", new { transactionId, meterStop, timestamp = Timestamp(at.AddMinutes(40)) }, Ct);
        log.Stopped(transactionId, meterStop, onB);
    }

    private static async Task DisposeQuietlyAsync(OcppClient charger)
    {
        try
        {
            await charger.DisposeAsync();
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or ObjectDisposedException)
        {
            // Its instance is gone already.
        }
    }

    private static string Timestamp(DateTimeOffset at) => at.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private static async Task WaitUntilTakenAsync(string connectionString, string id)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(Ct);
        while (await connection.ExecuteScalarAsync<long>(
                   "SELECT COUNT(*) FROM commands WHERE charge_point_id = @id AND taken_at IS NOT NULL", new { id }) == 0)
            await Task.Delay(20, Ct);
    }

    private static async Task<Stored> ReadStoredAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        var sessions = (await connection.QueryAsync<(long TransactionId, string ChargePointId, long MeterStartWh, long StartTime, long? MeterStopWh)>(
                "SELECT transaction_id, charge_point_id, meter_start_wh, start_time, meter_stop_wh FROM sessions"))
            .ToDictionary(r => r.TransactionId, r => (Start: new Start(r.ChargePointId, r.MeterStartWh, r.StartTime), r.MeterStopWh));
        var readings = (await connection.QueryAsync<(long TransactionId, long Timestamp, string Value)>(
            "SELECT transaction_id, timestamp, value FROM meter_values")).Select(r => new Reading(r.TransactionId, r.Timestamp, r.Value)).ToList();
        var outcome = await connection.ExecuteScalarAsync<string>("SELECT outcome FROM commands WHERE charge_point_id = 'CP-HOLDS-A-CALL'");
        // Claimed by A, then by B (epoch 2), then released when the test's chargers left B.
        var movedToB = await connection.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM charger_connections WHERE epoch = 2 AND instance_id IS NULL AND charge_point_id LIKE 'CP-MOVES-%'");
        return new Stored(sessions, readings, outcome, movedToB);
    }

    private sealed record Start(string ChargePointId, long MeterStartWh, long StartTimeMs);

    private sealed record Reading(long TransactionId, long TimestampMs, string Value);

    private sealed record Stored(Dictionary<long, (Start Start, long? MeterStopWh)> Sessions, List<Reading> Readings, string? CommandOutcome, long MovedToB);

    /// <summary>What either instance acknowledged, shared by the chargers' loops.</summary>
    private sealed class AcknowledgementLog(int threshold)
    {
        private readonly TaskCompletionSource _thresholdReached = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _count;
        private int _stopsOnB;

        public ConcurrentBag<(long TransactionId, Start Start)> Starts { get; } = [];
        public ConcurrentBag<Reading> Readings { get; } = [];
        public ConcurrentBag<(long TransactionId, long MeterStopWh)> Stops { get; } = [];
        public int StopsOnB => Volatile.Read(ref _stopsOnB);
        public Task ThresholdReached => _thresholdReached.Task;

        public void Acknowledged(long transactionId, Start start) => Count(() => Starts.Add((transactionId, start)));

        public void Acknowledged(Reading reading) => Count(() => Readings.Add(reading));

        public void Stopped(long transactionId, long meterStopWh, bool onB)
        {
            if (onB)
                Interlocked.Increment(ref _stopsOnB);
            Count(() => Stops.Add((transactionId, meterStopWh)));
        }

        private void Count(Action record)
        {
            record();
            if (Interlocked.Increment(ref _count) >= threshold)
                _thresholdReached.TrySetResult();
        }
    }
}

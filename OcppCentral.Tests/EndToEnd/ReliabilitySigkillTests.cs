extern alias sim;
using System.Collections.Concurrent;
using System.Globalization;
using System.Net.WebSockets;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Data.Sqlite;
using OcppCentral.Tests.TestSupport;
using sim::ChargeMonitor.Simulator.Client;

namespace OcppCentral.Tests.EndToEnd;

/// <summary>
/// docs/ocpp-endpoint.md durability, shown the hard way: the real server process is killed (SIGKILL) in the middle of a load of
/// sessions and restarted on the same database. Every message a charger got an answer for must be there, and
/// nothing that was never answered may have left half a session behind.
/// </summary>
[CancelAfter(120_000), Platform(Exclude = "Win", Reason = "kills a process with SIGKILL")]
public class ReliabilitySigkillTests : ProcessDatabaseTests
{
    private const int ChargerCount = 8;
    private const int AcknowledgementsBeforeKill = 300;

    private static readonly DateTimeOffset Epoch = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);

    [Test]
    public async Task Sigkill_MidLoad_KeepsEveryAcknowledgedMessageAndLeavesNoHalfSession()
    {
        var log = new MessageLog(AcknowledgementsBeforeKill);
        await using (var doomed = await ServerProcess.StartAsync(DatabasePath, Ct))
        {
            var chargers = Enumerable.Range(0, ChargerCount).Select(i => RunSessionsAsync(doomed.WebSocketUri, $"CP-LOAD-{i}", log)).ToArray();
            await log.ThresholdReached.WaitAsync(Ct);
            doomed.Kill();
            await doomed.WaitForExitAsync(Ct);
            await Task.WhenAll(chargers).WaitAsync(Ct);
        }

        await using var restarted = await ServerProcess.StartAsync(DatabasePath, Ct);
        var sessions = await ReadSessionsAsync();
        var meterValues = await ReadMeterValuesAsync();
        var listed = await restarted.Http.GetStringAsync("/api/sessions?limit=1000", Ct);
        TestContext.Out.WriteLine($"Acknowledged before the kill: {log.AcknowledgedStarts.Count} starts, {log.AcknowledgedReadings.Count} meter values, " +
            $"{log.AcknowledgedStops.Count} stops; stored after restart: {sessions.Count} sessions, {meterValues.Count} meter values.");
        using (Assert.EnterMultipleScope())
        {
            foreach (var start in log.AcknowledgedStarts)
                Assert.That(sessions.GetValueOrDefault(start.TransactionId)?.Start, Is.EqualTo(start.Start), $"acknowledged start {start.TransactionId}");
            foreach (var reading in log.AcknowledgedReadings)
                Assert.That(meterValues, Does.Contain(reading), "acknowledged meter value");
            foreach (var stop in log.AcknowledgedStops)
                Assert.That(sessions.GetValueOrDefault(stop.TransactionId)?.MeterStopWh, Is.EqualTo(stop.MeterStopWh), $"acknowledged stop {stop.TransactionId}");
            foreach (var session in sessions.Values)
                Assert.That(log.SentStarts, Does.Contain(session.Start), $"session {session.TransactionId} was never sent");
            foreach (var reading in meterValues)
                Assert.That(log.SentReadings, Does.Contain(reading), "a stored meter value was never sent");
            Assert.That(meterValues.Select(r => r.TransactionId).Distinct(), Is.SubsetOf(sessions.Keys), "meter values without a session");
            Assert.That(Json.Parse(listed).AsArray(), Has.Count.EqualTo(sessions.Count), "sessions the restarted server lists");
            Assert.That(log.AcknowledgedStops, Is.Not.Empty, "the load ran whole sessions before the kill");
        }
    }

    /// <summary>
    /// One charger's sessions back to back — Start, three MeterValues, Stop — until its connection dies with the
    /// server. Each message is noted as sent before it goes out and as acknowledged when its answer arrives.
    /// </summary>
    private static async Task RunSessionsAsync(Uri endpoint, string chargePointId, MessageLog log)
    {
        OcppClient charger;
        try
        {
            charger = await Chargers.BootAsync(endpoint, chargePointId, ct: Ct);
        }
        catch (Exception ex) when (IsConnectionLoss(ex))
        {
            return;
        }
        try
        {
            for (var n = 0; ; n++)
            {
                var at = Epoch.AddHours(n);
                var start = new SentStart(chargePointId, $"TAG-{n}", 100_000L * n, at.ToUnixTimeMilliseconds());
                log.Sent(start);
                var answer = await charger.CallAsync("StartTransaction",
                    new { connectorId = 1, idTag = start.IdTag, meterStart = start.MeterStartWh, timestamp = Timestamp(at) }, Ct);
                var transactionId = answer["transactionId"]!.ToObject<long>();
                log.Acknowledged(new AcknowledgedStart(transactionId, start));

                for (var k = 1; k <= 3; k++)
                {
                    var reading = new Reading(transactionId, at.AddMinutes(10 * k).ToUnixTimeMilliseconds(), (start.MeterStartWh + 1000 * k).ToString(CultureInfo.InvariantCulture));
                    log.Sent(reading);
                    await charger.CallAsync("MeterValues", new
                    {
                        connectorId = 1, transactionId,
                        meterValue = new[] { new { timestamp = Timestamp(at.AddMinutes(10 * k)), sampledValue = new[] { new { value = reading.Value } } } },
                    }, Ct);
                    log.Acknowledged(reading);
                }

                var meterStopWh = start.MeterStartWh + 3000;
                await charger.CallAsync("StopTransaction", new { transactionId, meterStop = meterStopWh, timestamp = Timestamp(at.AddMinutes(40)) }, Ct);
                log.Acknowledged(new AcknowledgedStop(transactionId, meterStopWh));
            }
        }
        catch (Exception ex) when (IsConnectionLoss(ex))
        {
            // The server died; whatever was not answered is not owed.
        }
        finally
        {
            try
            {
                await charger.DisposeAsync();
            }
            catch (Exception ex) when (IsConnectionLoss(ex))
            {
                // Already gone.
            }
        }
    }

    private static bool IsConnectionLoss(Exception ex) => ex is WebSocketException or IOException or ObjectDisposedException or TimeoutException;

    private static string Timestamp(DateTimeOffset at) => at.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private async Task<Dictionary<long, StoredSession>> ReadSessionsAsync()
    {
        await using var database = new SqliteConnection($"Data Source={DatabasePath};Mode=ReadOnly");
        var rows = await database.QueryAsync<(long TransactionId, string ChargePointId, string IdTag, long MeterStartWh, long StartTime, long? MeterStopWh)>(
            "SELECT transaction_id, charge_point_id, id_tag, meter_start_wh, start_time, meter_stop_wh FROM sessions");
        return rows.ToDictionary(r => r.TransactionId,
            r => new StoredSession(r.TransactionId, new SentStart(r.ChargePointId, r.IdTag, r.MeterStartWh, r.StartTime), r.MeterStopWh));
    }

    private async Task<List<Reading>> ReadMeterValuesAsync()
    {
        await using var database = new SqliteConnection($"Data Source={DatabasePath};Mode=ReadOnly");
        var rows = await database.QueryAsync<(long? TransactionId, long Timestamp, string Value)>(
            "SELECT transaction_id, timestamp, value FROM meter_values");
        return rows.Select(r => new Reading(r.TransactionId ?? 0, r.Timestamp, r.Value)).ToList();
    }

    private sealed record SentStart(string ChargePointId, string IdTag, long MeterStartWh, long StartTimeMs);

    private sealed record AcknowledgedStart(long TransactionId, SentStart Start);

    private sealed record Reading(long TransactionId, long TimestampMs, string Value);

    private sealed record AcknowledgedStop(long TransactionId, long MeterStopWh);

    private sealed record StoredSession(long TransactionId, SentStart Start, long? MeterStopWh);

    /// <summary>What the chargers sent and what the server acknowledged, shared by their loops.</summary>
    private sealed class MessageLog(int threshold)
    {
        private readonly TaskCompletionSource _thresholdReached = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _acknowledgements;

        public ConcurrentBag<SentStart> SentStarts { get; } = [];
        public ConcurrentBag<Reading> SentReadings { get; } = [];
        public ConcurrentBag<AcknowledgedStart> AcknowledgedStarts { get; } = [];
        public ConcurrentBag<Reading> AcknowledgedReadings { get; } = [];
        public ConcurrentBag<AcknowledgedStop> AcknowledgedStops { get; } = [];

        public Task ThresholdReached => _thresholdReached.Task;

        public void Sent(SentStart start) => SentStarts.Add(start);

        public void Sent(Reading reading) => SentReadings.Add(reading);

        public void Acknowledged(AcknowledgedStart start) => Count(() => AcknowledgedStarts.Add(start));

        public void Acknowledged(Reading reading) => Count(() => AcknowledgedReadings.Add(reading));

        public void Acknowledged(AcknowledgedStop stop) => Count(() => AcknowledgedStops.Add(stop));

        private void Count(Action record)
        {
            record();
            if (Interlocked.Increment(ref _acknowledgements) >= threshold)
                _thresholdReached.TrySetResult();
        }
    }
}

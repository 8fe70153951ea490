extern alias sim;
using System.Text.Json.Nodes;
using Npgsql;
using OcppCentral.Tests.TestSupport;
using sim::ChargeMonitor.Simulator.Client;

namespace OcppCentral.Tests.EndToEnd;

/// <summary>
/// Many chargers stopping at the same moment on PostgreSQL (docs/postgresql.md): each StopTransaction reads its session's
/// history on a pooled connection, and far more stops come at once than the pool holds. The pool is made small (6) and
/// its wait short (5 s) so that some 80 chargers exceed it as 500 exceed the default pool of 100.
/// </summary>
[CancelAfter(180_000)]
public class ManyStopsAtOnceTests
{
    private const int ChargerCount = 80;
    private const int MeterValuesPerSession = 8;

    [Test]
    public async Task StopTransaction_ManyMoreAtOnceThanThePoolHolds_EveryStopIsAcceptedAndEverySessionClosed()
    {
        var database = TestDatabase.CreateMigrated(TestBackend.Postgres);
        try
        {
            var small = new NpgsqlConnectionStringBuilder(database.Argument) { MaxPoolSize = 6, Timeout = 5 }.ConnectionString;
            // The later --database wins over the one the test server passes.
            await using var server = await TestServer.StartOnAsync(database, TimeProvider.System, "--database", small);
            // The sessions are set up a few chargers at a time, within what the pool holds.
            var chargers = new List<(OcppClient Client, long TransactionId)>();
            foreach (var group in Enumerable.Range(0, ChargerCount).Chunk(3))
                chargers.AddRange(await Task.WhenAll(group.Select(i => ChargeAsync(server, $"CP-STOP-{i:D3}"))));
            try
            {
                // Every charger stops at once.
                var stops = await Task.WhenAll(chargers.Select(StopAsync));

                Assert.That(stops.Where(s => s.Error is not null).Select(s => s.Error), Is.Empty, "StopTransactions answered with a CALLERROR");
                var active = await server.GetJsonAsync<JsonArray>("/api/sessions?status=Active&limit=500");
                var completed = await server.GetJsonAsync<JsonArray>("/api/sessions?status=Completed&limit=500");
                using (Assert.EnterMultipleScope())
                {
                    Assert.That(stops.Select(s => s.IdTagStatus), Is.All.EqualTo("Accepted"));
                    Assert.That(active, Is.Empty);
                    Assert.That(completed.Select(s => s!["transactionId"]!.GetValue<long>()),
                        Is.EquivalentTo(chargers.Select(c => c.TransactionId)));
                    Assert.That(completed.Select(s => s!["energySource"]!.GetValue<string>()), Is.All.EqualTo("meterStop"));
                }
            }
            finally
            {
                foreach (var (client, _) in chargers)
                    await client.DisposeAsync();
            }
        }
        finally
        {
            database.Drop();
        }
    }

    /// <summary>A charger that boots, starts a session and sends <see cref="MeterValuesPerSession"/> MeterValues of six samples.</summary>
    private static async Task<(OcppClient Client, long TransactionId)> ChargeAsync(TestServer server, string id)
    {
        var client = await Chargers.BootAsync(server, id);
        var start = await client.CallAsync("StartTransaction",
            new { connectorId = 1, idTag = "DRIVER1", meterStart = 1000, timestamp = "2026-11-24T10:00:00Z" });
        var transactionId = start["transactionId"]!.ToObject<long>();
        for (var i = 1; i <= MeterValuesPerSession; i++)
        {
            var at = new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero).AddMinutes(i).ToString("yyyy-MM-ddTHH:mm:ssZ");
            await client.CallAsync("MeterValues", new
            {
                connectorId = 1, transactionId,
                meterValue = new[]
                {
                    new
                    {
                        timestamp = at,
                        sampledValue = new object[]
                        {
                            new { value = (1000 + 100 * i).ToString(), measurand = "Energy.Active.Import.Register", unit = "Wh" },
                            new { value = "6000", measurand = "Power.Active.Import", unit = "W" },
                            new { value = "16.0", measurand = "Current.Import", unit = "A", phase = "L1" },
                            new { value = "16.0", measurand = "Current.Import", unit = "A", phase = "L2" },
                            new { value = "16.0", measurand = "Current.Import", unit = "A", phase = "L3" },
                            new { value = "230.0", measurand = "Voltage", unit = "V", phase = "L1-N" },
                        },
                    },
                },
            });
        }
        return (client, transactionId);
    }

    private static async Task<(string? IdTagStatus, string? Error)> StopAsync((OcppClient Client, long TransactionId) charger)
    {
        try
        {
            var stop = await charger.Client.CallAsync("StopTransaction", new
            {
                transactionId = charger.TransactionId, idTag = "DRIVER1", meterStop = 1000 + 100 * MeterValuesPerSession + 50,
                timestamp = "2026-11-24T10:30:00Z", reason = "EVDisconnected",
            });
            return (stop["idTagInfo"]?["status"]?.ToObject<string>(), null);
        }
        catch (OcppCallFailedException ex)
        {
            return (null, $"{charger.Client.ChargePointId}: {ex.Message}");
        }
    }
}

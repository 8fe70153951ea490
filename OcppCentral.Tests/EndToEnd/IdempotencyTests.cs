extern alias sim;
using System.Text.Json.Nodes;
using OcppCentral.Tests.TestSupport;

namespace OcppCentral.Tests.EndToEnd;

/// <summary>docs/ocpp-endpoint.md: chargers resend with new message ids; the server recognises messages by content.</summary>
[CancelAfter(30_000)]
[TestFixture(TestBackend.Sqlite)]
[TestFixture(TestBackend.Postgres)]
public class IdempotencyTests(TestBackend backend) : SharedServerTests(backend)
{
    private static object Start(int meterStart = 1000) =>
        new { connectorId = 1, idTag = "TAG-1", meterStart, timestamp = "2026-11-24T10:00:00Z" };

    private static object Values(long transactionId, string at, string wh) => new
    {
        connectorId = 1, transactionId,
        meterValue = new[] { new { timestamp = at, sampledValue = new[] { new { value = wh, unit = "Wh" } } } },
    };

    [Test]
    public async Task StartTransaction_ResentWithSameContent_GetsSameTransactionId()
    {
        var server = Server;
        await using var charger = await Chargers.BootAsync(server, "CP-IDEM-1");

        var first = (await charger.CallAsync("StartTransaction", Start()))["transactionId"]!.ToObject<long>();
        var resent = (await charger.CallAsync("StartTransaction", Start()))["transactionId"]!.ToObject<long>();
        var different = (await charger.CallAsync("StartTransaction", Start(meterStart: 2000)))["transactionId"]!.ToObject<long>();

        Assert.That((resent, different == first), Is.EqualTo((first, false)));
    }

    [Test]
    public async Task MeterValues_ResentIdentical_AreStoredOnce()
    {
        var server = Server;
        await using var charger = await Chargers.BootAsync(server, "CP-IDEM-2");
        var id = (await charger.CallAsync("StartTransaction", Start()))["transactionId"]!.ToObject<long>();

        await charger.CallAsync("MeterValues", Values(id, "2026-11-24T10:05:00Z", "1500"));
        await charger.CallAsync("MeterValues", Values(id, "2026-11-24T10:05:00Z", "1500"));
        await charger.CallAsync("MeterValues", Values(id, "2026-11-24T10:10:00Z", "2000"));

        var rows = await server.GetJsonAsync<JsonArray>($"/api/sessions/{id}/meter-values");
        Assert.That(rows.Select(r => r!["value"]!.GetValue<string>()), Is.EqualTo(new[] { "1500", "2000" }));
    }

    [Test]
    public async Task StopTransaction_Resent_DoesNotChangeTheCompletedSession()
    {
        var server = Server;
        await using var charger = await Chargers.BootAsync(server, "CP-IDEM-3");
        var id = (await charger.CallAsync("StartTransaction", Start()))["transactionId"]!.ToObject<long>();
        await charger.CallAsync("StopTransaction", new { transactionId = id, meterStop = 5000, timestamp = "2026-11-24T11:00:00Z", reason = "Local" });
        var before = (await server.GetJsonAsync<JsonObject>($"/api/sessions/{id}")).ToJsonString();

        await charger.CallAsync("StopTransaction", new { transactionId = id, meterStop = 9000, timestamp = "2026-11-24T12:00:00Z", reason = "Remote" });

        var after = (await server.GetJsonAsync<JsonObject>($"/api/sessions/{id}")).ToJsonString();
        Assert.That(after, Is.EqualTo(before));
    }

    [Test]
    public async Task StopTransaction_AfterReboot_ReplacesTheEstimateOnce()
    {
        var server = Server;
        await using var charger = await Chargers.BootAsync(server, "CP-LATE-STOP");
        var id = (await charger.CallAsync("StartTransaction", Start()))["transactionId"]!.ToObject<long>();
        await charger.CallAsync("MeterValues", Values(id, "2026-11-24T10:05:00Z", "1500"));
        await charger.CallAsync("BootNotification", new { chargePointVendor = "TestVendor", chargePointModel = "T1" });
        var interrupted = await server.GetJsonAsync<JsonObject>($"/api/sessions/{id}");

        await charger.CallAsync("StopTransaction", new { transactionId = id, meterStop = 4000, timestamp = "2026-11-24T10:30:00Z", reason = "PowerLoss" });
        await charger.CallAsync("StopTransaction", new { transactionId = id, meterStop = 9999, timestamp = "2026-11-24T11:30:00Z", reason = "Local" });
        var stopped = await server.GetJsonAsync<JsonObject>($"/api/sessions/{id}");

        using (Assert.EnterMultipleScope())
        {
            Assert.That((interrupted["stopReason"]!.GetValue<string>(), interrupted["energyKwh"]!.GetValue<decimal>()), Is.EqualTo(("Reboot", 0.5m)));
            Assert.That(stopped["stopReason"]!.GetValue<string>(), Is.EqualTo("PowerLoss"));
            Assert.That(stopped["meterStopWh"]!.GetValue<long>(), Is.EqualTo(4000));
            Assert.That(stopped["energyKwh"]!.GetValue<decimal>(), Is.EqualTo(3m));
            Assert.That(stopped["energySource"]!.GetValue<string>(), Is.EqualTo("meterStop"));
            Assert.That(stopped["anomalies"]!.AsArray().Select(a => a!["code"]!.GetValue<string>()), Is.EqualTo(new[] { "InterruptedByReboot", "ChargerOfflineDuringSession" }), "a reboot takes the charger offline (docs/charger-health.md)");
        }
    }

    [Test]
    public async Task MeterValues_QueuedBeforeReboot_MoveTheLastKnownReading()
    {
        var server = Server;
        await using var charger = await Chargers.BootAsync(server, "CP-LATE-VALUES");
        var id = (await charger.CallAsync("StartTransaction", Start()))["transactionId"]!.ToObject<long>();
        await charger.CallAsync("MeterValues", Values(id, "2026-11-24T10:05:00Z", "1500"));
        await charger.CallAsync("BootNotification", new { chargePointVendor = "TestVendor", chargePointModel = "T1" });

        await charger.CallAsync("MeterValues", Values(id, "2026-11-24T10:20:00Z", "2500"));

        var session = await server.GetJsonAsync<JsonObject>($"/api/sessions/{id}");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(session["status"]!.GetValue<string>(), Is.EqualTo("Completed"));
            Assert.That(session["stopReason"]!.GetValue<string>(), Is.EqualTo("Reboot"));
            Assert.That(session["energyKwh"]!.GetValue<decimal>(), Is.EqualTo(1.5m));
            Assert.That(session["stopTime"]!.GetValue<string>(), Is.EqualTo("2026-11-24T10:20:00.000Z"));
            Assert.That(session["anomalies"]!.AsArray().Select(a => a!["code"]!.GetValue<string>()), Is.EqualTo(new[] { "InterruptedByReboot", "ChargerOfflineDuringSession" }), "a reboot takes the charger offline (docs/charger-health.md)");
        }
    }

    [Test]
    public async Task SecondConnection_ReplacesTheFirst()
    {
        var server = Server;
        await using var first = await Chargers.BootAsync(server, "CP-TWICE");

        await using var second = await Chargers.BootAsync(server, "CP-TWICE");
        await first.Completion.WaitAsync(TimeSpan.FromSeconds(10));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(first.CloseStatus, Is.EqualTo(System.Net.WebSockets.WebSocketCloseStatus.PolicyViolation));
            Assert.That((await second.CallAsync("Heartbeat", new { }))["currentTime"], Is.Not.Null);
            Assert.That((await server.GetJsonAsync<JsonObject>("/api/chargepoints/CP-TWICE"))["connected"]!.GetValue<bool>(), Is.True);
        }
    }
}

extern alias sim;
using System.Text.Json.Nodes;
using OcppCentral.Tests.TestSupport;

namespace OcppCentral.Tests.EndToEnd;

/// <summary>
/// Values no meter or clock can mean must never stop a charger from being answered (docs/ocpp-endpoint.md): they are stored as
/// sent, flagged, and the session still closes.
/// </summary>
[CancelAfter(60_000)]
public class AbsurdValuesTests : SharedServerTests
{
    [TestCase("1e27", "kWh")]
    [TestCase("7e28", "Wh")]
    public async Task HugeMeterValue_IsStoredUnderstoodAsNothing_AndTheSessionStillCloses(string value, string unit)
    {
        var server = Server;
        await using var charger = await Chargers.BootAsync(server, "CP-HUGE-" + unit.ToUpperInvariant());
        var id = (await charger.CallAsync("StartTransaction", new { connectorId = 1, idTag = "T", meterStart = 1000, timestamp = "2026-11-24T10:00:00Z" }))["transactionId"]!.ToObject<long>();

        await charger.CallAsync("MeterValues", new
        {
            connectorId = 1, transactionId = id,
            meterValue = new[] { new { timestamp = "2026-11-24T10:10:00Z", sampledValue = new[] { new { value, unit } } } },
        });
        var estimate = await server.GetJsonAsync<JsonObject>($"/api/sessions/{id}");
        await charger.CallAsync("StopTransaction", new { transactionId = id, meterStop = 3000, timestamp = "2026-11-24T10:30:00Z" });
        await charger.CallAsync("BootNotification", new { chargePointVendor = "V", chargePointModel = "M" });

        var session = await server.GetJsonAsync<JsonObject>($"/api/sessions/{id}");
        var stored = (await server.GetJsonAsync<JsonArray>($"/api/sessions/{id}/meter-values")).Single()!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(estimate["estimated"]!.GetValue<bool>(), Is.True);
            Assert.That(stored["value"]!.GetValue<string>(), Is.EqualTo(value));
            Assert.That(stored["normalizedValue"], Is.Null);
            Assert.That(session["status"]!.GetValue<string>(), Is.EqualTo("Completed"));
            Assert.That(session["energyKwh"]!.GetValue<decimal>(), Is.EqualTo(2m));
        }
    }

    [Test]
    public async Task SessionSpanningMillennia_ClosesAsUnmeasurable_WithoutHoldingTheWriter()
    {
        var server = Server;
        await using var charger = await Chargers.BootAsync(server, "CP-MILLENNIA");
        var id = (await charger.CallAsync("StartTransaction", new { connectorId = 1, idTag = "T", meterStart = 0, timestamp = "0001-01-01T00:00:00Z" }))["transactionId"]!.ToObject<long>();

        await charger.CallAsync("StopTransaction", new { transactionId = id, meterStop = long.MaxValue, timestamp = "9999-12-31T00:00:00Z" });

        var session = await server.GetJsonAsync<JsonObject>($"/api/sessions/{id}");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(session["status"]!.GetValue<string>(), Is.EqualTo("Completed"));
            Assert.That(session["cost"], Is.Null);
            Assert.That(session["anomalies"]!.AsArray().Select(a => a!["code"]!.GetValue<string>()), Does.Contain("Unmeasurable"));
        }
    }
}

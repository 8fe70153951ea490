extern alias sim;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OcppCentral.Tests.TestSupport;
using static OcppCentral.Tests.EndToEnd.PricingScenarios;

namespace OcppCentral.Tests.EndToEnd;

/// <summary>Full sessions through the real server over real WebSockets, checked through the admin API.</summary>
[CancelAfter(60_000)]
[TestFixture(TestBackend.Sqlite)]
[TestFixture(TestBackend.Postgres)]
public class SessionLifecycleTests(TestBackend backend)
{
    private const string WorkedExampleTariff = """
        { "name": "Worked example", "currency": "SEK", "timeZone": "Europe/Stockholm", "startFee": 3.00, "energyPrice": 2.00,
          "timePrice": 0.05, "idleFee": { "perMinute": 0.50, "graceMinutes": 10 },
          "periods": [ { "days": ["Mon","Tue","Wed","Thu","Fri"], "from": "16:00", "to": "19:00", "energyPrice": 3.00 } ],
          "minimumPrice": 0, "maximumPrice": null, "taxPercent": 25 }
        """;

    public static async Task<long> RunWorkedExampleAsync(TestServer server, string chargePointId)
    {
        await using var charger = await Chargers.BootAsync(server, chargePointId);
        await charger.CallAsync("StatusNotification", new { connectorId = 1, errorCode = "NoError", status = "Preparing" });
        var start = await charger.CallAsync("StartTransaction", new { connectorId = 1, idTag = "DRIVER1", meterStart = 10000, timestamp = "2026-11-24T14:40:00Z" });
        var transactionId = start["transactionId"]!.ToObject<long>();
        var registers = new[] { 13000, 16000, 19000, 22000, 22000, 22000 };
        for (var i = 0; i < registers.Length; i++)
        {
            var at = new DateTimeOffset(2026, 11, 24, 14, 50, 0, TimeSpan.Zero).AddMinutes(10 * i);
            await charger.CallAsync("MeterValues", new
            {
                connectorId = 1, transactionId,
                meterValue = new[] { new { timestamp = at.ToString("yyyy-MM-ddTHH:mm:ssZ"), sampledValue = new[] { new { value = registers[i].ToString(), measurand = "Energy.Active.Import.Register", unit = "Wh" } } } },
            });
        }
        await charger.CallAsync("StopTransaction", new { transactionId, meterStop = 22000, timestamp = "2026-11-24T15:50:00Z", reason = "EVDisconnected" });
        return transactionId;
    }

    [Test]
    public async Task WorkedExample_OverTheWire_IsMeasuredAndPricedAsSpecified()
    {
        await using var server = await TestServer.StartAsync(backend, TimeProvider.System);
        await PutTariffAsync(server, "example", WorkedExampleTariff);
        await AssignTariffAsync(server, "CP-EXAMPLE", "example");

        var transactionId = await RunWorkedExampleAsync(server, "CP-EXAMPLE");

        var session = await server.GetJsonAsync<JsonObject>($"/api/sessions/{transactionId}");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(session["status"]!.GetValue<string>(), Is.EqualTo("Completed"));
            Assert.That(session["energyKwh"]!.GetValue<decimal>(), Is.EqualTo(12m));
            Assert.That(session["energySource"]!.GetValue<string>(), Is.EqualTo("meterStop"));
            Assert.That(session["durationMinutes"]!.GetValue<decimal>(), Is.EqualTo(70m));
            Assert.That(session["chargingMinutes"]!.GetValue<decimal>(), Is.EqualTo(40m));
            Assert.That(session["idleMinutes"]!.GetValue<decimal>(), Is.EqualTo(30m));
            Assert.That(session["maxPowerKw"]!.GetValue<decimal>(), Is.EqualTo(18m));
            Assert.That(session["averagePowerKw"]!.GetValue<decimal>(), Is.EqualTo(18m));
            Assert.That(session["stopReason"]!.GetValue<string>(), Is.EqualTo("EVDisconnected"));
            Assert.That(session["tariffId"]!.GetValue<string>(), Is.EqualTo("example"));
            Assert.That(session["cost"]!["net"]!.GetValue<decimal>(), Is.EqualTo(46.50m));
            Assert.That(session["cost"]!["tax"]!.GetValue<decimal>(), Is.EqualTo(11.63m));
            Assert.That(session["cost"]!["total"]!.GetValue<decimal>(), Is.EqualTo(58.13m));
            Assert.That(session["anomalies"]!.AsArray(), Is.Empty);
        }
    }
}

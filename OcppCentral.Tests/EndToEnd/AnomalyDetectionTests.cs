using System.Text.Json.Nodes;
using OcppCentral.Tests.TestSupport;
using static OcppCentral.Tests.EndToEnd.ReportSessions;
using static OcppCentral.Tests.EndToEnd.PricingScenarios;

namespace OcppCentral.Tests.EndToEnd;

/// <summary>Each anomaly code of docs/anomalies-and-feedback.md raised by a session driven through the real server, read back from its record.</summary>
[CancelAfter(60_000)]
public class AnomalyDetectionTests : SharedServerTests
{
    [Test]
    public async Task Session_RegisterReadingBelowAnEarlierOne_IsMeterWentBackwards()
    {
        await using var charger = await Chargers.BootAsync(Server, "CP-BACK");
        var id = await StartAsync(charger, 1, "DRIVER", 10_000, Day);
        await MeterAsync(charger, 1, id, Day.AddMinutes(10), 13_000);
        await MeterAsync(charger, 1, id, Day.AddMinutes(20), 12_500);
        await StopAsync(charger, id, 16_000, Day.AddMinutes(30));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(await CodesAsync(Server, id), Is.EqualTo(new[] { "MeterWentBackwards" }));
            Assert.That(await DetailAsync(Server, id, "MeterWentBackwards"), Does.Contain(
                "reading 13000 Wh at 2026-11-24T14:50:00Z, then reading 12500 Wh at 2026-11-24T15:00:00Z (500 Wh lower)"));
        }
    }

    [Test]
    public async Task Session_SamplesMixingWholeAndFractionalNumbers_IsClosedAndChecked()
    {
        await using var charger = await Chargers.BootAsync(Server, "CP-MIXED");
        var id = await StartAsync(charger, 1, "DRIVER", 10_000, Day);
        await charger.CallAsync("MeterValues", new
        {
            connectorId = 1, transactionId = id,
            meterValue = new[]
            {
                new
                {
                    timestamp = Iso(Day.AddMinutes(10)),
                    sampledValue = new[]
                    {
                        new { value = "12.5", measurand = "Current.Import", unit = "A" },
                        new { value = "13000", measurand = "Energy.Active.Import.Register", unit = "Wh" },
                    },
                },
            },
        });
        await MeterAsync(charger, 1, id, Day.AddMinutes(20), 12_000);
        await StopAsync(charger, id, 16_000, Day.AddMinutes(30));

        var samples = await Server.GetJsonAsync<JsonArray>($"/api/sessions/{id}/meter-values");
        using (Assert.EnterMultipleScope())
        {
            Assert.That((await SessionAsync(Server, id))["status"]!.GetValue<string>(), Is.EqualTo("Completed"));
            Assert.That(await CodesAsync(Server, id), Is.EqualTo(new[] { "MeterWentBackwards" }));
            Assert.That(samples.Select(s => s!["normalizedValue"]!.GetValue<decimal>()), Is.EquivalentTo(new[] { 12.5m, 13000m, 12000m }));
        }
    }

    [Test]
    public async Task Session_MeterStopBelowMeterStart_IsMeterStopBelowStartAndBillsNothing()
    {
        await using var charger = await Chargers.BootAsync(Server, "CP-BELOW");
        var id = await StartAsync(charger, 1, "DRIVER", 10_000, Day);
        await StopAsync(charger, id, 9_000, Day.AddMinutes(30));

        var session = await SessionAsync(Server, id);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(await CodesAsync(Server, id), Does.Contain("MeterStopBelowStart"));
            Assert.That(await DetailAsync(Server, id, "MeterStopBelowStart"), Does.StartWith(
                "meterStop 9000 Wh is 1000 Wh below meterStart 10000 Wh"));
            Assert.That(session["energyKwh"]!.GetValue<decimal>(), Is.Zero);
        }
    }

    [Test]
    public async Task Session_ReadingTimestampedAfterTheStop_IsStoredFlaggedAndNotBilled()
    {
        await using var charger = await Chargers.BootAsync(Server, "CP-LATE");
        var id = await StartAsync(charger, 1, "DRIVER", 10_000, Day);
        await MeterAsync(charger, 1, id, Day.AddMinutes(15), 13_000);
        // The stop's transactionData carries a reading 10 minutes after the stop, above meterStop.
        await StopAsync(charger, id, 16_000, Day.AddMinutes(30), Register(Day.AddMinutes(40), 19_000));

        var session = await SessionAsync(Server, id);
        var samples = await Server.GetJsonAsync<JsonArray>($"/api/sessions/{id}/meter-values");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(session["energyKwh"]!.GetValue<decimal>(), Is.EqualTo(6m), "billed from meterStop, not from the late reading");
            Assert.That(session["energySource"]!.GetValue<string>(), Is.EqualTo("meterStop"));
            Assert.That(await CodesAsync(Server, id), Is.EqualTo(new[] { "ReadingOutsideSession" }));
            Assert.That(await DetailAsync(Server, id, "ReadingOutsideSession"), Does.Contain(
                "register 19000 Wh at 2026-11-24T15:20:00Z (10 minutes after the stop)"));
            Assert.That(samples.Select(s => s!["normalizedValue"]!.GetValue<decimal>()), Is.EquivalentTo(new[] { 13000m, 19000m }), "both stored");
        }
    }

    [Test]
    public async Task Session_MeterStopBelowHighestReading_IsMeterStopMismatchAndBillsTheReading()
    {
        await using var charger = await Chargers.BootAsync(Server, "CP-MISMATCH");
        var id = await StartAsync(charger, 1, "DRIVER", 10_000, Day);
        await MeterAsync(charger, 1, id, Day.AddMinutes(10), 15_000);
        await StopAsync(charger, id, 14_000, Day.AddMinutes(20));

        var session = await SessionAsync(Server, id);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(await CodesAsync(Server, id), Is.EqualTo(new[] { "MeterStopMismatch" }));
            Assert.That(await DetailAsync(Server, id, "MeterStopMismatch"), Does.StartWith(
                "meterStop 14000 Wh is 1000 Wh below the highest register reading, 15000 Wh at 2026-11-24T14:50:00Z"));
            Assert.That(session["energySource"]!.GetValue<string>(), Is.EqualTo("lastRegister"));
            Assert.That(session["energyKwh"]!.GetValue<decimal>(), Is.EqualTo(5m));
        }
    }

    [TestCase(15_101, "101 Wh above")]
    [TestCase(14_899, "101 Wh below")]
    public async Task Session_MeterStopFarFromTransactionEndReading_IsMeterStopMismatch(long meterStopWh, string howFar)
    {
        await using var charger = await Chargers.BootAsync(Server, $"CP-END-{meterStopWh}");
        var id = await StartAsync(charger, 1, "DRIVER", 10_000, Day);
        await MeterAsync(charger, 1, id, Day.AddMinutes(10), 14_000);
        await StopAsync(charger, id, meterStopWh, Day.AddMinutes(20), Register(Day.AddMinutes(20), 15_000, "Transaction.End"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(await CodesAsync(Server, id), Does.Contain("MeterStopMismatch"));
            Assert.That(await DetailAsync(Server, id, "MeterStopMismatch"), Does.Contain(
                $"is {howFar} the Transaction.End reading 15000 Wh at 2026-11-24T15:00:00Z; at most 100 Wh apart expected"));
        }
    }

    [Test]
    public async Task Session_MeterStopWithin100WhOfTransactionEndReading_HasNoAnomaly()
    {
        await using var charger = await Chargers.BootAsync(Server, "CP-END-OK");
        var id = await StartAsync(charger, 1, "DRIVER", 10_000, Day);
        await StopAsync(charger, id, 15_100, Day.AddMinutes(20), Register(Day.AddMinutes(20), 15_000, "Transaction.End"));

        Assert.That(await CodesAsync(Server, id), Is.Empty);
    }

    [Test]
    public async Task Session_IntervalAveragingAbove350Kw_IsImplausiblePower()
    {
        await using var charger = await Chargers.BootAsync(Server, "CP-POWER");
        var id = await StartAsync(charger, 1, "DRIVER", 10_000, Day);
        await MeterAsync(charger, 1, id, Day.AddMinutes(6), 50_000);
        await StopAsync(charger, id, 50_000, Day.AddMinutes(10));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(await CodesAsync(Server, id), Is.EqualTo(new[] { "ImplausiblePower" }));
            Assert.That(await DetailAsync(Server, id, "ImplausiblePower"), Does.Contain(
                "40000 Wh from 2026-11-24T14:40:00Z to 2026-11-24T14:46:00Z (6 minutes) averages 400 kW"));
        }
    }

    [Test]
    public async Task Session_StopTimestampBeforeStart_IsStopBeforeStartWithZeroDuration()
    {
        await using var charger = await Chargers.BootAsync(Server, "CP-EARLY");
        var id = await StartAsync(charger, 1, "DRIVER", 10_000, Day);
        await StopAsync(charger, id, 12_000, Day.AddMinutes(-10));

        var session = await SessionAsync(Server, id);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(await CodesAsync(Server, id), Does.Contain("StopBeforeStart"));
            Assert.That(await DetailAsync(Server, id, "StopBeforeStart"), Does.StartWith(
                "Stop 2026-11-24T14:30:00Z is 10 minutes before start 2026-11-24T14:40:00Z"));
            Assert.That(session["durationMinutes"]!.GetValue<decimal>(), Is.Zero);
        }
    }

    [Test]
    public async Task Session_NoEnergyDelivered_IsZeroEnergy()
    {
        await using var charger = await Chargers.BootAsync(Server, "CP-ZERO");
        var id = await StartAsync(charger, 1, "DRIVER", 10_000, Day);
        await StopAsync(charger, id, 10_000, Day.AddMinutes(15));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(await CodesAsync(Server, id), Is.EqualTo(new[] { "ZeroEnergy" }));
            Assert.That(await DetailAsync(Server, id, "ZeroEnergy"), Does.StartWith(
                "No energy billed (energySource meterStop): meterStart 10000 Wh, meterStop 10000 Wh"));
        }
    }

    [Test]
    public async Task Session_ChargerRebootsWhileActive_IsClosedWithRebootAtLastReading()
    {
        await using var charger = await Chargers.BootAsync(Server, "CP-REBOOT");
        var id = await StartAsync(charger, 1, "DRIVER", 10_000, Day);
        await MeterAsync(charger, 1, id, Day.AddMinutes(10), 12_000);
        await MeterAsync(charger, 1, id, Day.AddMinutes(20), 14_500);
        await charger.CallAsync("BootNotification", new { chargePointVendor = "TestVendor", chargePointModel = "T1" });

        var session = await SessionAsync(Server, id);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(session["status"]!.GetValue<string>(), Is.EqualTo("Completed"));
            Assert.That(session["stopReason"]!.GetValue<string>(), Is.EqualTo("Reboot"));
            Assert.That(session["stopTime"]!.GetValue<string>(), Is.EqualTo("2026-11-24T15:00:00.000Z"));
            Assert.That(session["meterStopWh"], Is.Null);
            Assert.That(session["energyKwh"]!.GetValue<decimal>(), Is.EqualTo(4.5m));
            Assert.That(session["energySource"]!.GetValue<string>(), Is.EqualTo("lastRegister"));
            // A reboot takes the charger offline too (docs/charger-health.md).
            Assert.That(await CodesAsync(Server, id), Is.EqualTo(new[] { "InterruptedByReboot", "ChargerOfflineDuringSession" }));
            Assert.That(await DetailAsync(Server, id, "InterruptedByReboot"), Does.Contain(
                "closed with stopReason Reboot at the last known reading, 14500 Wh at 2026-11-24T15:00:00Z"));
        }
    }

    [Test]
    public async Task Session_NewStartOnTheSameConnector_IsSupersededAndTheNewOneRuns()
    {
        await using var charger = await Chargers.BootAsync(Server, "CP-SUPER");
        var first = await StartAsync(charger, 1, "DRIVER", 10_000, Day);
        await MeterAsync(charger, 1, first, Day.AddMinutes(10), 12_000);
        var second = await StartAsync(charger, 1, "OTHER", 12_000, Day.AddMinutes(15));

        var old = await SessionAsync(Server, first);
        var running = await SessionAsync(Server, second);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(old["status"]!.GetValue<string>(), Is.EqualTo("Completed"));
            Assert.That(old["energyKwh"]!.GetValue<decimal>(), Is.EqualTo(2m));
            Assert.That(await CodesAsync(Server, first), Is.EqualTo(new[] { "Superseded" }));
            Assert.That(await DetailAsync(Server, first, "Superseded"), Does.StartWith(
                $"Connector 1 started transaction {second} at 2026-11-24T14:55:00Z while this session was still Active"));
            Assert.That(running["status"]!.GetValue<string>(), Is.EqualTo("Active"));
            Assert.That(running["anomalies"]!.AsArray(), Is.Empty);
        }
    }

    [Test]
    public async Task Session_StartedAfterTheDefaultTariffWasDeleted_IsNoTariffWithoutCost()
    {
        // Deleting the default tariff would change every other test's session: this one has a server of its own.
        await using var server = await TestServer.StartAsync();
        using (var deleted = await server.Http.DeleteAsync("/api/tariffs/default"))
            Assert.That((int)deleted.StatusCode, Is.EqualTo(204));
        await using var charger = await Chargers.BootAsync(server, "CP-FREE");
        var id = await ChargeAsync(charger, 1, "DRIVER", Day, TimeSpan.FromMinutes(30), 5_000);

        var session = await SessionAsync(server, id);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(session["status"]!.GetValue<string>(), Is.EqualTo("Completed"));
            Assert.That(session["cost"], Is.Null);
            Assert.That(session["tariffId"], Is.Null);
            Assert.That(await CodesAsync(server, id), Is.EqualTo(new[] { "NoTariff" }));
            Assert.That(await DetailAsync(server, id, "NoTariff"), Does.StartWith(
                "No tariff applied: the charger has no tariff assigned and there is no 'default' tariff"));
        }
    }
}

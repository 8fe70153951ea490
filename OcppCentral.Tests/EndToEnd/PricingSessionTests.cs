extern alias sim;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using OcppCentral.Tests.TestSupport;
using static OcppCentral.Tests.EndToEnd.PricingScenarios;

namespace OcppCentral.Tests.EndToEnd;

/// <summary>Sessions priced through the real server (docs/sessions-and-pricing.md): which tariff applies, pinning, estimates, no tariff, the export.</summary>
[CancelAfter(60_000)]
public class PricingSessionTests : SharedServerTests
{
    /// <summary>A Tuesday in November (CET, UTC+1): 15:30Z–16:30Z is 16:30–17:30 local, across appsettings' 17:00 peak start.</summary>
    private static Task<long> AcrossTheDefaultPeakAsync(TestServer server, string chargePointId) =>
        ChargeAsync(server, chargePointId, "2026-11-17T15:30:00Z", 0, [("2026-11-17T16:00:00Z", 6000)], "2026-11-17T16:30:00Z", 12000);

    [Test]
    public async Task Session_ChargerWithoutTariff_IsPricedWithTheDefaultTariffFromAppsettings()
    {
        var server = Server;

        var transactionId = await AcrossTheDefaultPeakAsync(server, "CP-DEFAULT");

        var session = await SessionAsync(server, transactionId);
        var cost = session["cost"]!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(session["tariffId"]!.GetValue<string>(), Is.EqualTo("default"));
            Assert.That(session["estimated"]!.GetValue<bool>(), Is.False);
            Assert.That(cost["tariffId"]!.GetValue<string>(), Is.EqualTo("default"));
            Assert.That(cost["currency"]!.GetValue<string>(), Is.EqualTo("SEK"));
            // appsettings: start 5.00, 2.50/kWh, 4.00/kWh Mon-Fri 17:00-20:00, 0.10/min, idle 1.00/min after 15 (none here), 25 % tax.
            Assert.That(Lines(cost), Is.EqualTo(new[]
            {
                "start 1 session x 5.00 = 5.00",
                "energy 6 kWh x 2.50 = 15.00",
                "energy 6 kWh x 4.00 = 24.00 [Mon-Fri 17:00-20:00]",
                "time 60 min x 0.10 = 6.00",
            }));
            Assert.That(Amounts(cost), Is.EqualTo((50.00m, 12.50m, 62.50m)));
        }
    }

    [Test]
    public async Task Session_ChargerWithAssignedTariff_IsPricedWithItIncludingAnOvernightPeriod()
    {
        var server = Server;
        await PutTariffAsync(server, "weekend-night", """
            { "name": "Weekend night", "currency": "SEK", "timeZone": "Europe/Stockholm", "energyPrice": 3.00,
              "periods": [ { "days": ["Sat"], "from": "22:00", "to": "06:00", "energyPrice": 1.00 } ], "taxPercent": 25 }
            """);
        await AssignTariffAsync(server, "CP-NIGHT", "weekend-night");

        // Saturday 2026-11-21, 21:30–22:30 local: 5 kWh before the 22:00 start of the night period, 3 kWh in it.
        var transactionId = await ChargeAsync(server, "CP-NIGHT", "2026-11-21T20:30:00Z", 100000, [("2026-11-21T21:00:00Z", 105000)],
            "2026-11-21T21:30:00Z", 108000);

        var session = await SessionAsync(server, transactionId);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(session["tariffId"]!.GetValue<string>(), Is.EqualTo("weekend-night"));
            Assert.That(Lines(session["cost"]!), Is.EqualTo(new[]
            {
                "energy 5 kWh x 3.00 = 15.00",
                "energy 3 kWh x 1.00 = 3.00 [Sat 22:00-06:00]",
            }));
            Assert.That(Amounts(session["cost"]!), Is.EqualTo((18.00m, 4.50m, 22.50m)));
        }
    }

    private const string TwoPerKwh = """
        { "name": "Pinned", "currency": "SEK", "timeZone": "Europe/Stockholm", "energyPrice": 2.00, "taxPercent": 0 }
        """;

    private const string FivePerKwh = """
        { "name": "Pinned", "currency": "SEK", "timeZone": "Europe/Stockholm", "energyPrice": 5.00, "taxPercent": 0 }
        """;

    [Test]
    public async Task ClosedSession_TariffChangedAfterwards_KeepsThePriceItWasClosedWith()
    {
        var server = Server;
        await PutTariffAsync(server, "pinned-closed", TwoPerKwh);
        await AssignTariffAsync(server, "CP-PIN-CLOSED", "pinned-closed");
        var transactionId = await ChargeAsync(server, "CP-PIN-CLOSED", "2026-11-10T10:00:00Z", 0, [], "2026-11-10T11:00:00Z", 10000);
        var before = (await SessionAsync(server, transactionId))["cost"]!.ToJsonString();

        await PutTariffAsync(server, "pinned-closed", FivePerKwh);

        var after = (await SessionAsync(server, transactionId))["cost"]!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(after.ToJsonString(), Is.EqualTo(before));
            Assert.That(Amounts(after), Is.EqualTo((20.00m, 0m, 20.00m)));
        }
    }

    [Test]
    public async Task Session_StartedBeforeATariffChange_IsPricedWithThePinnedTariffAndTheNextWithTheNewOne()
    {
        var server = Server;
        await PutTariffAsync(server, "pinned-next", TwoPerKwh);
        await AssignTariffAsync(server, "CP-PIN-NEXT", "pinned-next");
        await using var charger = await Chargers.BootAsync(server, "CP-PIN-NEXT");
        var earlier = await StartAsync(charger, "2026-11-10T10:00:00Z", 0);

        await PutTariffAsync(server, "pinned-next", FivePerKwh);
        await MeterAsync(charger, earlier, "2026-11-10T10:30:00Z", 5000);
        await StopAsync(charger, earlier, "2026-11-10T11:00:00Z", 10000);
        var later = await StartAsync(charger, "2026-11-10T12:00:00Z", 10000);
        await StopAsync(charger, later, "2026-11-10T13:00:00Z", 20000);

        var earlierCost = (await SessionAsync(server, earlier))["cost"]!;
        var laterCost = (await SessionAsync(server, later))["cost"]!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Lines(earlierCost), Is.EqualTo(new[] { "energy 10 kWh x 2.00 = 20.00" }));
            Assert.That(Lines(laterCost), Is.EqualTo(new[] { "energy 10 kWh x 5.00 = 50.00" }));
        }
    }

    [Test]
    public async Task ActiveSession_ShowsAnEstimatedCostUpToTheLastReading()
    {
        var server = Server;
        // Energy only, so the estimate does not depend on how long ago "now" is.
        await PutTariffAsync(server, "energy-only", """
            { "name": "Energy only", "currency": "SEK", "timeZone": "Europe/Stockholm", "energyPrice": 2.00, "taxPercent": 25 }
            """);
        await AssignTariffAsync(server, "CP-ACTIVE", "energy-only");
        await using var charger = await Chargers.BootAsync(server, "CP-ACTIVE");
        var now = DateTimeOffset.UtcNow;
        var transactionId = await StartAsync(charger, Iso(now.AddMinutes(-10)), 1000);
        await MeterAsync(charger, transactionId, Iso(now.AddMinutes(-5)), 5000);

        var session = await SessionAsync(server, transactionId);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(session["status"]!.GetValue<string>(), Is.EqualTo("Active"));
            Assert.That(session["estimated"]!.GetValue<bool>(), Is.True);
            Assert.That(session["stopTime"], Is.Null);
            Assert.That(session["tariffId"]!.GetValue<string>(), Is.EqualTo("energy-only"));
            Assert.That(Lines(session["cost"]!), Is.EqualTo(new[] { "energy 4 kWh x 2.00 = 8.00" }));
            Assert.That(Amounts(session["cost"]!), Is.EqualTo((8.00m, 2.00m, 10.00m)));
        }
    }

    [Test]
    public async Task Session_PinnedTariffWithAThreeDecimalMinimum_IsBilledInTwoDecimalsThatTheReportSumsExactly()
    {
        await using var server = await TestServer.StartAsync();
        // A tariff an earlier version accepted and stored: minimumPrice 10.005 (PUT refuses it now).
        await using (var connection = server.OpenDatabaseConnection())
            await Dapper.SqlMapper.ExecuteAsync(connection, """
                INSERT INTO tariffs (id, document, updated_at) VALUES ('legacy',
                  '{"id":"legacy","name":"Legacy","currency":"SEK","timeZone":"CET","energyPrice":1.00,"minimumPrice":10.005,"taxPercent":25}', 0)
                """);
        await AssignTariffAsync(server, "CP-LEGACY", "legacy");

        var transactionId = await ChargeAsync(server, "CP-LEGACY", "2026-11-17T15:30:00Z", 0, [], "2026-11-17T16:30:00Z", 1000);

        var cost = (await SessionAsync(server, transactionId))["cost"]!;
        var report = await server.GetJsonAsync<JsonObject>("/api/reports/chargepoints");
        var revenue = report["chargePoints"]!.AsArray().Single(l => l!["chargePointId"]!.GetValue<string>() == "CP-LEGACY")!["revenue"]!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Amounts(cost), Is.EqualTo((10.01m, 2.50m, 12.51m)));
            Assert.That(cost["lines"]!.AsArray().Select(l => l!["amount"]!.ToJsonString()), Is.EqualTo(new[] { "1.00", "9.01" }));
            Assert.That(revenue[0]!["total"]!.GetValue<decimal>(), Is.EqualTo(cost["total"]!.GetValue<decimal>()));
        }
    }

    [Test]
    public async Task Session_NoTariffAtAll_ClosesWithCostNullAndTheNoTariffAnomaly()
    {
        // Deleting the default tariff would change the other tests' sessions: a server of its own.
        await using var server = await TestServer.StartAsync();
        using (var deleted = await server.Http.DeleteAsync("/api/tariffs/default"))
            Assert.That(deleted.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));

        var transactionId = await ChargeAsync(server, "CP-FREE", "2026-11-10T10:00:00Z", 0, [], "2026-11-10T11:00:00Z", 10000);

        var session = await SessionAsync(server, transactionId);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(session["status"]!.GetValue<string>(), Is.EqualTo("Completed"));
            Assert.That(session["energyKwh"]!.GetValue<decimal>(), Is.EqualTo(10m));
            Assert.That(session["tariffId"], Is.Null);
            Assert.That(session["cost"], Is.Null);
            Assert.That(session["anomalies"]!.AsArray().Select(a => a!["code"]!.GetValue<string>()), Is.EqualTo(new[] { "NoTariff" }));
        }
    }

    [Test]
    public async Task CsvExport_PricedSession_CarriesCurrencyNetTaxAndTotal()
    {
        // It exports every session of a day: a server of its own.
        await using var server = await TestServer.StartAsync();
        var transactionId = await AcrossTheDefaultPeakAsync(server, "CP-CSV");

        var csv = await server.Http.GetStringAsync("/api/sessions/export.csv?from=2026-11-17T00:00:00Z&to=2026-11-18T00:00:00Z");

        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].Split(',');
        var row = lines[1].Split(',');
        string Cell(string column) => row[Array.IndexOf(header, column)];
        using (Assert.EnterMultipleScope())
        {
            Assert.That(lines, Has.Length.EqualTo(2));
            Assert.That(Cell("transactionId"), Is.EqualTo(transactionId.ToString(CultureInfo.InvariantCulture)));
            Assert.That(Cell("tariffId"), Is.EqualTo("default"));
            Assert.That(Cell("currency"), Is.EqualTo("SEK"));
            Assert.That(decimal.Parse(Cell("net"), CultureInfo.InvariantCulture), Is.EqualTo(50.00m));
            Assert.That(decimal.Parse(Cell("tax"), CultureInfo.InvariantCulture), Is.EqualTo(12.50m));
            Assert.That(decimal.Parse(Cell("total"), CultureInfo.InvariantCulture), Is.EqualTo(62.50m));
        }
    }

    private static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}

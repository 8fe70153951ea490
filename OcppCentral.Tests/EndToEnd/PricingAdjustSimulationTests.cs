using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using OcppCentral.Tests.TestSupport;
using static OcppCentral.Tests.EndToEnd.PricingScenarios;

namespace OcppCentral.Tests.EndToEnd;

/// <summary>
/// POST /api/tariffs/simulate with <c>adjust</c> through the real server (docs/sessions-and-pricing.md, fleet what-if): every session
/// priced again with its own pinned tariff, every price and fee scaled. The sessions are charged over OCPP once; every expected
/// figure is worked out by hand in the comments.
/// </summary>
[CancelAfter(60_000)]
public class PricingAdjustSimulationTests
{
    /// <summary>The worked example of docs/sessions-and-pricing.md.</summary>
    private const string Example = """
        { "name": "Example", "currency": "SEK", "timeZone": "Europe/Stockholm", "startFee": 3.00, "energyPrice": 2.00, "timePrice": 0.05,
          "idleFee": { "perMinute": 0.50, "graceMinutes": 10 },
          "periods": [ { "days": ["Mon","Tue","Wed","Thu","Fri"], "from": "16:00", "to": "19:00", "energyPrice": 3.00 } ], "taxPercent": 25 }
        """;

    /// <summary>A start fee whose scaled amount needs rounding, and a net clamped to [5.00, 10.00]; 12 % tax.</summary>
    private const string Flat = """
        { "name": "Flat", "currency": "SEK", "timeZone": "Europe/Stockholm", "startFee": 0.99, "energyPrice": 1.25,
          "minimumPrice": 5.00, "maximumPrice": 10.00, "taxPercent": 12 }
        """;

    private const string Euro = """{ "name": "Euro", "currency": "EUR", "timeZone": "Europe/Berlin", "energyPrice": 0.40, "taxPercent": 20 }""";

    private const string November = """ "from": "2026-11-01T00:00:00Z", "to": "2026-12-01T00:00:00Z" """;

    private TestServer _server = null!;

    [OneTimeSetUp]
    public async Task ChargeTheSessionsAsync()
    {
        _server = await TestServer.StartAsync();
        await PutTariffAsync(_server, "example", Example);
        await PutTariffAsync(_server, "flat", Flat);
        await PutTariffAsync(_server, "euro", Euro);
        await AssignTariffAsync(_server, "ADJ-X", "example");
        await AssignTariffAsync(_server, "ADJ-Y", "flat");
        await AssignTariffAsync(_server, "ADJ-Z", "euro");

        // The worked example: Tuesday 15:40–16:50 Stockholm, 12 kWh (6 before 16:00, 6 after), 70 min of which 30 idle:
        // 3.00 + 12.00 + 18.00 + 3.50 + 10.00 = 46.50 + 11.63 (11.625) = 58.13.
        await ChargeAsync(_server, "ADJ-X", "2026-11-24T14:40:00Z", 10000,
            [("2026-11-24T14:50:00Z", 13000), ("2026-11-24T15:00:00Z", 16000), ("2026-11-24T15:10:00Z", 19000), ("2026-11-24T15:20:00Z", 22000),
             ("2026-11-24T15:30:00Z", 22000), ("2026-11-24T15:40:00Z", 22000)], "2026-11-24T15:50:00Z", 22000);
        // 2 kWh: 0.99 + 2.50 = 3.49, raised to the minimum 5.00 + 0.60 = 5.60.
        await ChargeAsync(_server, "ADJ-Y", "2026-11-10T10:00:00Z", 0, [], "2026-11-10T11:00:00Z", 2000);
        // 8 kWh: 0.99 + 10.00 = 10.99, capped at 10.00 + 1.20 = 11.20; then a credit of 1.12 (1.00 off the net, 0.12 off the tax):
        // 9.00 + 1.08 = 10.08.
        var credited = await ChargeAsync(_server, "ADJ-Y", "2026-11-11T10:00:00Z", 0, [], "2026-11-11T11:00:00Z", 8000);
        using (var credit = await PostJsonAsync(_server, $"/api/sessions/{credited}/corrections",
                   """{ "kind": "credit", "amount": 1.12, "reason": "Goodwill" }"""))
            Assert.That(credit.StatusCode, Is.EqualTo(HttpStatusCode.Created), await credit.Content.ReadAsStringAsync());
        // 5 kWh × 0.40 = 2.00 + 0.40 = 2.40 EUR.
        await ChargeAsync(_server, "ADJ-Z", "2026-11-12T10:00:00Z", 0, [], "2026-11-12T10:30:00Z", 5000);
    }

    [OneTimeTearDown]
    public async Task StopServerAsync() => await _server.DisposeAsync();

    private async Task<JsonNode> SimulateAsync(string body)
    {
        using var response = await PostJsonAsync(_server, "/api/tariffs/simulate", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), text);
        return Json.Parse(text);
    }

    [Test]
    public async Task Adjust_PlusTenPercentOnTheWorkedExample_ScalesEveryPriceAndFeeAndKeepsTheTax()
    {
        // 3.30 + 6 × 2.20 = 13.20 + 6 × 3.30 = 19.80 + 70 × 0.055 = 3.85 + 20 × 0.55 = 11.00 → 51.15 + 12.79 (12.7875) = 63.94.
        var result = await SimulateAsync($$"""{ "adjust": { "percent": 10 }, {{November}}, "chargePointIds": ["ADJ-X"] }""");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Figures(result["total"]!),
                Is.EqualTo("sessions 1, unpriced 0, 12 kWh; actual [SEK 1: 46.50 / 58.13]; candidate SEK 51.15 / 63.94; difference SEK 4.65 / 5.81"));
            Assert.That(result["tariff"], Is.Null);
            Assert.That(result["adjust"]!["percent"]!.GetValue<decimal>(), Is.EqualTo(10m));
            Assert.That(result["chargePointIds"]!.AsArray().Select(c => c!.GetValue<string>()), Is.EqualTo(new[] { "ADJ-X" }));
            Assert.That(result["currencies"]!.AsArray().Select(c => Figures(c!)), Is.EqualTo(new[] { Figures(result["total"]!) }));
            Assert.That(result["warnings"]!.AsArray(), Is.Empty);
        }
    }

    [Test]
    public async Task Adjust_MinusTwentyPercentOnTheWorkedExample_LowersEveryPriceAndFee()
    {
        // 2.40 + 6 × 1.60 = 9.60 + 6 × 2.40 = 14.40 + 70 × 0.04 = 2.80 + 20 × 0.40 = 8.00 → 37.20 + 9.30 = 46.50.
        var result = await SimulateAsync($$"""{ "adjust": { "percent": -20 }, {{November}}, "chargePointId": "ADJ-X" }""");

        Assert.That(Figures(result["total"]!),
            Is.EqualTo("sessions 1, unpriced 0, 12 kWh; actual [SEK 1: 46.50 / 58.13]; candidate SEK 37.20 / 46.50; difference SEK -9.30 / -11.63"));
    }

    [Test]
    public async Task Adjust_OneTariff_ScalesTheMinimumMaximumAndStartFeeAndKeepsTheCredit()
    {
        // 2 kWh: start 0.99 × 1.1 = 1.089 → 1.09, 2 × 1.375 = 2.75 → 3.84, raised to the minimum 5.50 + 0.66 = 6.16.
        // 8 kWh: 1.09 + 8 × 1.375 = 11.00 → 12.09, capped at 11.00 + 1.32 = 12.32; the credit 1.12 takes 1.00 off the net
        // (1.12 × 11.00 / 12.32) and 0.12 off the tax: 10.00 + 1.20 = 11.20.
        var result = await SimulateAsync($$"""{ "adjust": { "percent": 10 }, {{November}}, "tariffId": "flat" }""");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result["tariffId"]!.GetValue<string>(), Is.EqualTo("flat"));
            Assert.That(Figures(result["total"]!),
                Is.EqualTo("sessions 2, unpriced 0, 10 kWh; actual [SEK 2: 14.00 / 15.68]; candidate SEK 15.50 / 17.36; difference SEK 1.50 / 1.68"));
        }
    }

    [Test]
    public async Task Adjust_MinusTwentyPercentOnOneTariff_LowersTheBoundsToo()
    {
        // 2 kWh: 0.79 (0.792) + 2.00 = 2.79, raised to 4.00 + 0.48 = 4.48. 8 kWh: 0.79 + 8.00 = 8.79, capped at 8.00 + 0.96 = 8.96,
        // less the credit 1.12 (1.00 net, 0.12 tax): 7.00 + 0.84 = 7.84.
        var result = await SimulateAsync($$"""{ "adjust": { "percent": -20 }, {{November}}, "tariffId": "flat" }""");

        Assert.That(Figures(result["total"]!),
            Is.EqualTo("sessions 2, unpriced 0, 10 kWh; actual [SEK 2: 14.00 / 15.68]; candidate SEK 11.00 / 12.32; difference SEK -3.00 / -3.36"));
    }

    [Test]
    public async Task Adjust_SessionsInTwoCurrencies_ComparesEachCurrencyAndGivesNoTotalDifference()
    {
        var result = await SimulateAsync($$"""{ "adjust": { "percent": 10 }, {{November}}, "chargePointIds": ["ADJ-X", "ADJ-Y", "ADJ-Z"] }""");

        using (Assert.EnterMultipleScope())
        {
            // SEK: 58.13 + 5.60 + 10.08 = 73.81 (net 60.50) → 63.94 + 6.16 + 11.20 = 81.30 (net 66.65). EUR: 0.44 × 5 = 2.20 + 0.44 = 2.64.
            Assert.That(result["currencies"]!.AsArray().Select(c => Figures(c!)), Is.EqualTo(new[]
            {
                "sessions 1, unpriced 0, 5 kWh; actual [EUR 1: 2.00 / 2.40]; candidate EUR 2.20 / 2.64; difference EUR 0.20 / 0.24",
                "sessions 3, unpriced 0, 22 kWh; actual [SEK 3: 60.50 / 73.81]; candidate SEK 66.65 / 81.30; difference SEK 6.15 / 7.49",
            }));
            Assert.That(Figures(result["total"]!),
                Is.EqualTo("sessions 4, unpriced 0, 27 kWh; actual [EUR 1: 2.00 / 2.40, SEK 3: 60.50 / 73.81]; candidate none; difference none (currencies differ)"));
            Assert.That(result["chargePoints"]!.AsArray().Select(c => $"{c!["chargePointId"]}: {c["candidate"]!["total"]}"),
                Is.EqualTo(new[] { "ADJ-X: 63.94", "ADJ-Y: 17.36", "ADJ-Z: 2.64" }));
            Assert.That(result["warnings"]!.AsArray().Select(w => w!.GetValue<string>()), Has.One.Contains("2 currencies"));
        }
    }

    [Test]
    public async Task Adjust_ZeroPercent_RepricesEverySessionToWhatItWasCharged()
    {
        var result = await SimulateAsync($$"""{ "adjust": { "percent": 0 }, {{November}}, "chargePointIds": ["ADJ-X", "ADJ-Y"] }""");

        Assert.That(Figures(result["total"]!),
            Is.EqualTo("sessions 3, unpriced 0, 22 kWh; actual [SEK 3: 60.50 / 73.81]; candidate SEK 60.50 / 73.81; difference SEK 0.00 / 0.00"));
    }

    [Test]
    public async Task Adjust_DoesNotChangeWhatSessionsWereCharged()
    {
        await SimulateAsync($$"""{ "adjust": { "percent": 50 }, {{November}} }""");

        var sessions = await _server.GetJsonAsync<JsonArray>("/api/sessions?chargePointId=ADJ-X&status=Completed");
        Assert.That(Amounts(sessions.Single()!["cost"]!), Is.EqualTo((46.50m, 11.63m, 58.13m)));
    }

    [TestCase("""{ "adjust": { "percent": "ten" }, {{N}} }""", "adjust.percent", TestName = "Adjust_PercentNotANumber_Is400NamingAdjustPercent")]
    [TestCase("""{ "adjust": { "percent": 1000.01 }, {{N}} }""", "adjust.percent", TestName = "Adjust_PercentAbove1000_Is400NamingAdjustPercent")]
    [TestCase("""{ "adjust": { "percent": -100.01 }, {{N}} }""", "adjust.percent", TestName = "Adjust_PercentBelowMinus100_Is400NamingAdjustPercent")]
    [TestCase("""{ "adjust": { "percent": 10.125 }, {{N}} }""", "adjust.percent", TestName = "Adjust_PercentWithThreeDecimals_Is400NamingAdjustPercent")]
    [TestCase("""{ "adjust": { }, {{N}} }""", "adjust.percent", TestName = "Adjust_WithoutPercent_Is400NamingAdjustPercent")]
    [TestCase("""{ "adjust": 10, {{N}} }""", "adjust", TestName = "Adjust_NotAnObject_Is400NamingAdjust")]
    [TestCase("""{ "adjust": { "percent": 10 }, "tariff": {{E}}, {{N}} }""", "adjust", TestName = "Adjust_WithACandidateTariffToo_Is400NamingAdjust")]
    [TestCase("""{ {{N}} }""", "tariff", TestName = "Adjust_NeitherTariffNorAdjust_Is400NamingTariff")]
    [TestCase("""{ "adjust": { "percent": 10 }, {{N}}, "chargePointIds": [] }""", "chargePointIds", TestName = "Adjust_EmptyChargerList_Is400NamingChargePointIds")]
    [TestCase("""{ "adjust": { "percent": 10 }, {{N}}, "chargePointIds": ["ADJ-X", ""] }""", "chargePointIds[1]", TestName = "Adjust_BlankChargerId_Is400NamingIt")]
    [TestCase("""{ "adjust": { "percent": 10 }, {{N}}, "chargePointIds": "ADJ-X" }""", "chargePointIds", TestName = "Adjust_ChargerListNotAList_Is400NamingChargePointIds")]
    [TestCase("""{ "adjust": { "percent": 10 }, {{N}}, "chargePointId": "ADJ-X", "chargePointIds": ["ADJ-Y"] }""", "chargePointIds",
        TestName = "Adjust_OneChargerAndAList_Is400NamingChargePointIds")]
    [TestCase("""{ "adjust": { "percent": 10 }, {{N}}, "tariffId": "{{LONG}}" }""", "tariffId", TestName = "Adjust_TariffIdTooLong_Is400NamingTariffId")]
    [TestCase("""{ "adjust": { "percent": 10 }, "from": "2026-11-01T00:00:00Z" }""", "to", TestName = "Adjust_WithoutTo_Is400NamingTo")]
    public async Task Adjust_BadRequest_Is400NamingTheField(string body, string field)
    {
        body = body.Replace("{{N}}", November, StringComparison.Ordinal).Replace("{{E}}", Example, StringComparison.Ordinal)
            .Replace("{{LONG}}", new string('t', 65), StringComparison.Ordinal);
        using var response = await PostJsonAsync(_server, "/api/tariffs/simulate", body);

        var text = await response.Content.ReadAsStringAsync();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), text);
            Assert.That(Json.Parse(text)["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { field }), text);
        }
    }

    [Test]
    public async Task Adjust_ChargerListOverTheLimit_Is400NamingChargePointIds()
    {
        var ids = string.Join(", ", Enumerable.Range(0, 1001).Select(i => $"\"CP-{i}\""));

        using var response = await PostJsonAsync(_server, "/api/tariffs/simulate", $$"""{ "adjust": { "percent": 10 }, {{November}}, "chargePointIds": [{{ids}}] }""");

        var text = await response.Content.ReadAsStringAsync();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), text);
            Assert.That(Json.Parse(text)["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { "chargePointIds" }), text);
        }
    }

    /// <summary>One comparison as a line a person can check against the hand calculation.</summary>
    private static string Figures(JsonNode figures)
    {
        static string Money(JsonNode? amount) => amount!.GetValue<decimal>().ToString("0.00", CultureInfo.InvariantCulture);
        var actual = figures["actual"]!.AsArray().Select(a => $"{a!["currency"]} {a["sessions"]}: {Money(a["net"])} / {Money(a["total"])}");
        var candidate = figures["candidate"] is { } c ? $"{c["currency"]} {Money(c["net"])} / {Money(c["total"])}" : "none";
        var difference = figures["difference"] is { } d ? $"{d["currency"]} {Money(d["net"])} / {Money(d["total"])}" : "none";
        if (figures["currencyMismatch"]!.GetValue<bool>())
            difference += " (currencies differ)";
        return string.Create(CultureInfo.InvariantCulture,
            $"sessions {figures["sessions"]}, unpriced {figures["unpricedSessions"]}, {figures["energyKwh"]!.GetValue<decimal>():0.###} kWh; " +
            $"actual [{string.Join(", ", actual)}]; candidate {candidate}; difference {difference}");
    }
}

using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using OcppCentral.Tests.TestSupport;
using static OcppCentral.Tests.EndToEnd.PricingScenarios;

namespace OcppCentral.Tests.EndToEnd;

/// <summary>
/// POST /api/tariffs/simulate through the real server (docs/sessions-and-pricing.md, price what-if). The sessions are charged over OCPP once;
/// every expected figure below is worked out by hand in the comments.
/// </summary>
[CancelAfter(60_000)]
[TestFixture(TestBackend.Sqlite)]
[TestFixture(TestBackend.Postgres)]
public class PricingSimulationTests(TestBackend backend)
{
    /// <summary>What CP-A and CP-B are assigned: start 1.00 + 2.00/kWh, 25 % tax.</summary>
    private const string ActualTariff = """
        { "name": "Actual", "currency": "SEK", "timeZone": "Europe/Stockholm", "startFee": 1.00, "energyPrice": 2.00, "taxPercent": 25 }
        """;

    /// <summary>2.50/kWh, 4.00/kWh weekdays 11:30–13:00 local, 0.10/min, 25 % tax.</summary>
    private const string Proposal = """
        { "name": "Proposal", "currency": "SEK", "timeZone": "Europe/Stockholm", "energyPrice": 2.50, "timePrice": 0.10,
          "periods": [ { "days": ["Mon","Tue","Wed","Thu","Fri"], "from": "11:30", "to": "13:00", "energyPrice": 4.00 } ], "taxPercent": 25 }
        """;

    private const string November = """ "from": "2026-11-01T00:00:00Z", "to": "2026-11-20T00:00:00Z" """;

    private TestServer _server = null!;

    [OneTimeSetUp]
    public async Task ChargeTheSessionsAsync()
    {
        _server = await TestServer.StartAsync(backend, TimeProvider.System);
        await PutTariffAsync(_server, "actual", ActualTariff);
        await AssignTariffAsync(_server, "CP-A", "actual");
        await AssignTariffAsync(_server, "CP-B", "actual");
        // CP-C has no tariff and there is no default: its session closes unpriced.
        (await _server.Http.DeleteAsync("/api/tariffs/default")).EnsureSuccessStatusCode();

        // Actual 1 + 10 × 2 = 21.00 + 5.25 = 26.25. Proposal (Tue 11:00–12:00 local): 5 kWh × 2.50 = 12.50, 5 kWh × 4.00 = 20.00
        // from 11:30, 60 min × 0.10 = 6.00 → 38.50 + 9.63 (9.625) = 48.13.
        await ChargeAsync(_server, "CP-A", "2026-11-10T10:00:00Z", 0, [("2026-11-10T10:30:00Z", 5000)], "2026-11-10T11:00:00Z", 10000);
        // Actual 1 + 4 × 2 = 9.00 + 2.25 = 11.25. Proposal (Thu 09:00–09:30 local): 10.00 + 3.00 = 13.00 + 3.25 = 16.25.
        await ChargeAsync(_server, "CP-A", "2026-11-12T08:00:00Z", 10000, [], "2026-11-12T08:30:00Z", 14000);
        // Actual 1 + 6 × 2 = 13.00 + 3.25 = 16.25. Proposal (Sunday, no period): 15.00 + 6.00 = 21.00 + 5.25 = 26.25.
        await ChargeAsync(_server, "CP-B", "2026-11-15T12:00:00Z", 0, [], "2026-11-15T13:00:00Z", 6000);
        // Unpriced. Proposal (Mon 10:00–10:20 local): 5.00 + 2.00 = 7.00 + 1.75 = 8.75.
        await ChargeAsync(_server, "CP-C", "2026-11-16T09:00:00Z", 0, [], "2026-11-16T09:20:00Z", 2000);
        // Outside [from, to): before it, and exactly at 'to'.
        await ChargeAsync(_server, "CP-A", "2026-10-31T22:00:00Z", 0, [], "2026-10-31T23:00:00Z", 1000);
        await ChargeAsync(_server, "CP-B", "2026-11-20T00:00:00Z", 0, [], "2026-11-20T01:00:00Z", 1000);
        // Active: not re-priced.
        await using var charger = await Chargers.BootAsync(_server, "CP-B");
        await StartAsync(charger, "2026-11-18T10:00:00Z", 0);
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
    public async Task Simulate_Proposal_GivesActualAndCandidateRevenueInTotalAndPerCharger()
    {
        var result = await SimulateAsync($$"""{ "tariff": {{Proposal}}, {{November}} }""");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result["from"]!.GetValue<string>(), Is.EqualTo("2026-11-01T00:00:00.000Z"));
            Assert.That(result["to"]!.GetValue<string>(), Is.EqualTo("2026-11-20T00:00:00.000Z"));
            Assert.That(result["tariff"]!["id"]!.GetValue<string>(), Is.EqualTo("candidate"));
            // Actual: 26.25 + 11.25 + 16.25 = 53.75 (net 43.00); candidate: 48.13 + 16.25 + 26.25 + 8.75 = 99.38 (net 79.50).
            Assert.That(Figures(result["total"]!),
                Is.EqualTo("sessions 4, unpriced 1, 22 kWh; actual [SEK 3: 43.00 / 53.75]; candidate SEK 79.50 / 99.38; difference SEK 36.50 / 45.63"));
            Assert.That(result["chargePoints"]!.AsArray().Select(c => $"{c!["chargePointId"]}: {Figures(c)}"), Is.EqualTo(new[]
            {
                "CP-A: sessions 2, unpriced 0, 14 kWh; actual [SEK 2: 30.00 / 37.50]; candidate SEK 51.50 / 64.38; difference SEK 21.50 / 26.88",
                "CP-B: sessions 1, unpriced 0, 6 kWh; actual [SEK 1: 13.00 / 16.25]; candidate SEK 21.00 / 26.25; difference SEK 8.00 / 10.00",
                "CP-C: sessions 1, unpriced 1, 2 kWh; actual []; candidate SEK 7.00 / 8.75; difference SEK 7.00 / 8.75",
            }));
            Assert.That(result["warnings"]!.AsArray().Select(w => w!.GetValue<string>()), Has.One.Contains("without a price (NoTariff; 1 of 4)"));
        }
    }

    [Test]
    public async Task Simulate_OneCharger_ComparesOnlyItsSessions()
    {
        var result = await SimulateAsync($$"""{ "tariff": {{Proposal}}, {{November}}, "chargePointId": "CP-A" }""");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result["chargePointId"]!.GetValue<string>(), Is.EqualTo("CP-A"));
            Assert.That(Figures(result["total"]!),
                Is.EqualTo("sessions 2, unpriced 0, 14 kWh; actual [SEK 2: 30.00 / 37.50]; candidate SEK 51.50 / 64.38; difference SEK 21.50 / 26.88"));
            Assert.That(result["chargePoints"]!.AsArray().Select(c => c!["chargePointId"]!.GetValue<string>()), Is.EqualTo(new[] { "CP-A" }));
            Assert.That(result["warnings"]!.AsArray(), Is.Empty);
        }
    }

    [Test]
    public async Task Simulate_CandidateIsTheTariffTheSessionsWereClosedWith_RepricesThemToTheSameRevenue()
    {
        var result = await SimulateAsync($$"""{ "tariff": {{ActualTariff}}, {{November}}, "chargePointId": "CP-A" }""");

        Assert.That(Figures(result["total"]!),
            Is.EqualTo("sessions 2, unpriced 0, 14 kWh; actual [SEK 2: 30.00 / 37.50]; candidate SEK 30.00 / 37.50; difference SEK 0.00 / 0.00"));
    }

    [Test]
    public async Task Simulate_CandidateInAnotherCurrency_ReportsActualPerCurrencyAndNoDifference()
    {
        var euro = Proposal.Replace("\"SEK\"", "\"EUR\"", StringComparison.Ordinal);

        var result = await SimulateAsync($$"""{ "tariff": {{euro}}, {{November}} }""");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Figures(result["total"]!),
                Is.EqualTo("sessions 4, unpriced 1, 22 kWh; actual [SEK 3: 43.00 / 53.75]; candidate EUR 79.50 / 99.38; difference none (currencies differ)"));
            Assert.That(result["warnings"]!.AsArray().Select(w => w!.GetValue<string>()), Has.One.Contains("charged in SEK (3 of 4)"));
        }
    }

    [Test]
    public async Task Simulate_RangeWithoutSessions_IsZeroOnBothSides()
    {
        var result = await SimulateAsync($$"""{ "tariff": {{Proposal}}, "from": "2025-01-01T00:00:00Z", "to": "2026-01-01T00:00:00Z" }""");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Figures(result["total"]!), Is.EqualTo("sessions 0, unpriced 0, 0 kWh; actual []; candidate SEK 0.00 / 0.00; difference SEK 0.00 / 0.00"));
            Assert.That(result["chargePoints"]!.AsArray(), Is.Empty);
        }
    }

    [Test]
    public async Task Simulate_DoesNotChangeWhatSessionsWereCharged()
    {
        await SimulateAsync($$"""{ "tariff": {{Proposal}}, {{November}} }""");

        var sessions = await _server.GetJsonAsync<JsonArray>("/api/sessions?chargePointId=CP-B&status=Completed&from=2026-11-15T00:00:00Z&to=2026-11-16T00:00:00Z");
        Assert.That(Amounts(sessions.Single()!["cost"]!), Is.EqualTo((13.00m, 3.25m, 16.25m)));
    }

    [TestCase("""{ "tariff": {{T}}, "to": "2026-11-20T00:00:00Z" }""", "from", TestName = "Simulate_WithoutFrom_Is400NamingFrom")]
    [TestCase("""{ "tariff": {{T}}, "from": "2026-11-01T00:00:00Z" }""", "to", TestName = "Simulate_WithoutTo_Is400NamingTo")]
    [TestCase("""{ "tariff": {{T}}, "from": "first of November", "to": "2026-11-20T00:00:00Z" }""", "from", TestName = "Simulate_FromNotATimestamp_Is400NamingFrom")]
    [TestCase("""{ "tariff": {{T}}, "from": 20261101, "to": "2026-11-20T00:00:00Z" }""", "from", TestName = "Simulate_FromANumber_Is400NamingFrom")]
    [TestCase("""{ "tariff": {{T}}, "from": "2026-11-20T00:00:00Z", "to": "2026-11-20T00:00:00Z" }""", "to", TestName = "Simulate_ToEqualToFrom_Is400NamingTo")]
    [TestCase("""{ "tariff": {{T}}, "from": "2026-11-20T00:00:00Z", "to": "2026-11-01T00:00:00Z" }""", "to", TestName = "Simulate_ToBeforeFrom_Is400NamingTo")]
    [TestCase("""{ "tariff": {{T}}, "from": "2025-01-01T00:00:00Z", "to": "2026-01-02T00:00:01Z" }""", "to", TestName = "Simulate_RangeOver366Days_Is400NamingTo")]
    [TestCase("""{ "from": "2026-11-01T00:00:00Z", "to": "2026-11-20T00:00:00Z" }""", "tariff", TestName = "Simulate_WithoutTariff_Is400NamingTariff")]
    [TestCase("""{ "tariff": { "name": "x", "currency": "SEK", "timeZone": "Europe/Stockholm", "energyPrice": -1, "taxPercent": 25 }, "from": "2026-11-01T00:00:00Z", "to": "2026-11-20T00:00:00Z" }""",
        "tariff.energyPrice", TestName = "Simulate_CandidateWithNegativePrice_Is400NamingTariffEnergyPrice")]
    [TestCase("""{ "tariff": { "name": "x", "currency": "SEK", "timeZone": "Europe/Stockholm", "energyPrice": 1, "taxPercent": 25, "periods": [ { "days": ["Mon"], "from": "10:00", "to": "10:00", "energyPrice": 1 } ] }, "from": "2026-11-01T00:00:00Z", "to": "2026-11-20T00:00:00Z" }""",
        "tariff.periods[0].to", TestName = "Simulate_CandidateWithEmptyPeriod_Is400NamingThePeriodsTo")]
    [TestCase("""{ "tariff": {{T}}, "from": "2026-11-01T00:00:00Z", "to": "2026-11-20T00:00:00Z", "chargePoint": "CP-A" }""", "chargePoint",
        TestName = "Simulate_MisspeltField_Is400NamingIt")]
    public async Task Simulate_BadRequest_Is400NamingTheField(string body, string field)
    {
        using var response = await PostJsonAsync(_server, "/api/tariffs/simulate", body.Replace("{{T}}", Proposal, StringComparison.Ordinal));

        var text = await response.Content.ReadAsStringAsync();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), text);
            Assert.That(Json.Parse(text)["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { field }), text);
        }
    }

    [Test]
    public async Task Simulate_SeveralKindsOfProblem_AreAllNamedInOneAnswer()
    {
        using var response = await PostJsonAsync(_server, "/api/tariffs/simulate", """
            { "tariff": { "name": "x", "currency": "SEK", "timeZone": "Europe/Stockholm", "energyPrice": "cheap", "taxPercent": 250, "startFees": 1 },
              "from": 20261101, "to": "2026-11-20T00:00:00Z", "chargePoint": "CP-A" }
            """);

        var text = await response.Content.ReadAsStringAsync();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), text);
            Assert.That(Json.Parse(text)["errors"]!.AsObject().Select(e => e.Key),
                Is.EquivalentTo(new[] { "tariff.energyPrice", "tariff.taxPercent", "tariff.startFees", "from", "chargePoint" }), text);
        }
    }

    [Test]
    public async Task Simulate_RangeOfExactly366Days_IsAccepted()
    {
        var result = await SimulateAsync($$"""{ "tariff": {{Proposal}}, "from": "2025-12-01T00:00:00Z", "to": "2026-12-02T00:00:00Z" }""");

        Assert.That(result["total"]!["sessions"]!.GetValue<int>(), Is.EqualTo(6));
    }

    /// <summary>One comparison as a line a person can check against the hand calculation.</summary>
    private static string Figures(JsonNode figures)
    {
        static string Money(JsonNode? amount) => amount!.GetValue<decimal>().ToString("0.00", CultureInfo.InvariantCulture);
        var actual = figures["actual"]!.AsArray().Select(a => $"{a!["currency"]} {a["sessions"]}: {Money(a["net"])} / {Money(a["total"])}");
        var candidate = figures["candidate"]!;
        var difference = figures["difference"] is { } d ? $"{d["currency"]} {Money(d["net"])} / {Money(d["total"])}" : "none";
        if (figures["currencyMismatch"]!.GetValue<bool>())
            difference += " (currencies differ)";
        return string.Create(CultureInfo.InvariantCulture,
            $"sessions {figures["sessions"]}, unpriced {figures["unpricedSessions"]}, {figures["energyKwh"]!.GetValue<decimal>():0.###} kWh; " +
            $"actual [{string.Join(", ", actual)}]; candidate {candidate["currency"]} {Money(candidate["net"])} / {Money(candidate["total"])}; difference {difference}");
    }
}

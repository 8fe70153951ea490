using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OcppCentral.Tests.TestSupport;
using static OcppCentral.Tests.EndToEnd.PricingScenarios;
using static OcppCentral.Tests.EndToEnd.ReportSessions;

namespace OcppCentral.Tests.EndToEnd;

/// <summary>
/// The reports agree with the session records they summarise: every figure is recomputed here from GET /api/sessions
/// and compared with GET /api/reports/…, over sessions in two currencies, with feedback, anomalies and one still Active.
/// </summary>
[CancelAfter(60_000)]
[TestFixture(TestBackend.Sqlite)]
[TestFixture(TestBackend.Postgres)]
public class ReportTotalsTests(TestBackend backend)
{
    private const string EuroTariff = """
        { "name": "Euro", "currency": "EUR", "timeZone": "Europe/Berlin", "startFee": 1.00, "energyPrice": 0.40, "timePrice": 0.01,
          "taxPercent": 19 }
        """;

    private TestServer _server = null!;

    [OneTimeSetUp]
    public async Task ChargeANetworkAsync()
    {
        _server = await TestServer.StartAsync(backend, TimeProvider.System);
        await PutTariffAsync(_server, "euro", EuroTariff);
        await AssignTariffAsync(_server, "CP-EUR", "euro");
        (await _server.Http.PutAsJsonAsync("/api/chargepoints/CP-IDLE", new { })).EnsureSuccessStatusCode();

        await using var a = await Chargers.BootAsync(_server, "CP-A");
        await using var b = await Chargers.BootAsync(_server, "CP-B");
        await using var eur = await Chargers.BootAsync(_server, "CP-EUR");
        await ChargeAsync(a, 1, "DRIVER1", Day.AddDays(-1), TimeSpan.FromMinutes(50), 9_000);
        var a1 = await ChargeAsync(a, 1, "DRIVER1", Day, TimeSpan.FromMinutes(30), 5_000);
        var a2 = await ChargeAsync(a, 2, "DRIVER2", Day.AddHours(1), TimeSpan.FromMinutes(60), 12_345);
        var a3 = await ChargeAsync(a, 1, "DRIVER1", Day.AddHours(2), TimeSpan.FromMinutes(10), 0);
        // Fractional figures (1.62 minutes) beside whole ones: SQLite stores them as REAL and INTEGER in the same column.
        await ChargeAsync(a, 3, "DRIVER2", Day.AddHours(1).AddMinutes(5), TimeSpan.FromSeconds(97), 1_234);
        var e1 = await ChargeAsync(eur, 1, "DRIVER1", Day.AddMinutes(30), TimeSpan.FromMinutes(20), 3_000);
        var b1 = await ChargeAsync(b, 1, " driver2", Day.AddHours(3), TimeSpan.FromMinutes(45), 7_000);
        await StartAsync(b, 2, "DRIVER3", 0, Day.AddHours(4));

        foreach (var (id, rating, category) in new[] { (a1, 2, "Signage"), (a2, 4, "ChargingSpeed"), (a3, 1, "Reliability"), (e1, 5, "Payment"), (b1, 3, "Other"), (b1, 3, "Other") })
            (await PostJsonAsync(_server, $"/api/sessions/{id}/feedback", $$"""{ "rating": {{rating}}, "category": "{{category}}" }""")).EnsureSuccessStatusCode();
    }

    [OneTimeTearDown]
    public async Task StopServerAsync() => await _server.DisposeAsync();

    private static readonly string Window = $"from={Iso(Day)}&to={Iso(Day.AddHours(4))}";

    private async Task<List<JsonObject>> SessionsAsync(string query) =>
        (await _server.GetJsonAsync<JsonArray>($"/api/sessions?limit=1000&{query}")).Select(s => s!.AsObject()).ToList();

    private static bool Completed(JsonObject s) => s["status"]!.GetValue<string>() == "Completed";

    private static decimal Energy(IEnumerable<JsonObject> sessions) => sessions.Where(Completed).Sum(s => s["energyKwh"]!.GetValue<decimal>());

    private static Dictionary<string, decimal> Money(IEnumerable<JsonObject> sessions) =>
        sessions.Where(s => Completed(s) && s["cost"] is not null)
            .GroupBy(s => s["cost"]!["currency"]!.GetValue<string>())
            .ToDictionary(g => g.Key, g => g.Sum(s => s["cost"]!["total"]!.GetValue<decimal>()));

    private static Dictionary<string, decimal> Money(JsonNode? totals) =>
        totals!.AsArray().ToDictionary(t => t!["currency"]!.GetValue<string>(), t => t!["total"]!.GetValue<decimal>());

    private static List<int> Ratings(IEnumerable<JsonObject> sessions) =>
        sessions.SelectMany(s => s["feedback"]!.AsArray()).Select(f => f!["rating"]!.GetValue<int>()).ToList();

    [TestCase("")]
    [TestCase("WINDOW")]
    public async Task ChargePointsReport_EachFigure_IsTheSumOfItsSessionRecords(string query)
    {
        query = query.Replace("WINDOW", Window);
        var sessions = await SessionsAsync(query);
        var report = await _server.GetJsonAsync<JsonObject>($"/api/reports/chargepoints?{query}");

        var lines = report["chargePoints"]!.AsArray().ToDictionary(l => l!["chargePointId"]!.GetValue<string>(), l => l!.AsObject());
        using (Assert.EnterMultipleScope())
        {
            Assert.That(lines.Keys, Is.EqualTo(new[] { "CP-A", "CP-B", "CP-EUR", "CP-IDLE" }));
            foreach (var (id, line) in lines)
            {
                var mine = sessions.Where(s => s["chargePointId"]!.GetValue<string>() == id).ToList();
                var ratings = Ratings(mine);
                Assert.That(line["sessions"]!.GetValue<int>(), Is.EqualTo(mine.Count), id);
                Assert.That(line["activeSessions"]!.GetValue<int>(), Is.EqualTo(mine.Count(s => !Completed(s))), id);
                Assert.That(line["energyKwh"]!.GetValue<decimal>(), Is.EqualTo(Energy(mine)), id);
                Assert.That(Money(line["revenue"]), Is.EqualTo(Money(mine)), id);
                Assert.That(line["feedbackCount"]!.GetValue<int>(), Is.EqualTo(ratings.Count), id);
                Assert.That(line["averageRating"]?.GetValue<decimal>(),
                    Is.EqualTo(ratings.Count == 0 ? null : Math.Round((decimal)ratings.Sum() / ratings.Count, 2, MidpointRounding.AwayFromZero)), id);
                Assert.That(line["anomalyCount"]!.GetValue<int>(), Is.EqualTo(mine.Sum(s => s["anomalies"]!.AsArray().Count)), id);
            }
            Assert.That(Money(lines["CP-EUR"]["revenue"]).Keys, Is.EqualTo(new[] { "EUR" }));
            Assert.That(lines["CP-A"]["anomalyCount"]!.GetValue<int>(), Is.EqualTo(1), "the ZeroEnergy session");
        }
    }

    [TestCase("")]
    [TestCase("WINDOW")]
    public async Task IdTagsReport_EachFigure_IsTheSumOfItsSessionRecords(string query)
    {
        query = query.Replace("WINDOW", Window);
        var sessions = await SessionsAsync(query);
        var report = await _server.GetJsonAsync<JsonObject>($"/api/reports/idtags?{query}");

        var lines = report["idTags"]!.AsArray().ToDictionary(l => l!["idTag"]!.GetValue<string>(), l => l!.AsObject());
        var byTag = sessions.GroupBy(s => s["idTag"]!.GetValue<string>()).ToDictionary(g => g.Key, g => g.ToList());
        using (Assert.EnterMultipleScope())
        {
            Assert.That(lines.Keys, Is.EquivalentTo(byTag.Keys));
            Assert.That(lines.Keys, Does.Contain(" driver2"), "idTags exactly as sent");
            foreach (var (tag, line) in lines)
            {
                Assert.That(line["sessions"]!.GetValue<int>(), Is.EqualTo(byTag[tag].Count), tag);
                Assert.That(line["energyKwh"]!.GetValue<decimal>(), Is.EqualTo(Energy(byTag[tag])), tag);
                Assert.That(Money(line["totalCost"]), Is.EqualTo(Money(byTag[tag])), tag);
            }
        }
    }

    [TestCase("")]
    [TestCase("WINDOW")]
    public async Task FeedbackReport_Counts_AreThoseOfTheSessionRecords(string query)
    {
        query = query.Replace("WINDOW", Window);
        var feedback = (await SessionsAsync(query)).SelectMany(s => s["feedback"]!.AsArray()).ToList();
        var report = await _server.GetJsonAsync<JsonObject>($"/api/reports/feedback?{query}");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(report["feedbackCount"]!.GetValue<int>(), Is.EqualTo(feedback.Count));
            foreach (var category in new[] { "Signage", "ChargingSpeed", "Reliability", "Payment", "Support", "Other" })
                Assert.That(report["byCategory"]![category]!.GetValue<int>(),
                    Is.EqualTo(feedback.Count(f => f!["category"]!.GetValue<string>() == category)), category);
            for (var rating = 1; rating <= 5; rating++)
                Assert.That(report["byRating"]![$"{rating}"]!.GetValue<int>(), Is.EqualTo(feedback.Count(f => f!["rating"]!.GetValue<int>() == rating)));
            Assert.That(report["minimumFeedbackToRank"]!.GetValue<int>(), Is.EqualTo(3));
            Assert.That(report["lowestRatedChargers"]!.ToJsonString(),
                Is.EqualTo("""[{"chargePointId":"CP-A","averageRating":2.33,"feedbackCount":3}]"""));
            Assert.That(report["chargersWithLowRatings"]!.ToJsonString(),
                Is.EqualTo("""[{"chargePointId":"CP-A","lowRatings":2,"feedbackCount":3,"averageRating":2.33}]"""));
        }
    }

    [Test]
    public async Task SessionListAndExport_WholeAndFractionalFiguresMixed_ShowEverySession()
    {
        var sessions = await SessionsAsync(Window);
        using var export = await _server.Http.GetAsync($"/api/sessions/export.csv?{Window}");
        var lines = (await export.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(sessions.Select(s => s["durationMinutes"]!.GetValue<decimal>()), Does.Contain(1.62m).And.Contain(30m));
            Assert.That(export.IsSuccessStatusCode, Is.True);
            Assert.That(lines, Has.Length.EqualTo(1 + sessions.Count));
        }
    }

    private static Dictionary<string, (decimal Net, decimal Gross)> NetAndGross(IEnumerable<JsonObject> sessions) =>
        sessions.Where(s => Completed(s) && s["cost"] is not null)
            .GroupBy(s => s["cost"]!["currency"]!.GetValue<string>())
            .ToDictionary(g => g.Key, g => (g.Sum(s => s["cost"]!["net"]!.GetValue<decimal>()), g.Sum(s => s["cost"]!["total"]!.GetValue<decimal>())));

    private static Dictionary<string, (decimal Net, decimal Gross)> NetAndGross(JsonNode? totals) =>
        totals!.AsArray().ToDictionary(t => t!["currency"]!.GetValue<string>(), t => (t!["net"]!.GetValue<decimal>(), t!["gross"]!.GetValue<decimal>()));

    [Test]
    public async Task ChargerAndIdTagReports_Revenue_IsNetAndGrossPerCurrency()
    {
        var sessions = await SessionsAsync("");
        var chargers = (await _server.GetJsonAsync<JsonObject>("/api/reports/chargepoints"))["chargePoints"]!.AsArray();
        var idTags = (await _server.GetJsonAsync<JsonObject>("/api/reports/idtags"))["idTags"]!.AsArray();

        using (Assert.EnterMultipleScope())
        {
            foreach (var line in chargers)
            {
                var id = line!["chargePointId"]!.GetValue<string>();
                Assert.That(NetAndGross(line["revenue"]), Is.EqualTo(NetAndGross(sessions.Where(s => s["chargePointId"]!.GetValue<string>() == id))), id);
            }
            foreach (var line in idTags)
            {
                var tag = line!["idTag"]!.GetValue<string>();
                Assert.That(NetAndGross(line["totalCost"]), Is.EqualTo(NetAndGross(sessions.Where(s => s["idTag"]!.GetValue<string>() == tag))), tag);
            }
            Assert.That(NetAndGross(chargers.Single(l => l!["chargePointId"]!.GetValue<string>() == "CP-EUR")!["revenue"])["EUR"].Net,
                Is.GreaterThan(0m).And.LessThan(NetAndGross(chargers.Single(l => l!["chargePointId"]!.GetValue<string>() == "CP-EUR")!["revenue"])["EUR"].Gross),
                "19 % tax lies between net and gross");
        }
    }

    private static decimal Gross(JsonNode? totals) => totals!.AsArray().Sum(t => t!["gross"]!.GetValue<decimal>());

    [TestCase("revenue")]
    [TestCase("energy")]
    [TestCase("utilization")]
    [TestCase("rating")]
    [TestCase("anomalies")]
    public async Task ChargePointsReport_Sort_OrdersTheLinesByThatFigureBothWays(string key)
    {
        Func<JsonNode, decimal?> figure = key switch
        {
            "revenue" => l => Gross(l["revenue"]),
            "energy" => l => l["energyKwh"]!.GetValue<decimal>(),
            "utilization" => l => l["utilizationPercent"]?.GetValue<decimal>() ?? 0m,
            "rating" => l => l["averageRating"]?.GetValue<decimal>(),
            _ => l => l["anomalyCount"]!.GetValue<decimal>(),
        };
        var unsorted = (await _server.GetJsonAsync<JsonObject>($"/api/reports/chargepoints?{Window}"))["chargePoints"]!.AsArray().Select(l => l!).ToList();
        // Nulls (a charger nobody rated) last either way; ties in id order.
        List<string> Expected(bool descending) => (descending
                ? unsorted.OrderBy(l => figure(l) is null).ThenByDescending(figure)
                : unsorted.OrderBy(l => figure(l) is null).ThenBy(figure))
            .ThenBy(l => l["chargePointId"]!.GetValue<string>(), StringComparer.Ordinal)
            .Select(l => l["chargePointId"]!.GetValue<string>()).ToList();

        var desc = (await _server.GetJsonAsync<JsonObject>($"/api/reports/chargepoints?{Window}&sort={key}"))["chargePoints"]!.AsArray();
        var asc = (await _server.GetJsonAsync<JsonObject>($"/api/reports/chargepoints?{Window}&sort={key}&dir=asc"))["chargePoints"]!.AsArray();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(desc.Select(l => l!["chargePointId"]!.GetValue<string>()), Is.EqualTo(Expected(true)));
            Assert.That(asc.Select(l => l!["chargePointId"]!.GetValue<string>()), Is.EqualTo(Expected(false)));
            Assert.That(Expected(true), Is.Not.EqualTo(Expected(false)), "the data tell the directions apart");
        }
    }

    [TestCase("revenue")]
    [TestCase("energy")]
    [TestCase("rating")]
    [TestCase("anomalies")]
    public async Task IdTagsReport_Sort_OrdersTheLinesByThatFigure(string key)
    {
        Func<JsonNode, decimal?> figure = key switch
        {
            "revenue" => l => Gross(l["totalCost"]),
            "energy" => l => l["energyKwh"]!.GetValue<decimal>(),
            "rating" => l => l["averageRating"]?.GetValue<decimal>(),
            _ => l => l["anomalyCount"]!.GetValue<decimal>(),
        };
        var lines = (await _server.GetJsonAsync<JsonObject>($"/api/reports/idtags?sort={key}&dir=desc"))["idTags"]!.AsArray().Select(l => l!).ToList();
        var expected = lines.OrderBy(l => figure(l) is null).ThenByDescending(figure)
            .ThenBy(l => l["idTag"]!.GetValue<string>(), StringComparer.Ordinal).Select(l => l["idTag"]!.GetValue<string>());

        Assert.That(lines.Select(l => l["idTag"]!.GetValue<string>()), Is.EqualTo(expected));
    }

    [TestCase("chargepoints", "?sort=price", "sort")]
    [TestCase("chargepoints", "?sort=revenue&dir=up", "dir")]
    [TestCase("idtags", "?sort=utilization", "sort")]
    [TestCase("chargepoints", "?from=today", "from")]
    [TestCase("feedback", "?to=2026-02-30T00:00:00Z", "to")]
    [TestCase("idtags", "?from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z", "to")]
    public async Task Report_BadTime_Is400NamingTheField(string report, string query, string field)
    {
        using var response = await _server.Http.GetAsync($"/api/reports/{report}{query}");
        var problem = Json.Parse(await response.Content.ReadAsStringAsync());

        using (Assert.EnterMultipleScope())
        {
            Assert.That((int)response.StatusCode, Is.EqualTo(400));
            Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { field }));
        }
    }
}

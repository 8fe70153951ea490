using System.Net;
using System.Text.Json.Nodes;
using OcppCentral.Tests.TestSupport;
using static OcppCentral.Tests.EndToEnd.ReportSessions;
using static OcppCentral.Tests.EndToEnd.PricingScenarios;

namespace OcppCentral.Tests.EndToEnd;

/// <summary>
/// GET /api/anomalies (docs/anomalies-and-feedback.md, 8): anomalous sessions and orphan messages, driven through the real
/// server. The tests share one server: each uses chargers of its own and reads back only the lines of its chargers.
/// </summary>
[CancelAfter(60_000)]
[TestFixture(TestBackend.Sqlite)]
[TestFixture(TestBackend.Postgres)]
public class AnomaliesApiTests(TestBackend backend) : SharedServerTests(backend)
{
    protected override bool VirtualTime => true;

    private Task<JsonObject> AnomaliesAsync(string query = "") => Server.GetJsonAsync<JsonObject>("/api/anomalies" + query);

    /// <summary>The anomalous sessions of the answer that are on <paramref name="chargers"/>, in the answer's order.</summary>
    private static IEnumerable<long> Ids(JsonObject anomalies, params string[] chargers) =>
        Of(anomalies["sessions"]!, chargers).Select(s => s["transactionId"]!.GetValue<long>());

    /// <summary>The lines of a list (sessions or orphans) that are on <paramref name="chargers"/>, in the answer's order.</summary>
    private static List<JsonNode> Of(JsonNode list, params string[] chargers) =>
        list.AsArray().Select(l => l!).Where(l => chargers.Contains(l["chargePointId"]!.GetValue<string>())).ToList();

    [Test]
    public async Task Get_SessionsWithAnomalies_AreListedNewestFirstWithTheirAnomalies()
    {
        await using var a = await Chargers.BootAsync(Server, "CP-NEWEST-A");
        await using var b = await Chargers.BootAsync(Server, "CP-NEWEST-B");
        var zero = await ChargeAsync(a, 1, "DRIVER", Day, TimeSpan.FromMinutes(30), 0);
        await ChargeAsync(a, 1, "DRIVER", Day.AddHours(1), TimeSpan.FromMinutes(30), 5_000);
        var otherCharger = await ChargeAsync(b, 1, "DRIVER", Day.AddHours(1), TimeSpan.FromMinutes(30), 0);
        var below = await StartAsync(a, 1, "DRIVER", 10_000, Day.AddHours(2));
        await StopAsync(a, below, 9_000, Day.AddHours(2).AddMinutes(10));

        var anomalies = await AnomaliesAsync();

        var sessions = Of(anomalies["sessions"]!, "CP-NEWEST-A", "CP-NEWEST-B");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Ids(anomalies, "CP-NEWEST-A", "CP-NEWEST-B"), Is.EqualTo(new[] { below, otherCharger, zero }));
            Assert.That(sessions[0]!["chargePointId"]!.GetValue<string>(), Is.EqualTo("CP-NEWEST-A"));
            Assert.That(sessions[0]!["connectorId"]!.GetValue<int>(), Is.EqualTo(1));
            Assert.That(sessions[0]!["startTime"]!.GetValue<string>(), Is.EqualTo("2026-11-24T16:40:00.000Z"));
            Assert.That(sessions[0]!["status"]!.GetValue<string>(), Is.EqualTo("Completed"));
            Assert.That(sessions[0]!["anomalies"]!.AsArray().Select(x => x!["code"]!.GetValue<string>()),
                Is.EqualTo(new[] { "MeterStopBelowStart", "ZeroEnergy" }));
            Assert.That(sessions[0]!["anomalies"]![0]!["detail"]!.GetValue<string>(), Does.StartWith("meterStop 9000 Wh is 1000 Wh below"));
            Assert.That(Of(anomalies["orphans"]!, "CP-NEWEST-A", "CP-NEWEST-B"), Is.Empty);
        }
    }

    [Test]
    public async Task Get_FromToAndChargePointId_FilterSessionsOnStartTime()
    {
        await using var a = await Chargers.BootAsync(Server, "CP-FILTER-A");
        await using var b = await Chargers.BootAsync(Server, "CP-FILTER-B");
        var early = await ChargeAsync(a, 1, "DRIVER", Day, TimeSpan.FromMinutes(30), 0);
        var atFrom = await ChargeAsync(b, 1, "DRIVER", Day.AddHours(1), TimeSpan.FromMinutes(30), 0);
        var atTo = await ChargeAsync(a, 1, "DRIVER", Day.AddHours(2), TimeSpan.FromMinutes(30), 0);

        var window = await AnomaliesAsync($"?from={Iso(Day.AddHours(1))}&to={Iso(Day.AddHours(2))}");
        var fromOnly = await AnomaliesAsync($"?from={Iso(Day.AddHours(1))}");
        var charger = await AnomaliesAsync("?chargePointId=CP-FILTER-A");
        var nobody = await AnomaliesAsync("?chargePointId=CP-NONE");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Ids(window, "CP-FILTER-A", "CP-FILTER-B"), Is.EqualTo(new[] { atFrom }));
            Assert.That(Ids(fromOnly, "CP-FILTER-A", "CP-FILTER-B"), Is.EqualTo(new[] { atTo, atFrom }));
            Assert.That(Ids(charger, "CP-FILTER-A", "CP-FILTER-B"), Is.EqualTo(new[] { atTo, early }), "only CP-FILTER-A's");
            Assert.That(charger["sessions"]!.AsArray().Select(l => l!["chargePointId"]!.GetValue<string>()), Is.All.EqualTo("CP-FILTER-A"));
            Assert.That(nobody["sessions"]!.AsArray(), Is.Empty);
        }
    }

    [TestCase("?from=yesterday", "from")]
    [TestCase("?to=2026-13-01T00:00:00Z", "to")]
    [TestCase("?from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z", "to")]
    public async Task Get_BadTime_Is400NamingTheField(string query, string field)
    {
        using var response = await Server.Http.GetAsync("/api/anomalies" + query);
        var problem = Json.Parse(await response.Content.ReadAsStringAsync());

        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { field }));
        }
    }

    private static readonly long[] UnknownIds = [-1, 0, long.MaxValue];

    [Test]
    public async Task OrphanStopAndMeterValues_AreAnsweredAndListedAsSent()
    {
        await using var owner = await Chargers.BootAsync(Server, "CP-OWNER");
        var owned = await StartAsync(owner, 1, "DRIVER", 10_000, Day);
        await using var stranger = await Chargers.BootAsync(Server, "CP-STRANGER");
        var sentIds = UnknownIds.Append(owned).ToList();

        foreach (var transactionId in sentIds)
        {
            var stop = await stranger.CallAsync("StopTransaction", new { transactionId, meterStop = 12_000, timestamp = Iso(Day.AddMinutes(30)) });
            var meter = await stranger.CallAsync("MeterValues", new { connectorId = 1, transactionId, meterValue = new[] { Register(Day.AddMinutes(20), 11_000) } });
            Assert.That(stop.Properties().Concat(meter.Properties()), Is.Empty, "answered with empty confirmations");
        }

        var orphans = (await AnomaliesAsync("?chargePointId=CP-STRANGER"))["orphans"]!.AsArray();
        var owners = await SessionAsync(Server, owned);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(orphans, Has.Count.EqualTo(2 * sentIds.Count));
            Assert.That(orphans.Select(o => o!["chargePointId"]!.GetValue<string>()).Distinct(), Is.EqualTo(new[] { "CP-STRANGER" }));
            foreach (var transactionId in sentIds)
            {
                var sent = transactionId.ToString();
                var mine = orphans.Where(o => o!["transactionId"]!.GetValue<string>() == sent).ToList();
                Assert.That(mine.Select(o => o!["action"]!.GetValue<string>()), Is.EquivalentTo(new[] { "StopTransaction", "MeterValues" }), sent);
                Assert.That(mine.Select(o => o!["payload"]!["transactionId"]!.ToJsonString()), Is.All.EqualTo(sent), sent);
            }
            var stopPayload = orphans.First(o => o!["action"]!.GetValue<string>() == "StopTransaction")!["payload"]!;
            Assert.That(stopPayload["meterStop"]!.GetValue<long>(), Is.EqualTo(12_000));
            Assert.That(orphans[0]!["receivedAt"]!.GetValue<string>(), Does.Match(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$"));
            Assert.That(owners["status"]!.GetValue<string>(), Is.EqualTo("Active"), "another charger's stop leaves the session alone");
            Assert.That(owners["anomalies"]!.AsArray(), Is.Empty);
        }
    }

    [Test]
    public async Task OrphanResentWithTheSameContent_IsListedOnce()
    {
        await using var charger = await Chargers.BootAsync(Server, "CP-RESEND");
        var stop = new { transactionId = -1, meterStop = 12_000, timestamp = Iso(Day) };
        await charger.CallAsync("StopTransaction", stop);
        await charger.CallAsync("StopTransaction", stop);

        Assert.That(Of((await AnomaliesAsync())["orphans"]!, "CP-RESEND"), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Get_FromTo_FilterOrphansOnWhenTheyArrived()
    {
        await using var charger = await Chargers.BootAsync(Server, "CP-ORPHAN");
        await charger.CallAsync("StopTransaction", new { transactionId = 0, meterStop = 1, timestamp = Iso(Day) });
        // The server stamps arrivals with its virtual clock: a second apart, with "between" in the middle.
        Clock.Advance(TimeSpan.FromSeconds(1));
        var between = Clock.GetUtcNow();
        Clock.Advance(TimeSpan.FromSeconds(1));
        await charger.CallAsync("StopTransaction", new { transactionId = 0, meterStop = 2, timestamp = Iso(Day) });

        var before = Of((await AnomaliesAsync($"?to={Iso(between)}"))["orphans"]!, "CP-ORPHAN");
        var after = Of((await AnomaliesAsync($"?from={Iso(between)}"))["orphans"]!, "CP-ORPHAN");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(before.Select(o => o!["payload"]!["meterStop"]!.GetValue<int>()), Is.EqualTo(new[] { 1 }));
            Assert.That(after.Select(o => o!["payload"]!["meterStop"]!.GetValue<int>()), Is.EqualTo(new[] { 2 }));
        }
    }
}

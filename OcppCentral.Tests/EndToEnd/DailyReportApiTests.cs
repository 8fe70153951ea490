using System.Net;
using System.Text.Json.Nodes;
using OcppCentral.Tests.TestSupport;

namespace OcppCentral.Tests.EndToEnd;

/// <summary>
/// GET /api/reports/daily over sessions a simulated charger sent: local days, net and gross, utilization. The tests share
/// one server; the one that charges reads only its charger's days.
/// </summary>
[CancelAfter(60_000)]
[TestFixture(TestBackend.Sqlite)]
[TestFixture(TestBackend.Postgres)]
public class DailyReportApiTests(TestBackend backend) : SharedServerTests(backend)
{
    protected override bool VirtualTime => true;

    [Test]
    public async Task Daily_TwoSessionsOnTwoLocalDays_OneRowPerDayWithNetGrossAndUtilization()
    {
        await using var charger = await Chargers.BootAsync(Server, "CP-D");
        // 23:30 UTC on the 24th is 00:30 on the 25th in Stockholm: the zone decides the day.
        await ReportSessions.ChargeAsync(charger, 1, "A", new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero), TimeSpan.FromHours(6), 12_000);
        await ReportSessions.ChargeAsync(charger, 1, "B", new DateTimeOffset(2026, 11, 24, 23, 30, 0, TimeSpan.Zero), TimeSpan.FromMinutes(30), 3_000);

        var report = await Server.GetJsonAsync<JsonObject>("/api/reports/daily?from=2026-11-24&to=2026-11-26&zone=Europe/Stockholm&chargePointId=CP-D");

        var days = report["days"]!.AsArray();
        var sessions = await Server.GetJsonAsync<JsonArray>("/api/sessions?chargePointId=CP-D");
        decimal Gross(int i) => sessions[i]!["cost"]!["total"]!.GetValue<decimal>();
        decimal Net(int i) => sessions[i]!["cost"]!["net"]!.GetValue<decimal>();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(days.Select(d => d!["date"]!.GetValue<string>()), Is.EqualTo(new[] { "2026-11-24", "2026-11-25" }));
            Assert.That(days[0]!["from"]!.GetValue<string>(), Is.EqualTo("2026-11-23T23:00:00.000Z"));
            Assert.That(days.Select(d => d!["sessions"]!.GetValue<long>()), Is.EqualTo(new[] { 1L, 1L }));
            Assert.That(days.Select(d => d!["energyKwh"]!.GetValue<decimal>()), Is.EqualTo(new[] { 12m, 3m }));
            // Newest first in /api/sessions: [0] is B (the 25th), [1] is A (the 24th).
            Assert.That(days[0]!["revenue"]![0]!["gross"]!.GetValue<decimal>(), Is.EqualTo(Gross(1)));
            Assert.That(days[0]!["revenue"]![0]!["net"]!.GetValue<decimal>(), Is.EqualTo(Net(1)));
            Assert.That(days[1]!["revenue"]![0]!["currency"]!.GetValue<string>(), Is.EqualTo("SEK"));
            Assert.That(days[1]!["revenue"]![0]!["gross"]!.GetValue<decimal>(), Is.EqualTo(Gross(0)));
            Assert.That(days[0]!["utilizationPercent"]!.GetValue<decimal>(), Is.EqualTo(25m), "6 of 24 hours");
            Assert.That(days[1]!["utilizationPercent"]!.GetValue<decimal>(), Is.EqualTo(2.08m), "30 minutes of 24 hours");
            Assert.That(report["sessions"]!.GetValue<long>(), Is.EqualTo(2));
        }
    }

    [Test]
    public async Task Daily_DaylightSavingEnds_TheDayHas25Hours()
    {
        var report = await Server.GetJsonAsync<JsonObject>("/api/reports/daily?from=2026-10-25&to=2026-10-26&zone=Europe/Stockholm");

        var day = report["days"]![0]!;
        Assert.That(day["from"]!.GetValue<string>(), Is.EqualTo("2026-10-24T22:00:00.000Z"));
        Assert.That(day["to"]!.GetValue<string>(), Is.EqualTo("2026-10-25T23:00:00.000Z"));
    }

    [TestCase("zone=Mars/Olympus", "zone")]
    [TestCase("from=yesterday", "from")]
    [TestCase("from=2026-11-10&to=2026-11-01", "to")]
    [TestCase("from=2024-01-01&to=2026-01-01", "to")]
    public async Task Daily_BadParameter_Is400NamingIt(string query, string field)
    {
        using var response = await Server.Http.GetAsync("/api/reports/daily?" + query);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var problem = Json.Parse(await response.Content.ReadAsStringAsync());
        Assert.That(problem["errors"]![field], Is.Not.Null);
    }

    [Test]
    public async Task Daily_NoRange_IsTheLast30DaysUpToToday()
    {
        var report = await Server.GetJsonAsync<JsonObject>("/api/reports/daily");

        Assert.That(report["days"]!.AsArray(), Has.Count.EqualTo(30));
        Assert.That(report["zone"]!.GetValue<string>(), Is.EqualTo("UTC"));
    }
}

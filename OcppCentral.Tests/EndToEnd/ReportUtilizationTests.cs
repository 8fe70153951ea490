using System.Text.Json.Nodes;
using OcppCentral.Tests.TestSupport;
using static OcppCentral.Tests.EndToEnd.ReportSessions;

namespace OcppCentral.Tests.EndToEnd;

/// <summary>
/// utilizationPercent through the real server: one charger, connectors 1 and 2 overlapping for half an hour
/// (busy [0, 90) minutes after <see cref="ReportSessions.Day"/>), connector 3 Active from minute 100 on.
/// </summary>
[CancelAfter(60_000)]
[TestFixture(TestBackend.Sqlite)]
[TestFixture(TestBackend.Postgres)]
public class ReportUtilizationTests(TestBackend backend)
{
    private TestServer _server = null!;

    [OneTimeSetUp]
    public async Task ChargeOneChargerAsync()
    {
        _server = await TestServer.StartAsync(backend, TimeProvider.System);
        await using var charger = await Chargers.BootAsync(_server, "CP-U");
        var first = await StartAsync(charger, 1, "DRIVER1", 0, Day);
        var second = await StartAsync(charger, 2, "DRIVER2", 0, Day.AddMinutes(30));
        await StopAsync(charger, first, 20_000, Day.AddMinutes(60));
        await StopAsync(charger, second, 20_000, Day.AddMinutes(90));
        await StartAsync(charger, 3, "DRIVER3", 0, Day.AddMinutes(100));
    }

    [OneTimeTearDown]
    public async Task StopServerAsync() => await _server.DisposeAsync();

    private async Task<JsonObject> ReportAsync(string query) => await _server.GetJsonAsync<JsonObject>("/api/reports/chargepoints" + query);

    private static decimal? Utilization(JsonObject report) =>
        report["chargePoints"]!.AsArray().Single(c => c!["chargePointId"]!.GetValue<string>() == "CP-U")!["utilizationPercent"]?.GetValue<decimal>();

    [TestCase(0, 180, 94.44, Description = "[0, 90) and [100, 180) of three hours")]
    [TestCase(30, 150, 91.67, Description = "[30, 90) and [100, 150): a session begun before the period is clipped")]
    [TestCase(0, 45, 100, Description = "two connectors at once count once")]
    [TestCase(90, 100, 0, Description = "between the sessions")]
    public async Task UtilizationPercent_ShareOfThePeriodWithAnActiveSession(int fromMinute, int toMinute, decimal percent)
    {
        var report = await ReportAsync($"?from={Iso(Day.AddMinutes(fromMinute))}&to={Iso(Day.AddMinutes(toMinute))}");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Utilization(report), Is.EqualTo(percent));
            Assert.That(report["utilizationPeriod"]!["from"]!.GetValue<string>(), Is.EqualTo(Iso(Day.AddMinutes(fromMinute))));
            Assert.That(report["utilizationPeriod"]!["to"]!.GetValue<string>(), Is.EqualTo(Iso(Day.AddMinutes(toMinute))));
        }
    }

    [Test]
    public async Task UtilizationPeriod_WithoutFromAndTo_RunsFromTheFirstSessionToNow()
    {
        var before = DateTimeOffset.UtcNow;
        var report = await ReportAsync("");
        var after = DateTimeOffset.UtcNow;

        var end = DateTimeOffset.Parse(report["utilizationPeriod"]!["to"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(report["from"], Is.Null);
            Assert.That(report["to"], Is.Null);
            Assert.That(report["utilizationPeriod"]!["from"]!.GetValue<string>(), Is.EqualTo(Iso(Day)));
            Assert.That(end, Is.InRange(before.AddMilliseconds(-1), after));
            // Connector 3 still charges, up to the period's end: idle only between minutes 90 and 100.
            var periodMs = (decimal)(end - Day).TotalMilliseconds;
            Assert.That(Utilization(report), Is.EqualTo(Math.Round((periodMs - 600_000) * 100 / periodMs, 2, MidpointRounding.AwayFromZero)));
        }
    }

    [Test]
    public async Task UtilizationPercent_PeriodInTheFuture_IsNull()
    {
        var report = await ReportAsync($"?from={Iso(DateTimeOffset.UtcNow.AddDays(1))}");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(report["utilizationPeriod"], Is.Null);
            Assert.That(Utilization(report), Is.Null);
        }
    }
}

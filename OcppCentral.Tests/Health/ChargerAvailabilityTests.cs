using System.Globalization;
using System.Text.Json.Nodes;
using OcppCentral.Tests.TestSupport;
using OcppCentral.Transport;

namespace OcppCentral.Tests.Health;

/// <summary>
/// availabilityPercent through the real server on virtual time: a charger online for 30 minutes, offline for 30,
/// online again for 60 (docs/charger-health.md).
/// </summary>
[CancelAfter(60_000)]
public class ChargerAvailabilityTests
{
    private static CancellationToken Ct => TestContext.CurrentContext.CancellationToken;

    private readonly VirtualClock _clock = new();
    private TestServer _server = null!;
    private DateTimeOffset _start;

    [OneTimeSetUp]
    public async Task ConnectDropAndReconnectAsync()
    {
        _server = await TestServer.StartAsync(_clock);
        _start = _clock.GetUtcNow();
        var first = await Chargers.BootAsync(_server, "CP-AV");
        _clock.Advance(TimeSpan.FromMinutes(30));
        Assert.That(_server.GetService<ChargerRegistry>().TryGet("CP-AV", out var connection), Is.True);
        first.Abort();
        await connection.Departed;
        _clock.Advance(TimeSpan.FromMinutes(30));
        await using var second = await Chargers.BootAsync(_server, "CP-AV");
        _clock.Advance(TimeSpan.FromMinutes(60));
    }

    [OneTimeTearDown]
    public async Task StopServerAsync() => await _server.DisposeAsync();

    [Test]
    public async Task ChargePointsReport_AvailabilityPercent_IsTheShareOfThePeriodOnline()
    {
        var report = await _server.GetJsonAsync<JsonObject>($"/api/reports/chargepoints?from={Iso(_start)}&to={Iso(_start.AddHours(2))}");

        var line = report["chargePoints"]!.AsArray().Single(c => c!["chargePointId"]!.GetValue<string>() == "CP-AV")!;
        Assert.That(line["availabilityPercent"]!.GetValue<decimal>(), Is.EqualTo(75m));
    }

    [Test]
    public async Task ChargePointsReport_PeriodWhileOffline_IsZero()
    {
        var report = await _server.GetJsonAsync<JsonObject>(
            $"/api/reports/chargepoints?from={Iso(_start.AddMinutes(35))}&to={Iso(_start.AddMinutes(55))}");

        var line = report["chargePoints"]!.AsArray().Single(c => c!["chargePointId"]!.GetValue<string>() == "CP-AV")!;
        Assert.That(line["availabilityPercent"]!.GetValue<decimal>(), Is.Zero);
    }

    [Test]
    public async Task DailyReport_AvailabilityPercent_IsTheShareOfTheDaySoFarOnline()
    {
        var now = _clock.GetUtcNow();
        var today = now.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var tomorrow = now.UtcDateTime.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var report = await _server.GetJsonAsync<JsonObject>($"/api/reports/daily?from={today}&to={tomorrow}&chargePointId=CP-AV");

        var day = report["days"]!.AsArray().Single()!;
        // Measured from the first connection (two hours ago); a run that crossed midnight UTC measures only what came after it.
        if (_start.UtcDateTime.Date == now.UtcDateTime.Date)
            Assert.That(day["availabilityPercent"]!.GetValue<decimal>(), Is.EqualTo(75m));
        else
            Assert.That(day["availabilityPercent"]!.GetValue<decimal>(), Is.InRange(0m, 100m));
    }

    private static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
}

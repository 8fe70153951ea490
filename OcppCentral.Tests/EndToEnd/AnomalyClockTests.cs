using OcppCentral.Tests.TestSupport;
using static OcppCentral.Tests.EndToEnd.ReportSessions;

namespace OcppCentral.Tests.EndToEnd;

/// <summary>
/// docs/anomalies-and-feedback.md TimestampInFuture through the real server: a charger whose clock runs ahead of the server's. The margins
/// (10 and 4 minutes against a 5-minute limit) are wide enough that how long the test takes does not matter.
/// </summary>
[CancelAfter(60_000)]
public class AnomalyClockTests : SharedServerTests
{
    private async Task<long> ChargeWithClockAheadAsync(string chargePointId, TimeSpan ahead)
    {
        await using var charger = await Chargers.BootAsync(Server, chargePointId);
        var chargerNow = DateTimeOffset.UtcNow + ahead;
        var id = await StartAsync(charger, 1, "DRIVER", 10_000, chargerNow);
        await MeterAsync(charger, 1, id, chargerNow.AddSeconds(1), 10_010);
        await StopAsync(charger, id, 10_020, chargerNow.AddSeconds(2));
        return id;
    }

    [Test]
    public async Task Session_ChargerClockTenMinutesAhead_IsTimestampInFutureOnce()
    {
        var id = await ChargeWithClockAheadAsync("CP-AHEAD", TimeSpan.FromMinutes(10));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(await CodesAsync(Server, id), Is.EqualTo(new[] { "TimestampInFuture" }));
            Assert.That(await DetailAsync(Server, id, "TimestampInFuture"), Does.StartWith("StartTransaction 20")
                .And.Contain("ahead of the server's clock").And.EndWith("Check the charger's clock (NTP)."));
        }
    }

    [Test]
    public async Task Session_ChargerClockFourMinutesAhead_HasNoAnomaly()
    {
        var id = await ChargeWithClockAheadAsync("CP-SLIGHTLY", TimeSpan.FromMinutes(4));

        Assert.That(await CodesAsync(Server, id), Is.Empty);
    }

    [Test]
    public async Task Session_OnlyTheStopTimestampAhead_IsTimestampInFutureNamingTheStop()
    {
        await using var charger = await Chargers.BootAsync(Server, "CP-STOP-AHEAD");
        var id = await StartAsync(charger, 1, "DRIVER", 10_000, DateTimeOffset.UtcNow.AddMinutes(-30));
        await StopAsync(charger, id, 12_000, DateTimeOffset.UtcNow.AddMinutes(10));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(await CodesAsync(Server, id), Is.EqualTo(new[] { "TimestampInFuture" }));
            Assert.That(await DetailAsync(Server, id, "TimestampInFuture"), Does.StartWith("StopTransaction 20"));
        }
    }
}

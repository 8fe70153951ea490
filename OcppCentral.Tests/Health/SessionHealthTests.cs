using System.Text.Json.Nodes;
using OcppCentral.Tests.EndToEnd;
using OcppCentral.Tests.TestSupport;
using static OcppCentral.Tests.EndToEnd.ReportSessions;

namespace OcppCentral.Tests.Health;

/// <summary>A session's link and faults through the real server (docs/charger-health.md): receipts of meter values, FaultDuringSession, late readings.</summary>
[CancelAfter(60_000)]
public class SessionHealthTests : SharedServerTests
{
    [Test]
    public async Task Session_ConnectorFaultedWhileCharging_GetsFaultDuringSessionWithTheErrorCode()
    {
        await using var charger = await Chargers.BootAsync(Server, "CP-SH-FAULT");
        var now = Server.Time.GetUtcNow();
        var transactionId = await StartAsync(charger, 1, "DRIVER1", 1000, now.AddSeconds(-30));
        await charger.CallAsync("StatusNotification", new { connectorId = 1, status = "Faulted", errorCode = "GroundFailure", info = "RCD tripped" });
        await StopAsync(charger, transactionId, 1500, now);

        var detail = await DetailAsync(Server, transactionId, "FaultDuringSession");
        Assert.That(detail, Does.Contain("connector 1 Faulted at").And.Contain("with GroundFailure (RCD tripped)"));
    }

    [Test]
    public async Task Session_ReadingsSentLongAfterTheirTimestamp_GetChargerOfflineDuringSessionAndShowWhenReceived()
    {
        await using var charger = await Chargers.BootAsync(Server, "CP-SH-LATE");
        var now = Server.Time.GetUtcNow();
        var transactionId = await StartAsync(charger, 1, "DRIVER1", 1000, now.AddMinutes(-15));
        // Queued while offline, sent ten minutes late; then a live one.
        await MeterAsync(charger, 1, transactionId, now.AddMinutes(-10), 1200);
        await MeterAsync(charger, 1, transactionId, now, 1500);
        await StopAsync(charger, transactionId, 1500, now);

        var detail = await DetailAsync(Server, transactionId, "ChargerOfflineDuringSession");
        var values = await Server.GetJsonAsync<JsonArray>($"/api/sessions/{transactionId}/meter-values");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(detail, Does.Contain($"readings from {Utc(now.AddMinutes(-10))} to {Utc(now.AddMinutes(-10))} arrived from")
                .And.Contain("minutes late"));
            Assert.That(values.Select(v => v!["receivedAt"]?.GetValue<DateTimeOffset>()), Has.All.GreaterThanOrEqualTo(now));
        }
    }

    [Test]
    public async Task Session_ReadingsInRealTime_HasNoLinkAnomaly()
    {
        await using var charger = await Chargers.BootAsync(Server, "CP-SH-FINE");
        var now = Server.Time.GetUtcNow();
        var transactionId = await StartAsync(charger, 1, "DRIVER1", 1000, now);
        await MeterAsync(charger, 1, transactionId, now, 1200);
        await StopAsync(charger, transactionId, 1500, now.AddSeconds(1));

        Assert.That(await CodesAsync(Server, transactionId), Has.None.EqualTo("ChargerOfflineDuringSession").And.None.EqualTo("FaultDuringSession"));
    }

    /// <summary>As anomaly details write a time, at the milliseconds it is stored with.</summary>
    private static string Utc(DateTimeOffset t) =>
        DateTimeOffset.FromUnixTimeMilliseconds(t.ToUnixTimeMilliseconds()).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", System.Globalization.CultureInfo.InvariantCulture);
}

using System.Text.Json.Nodes;
using OcppCentral.Tests.TestSupport;
using static OcppCentral.Tests.EndToEnd.ReportSessions;

namespace OcppCentral.Tests.EndToEnd;

/// <summary>
/// docs/sessions-and-pricing.md's limit of samples per session, through the real server started with a limit of 3: past it
/// a message is answered, kept whole as an orphan and not billed, and the session is flagged SampleLimitReached.
/// </summary>
[CancelAfter(60_000)]
public class SessionSampleLimitTests : SharedServerTests
{
    protected override string[] ServerArguments => ["--max-samples-per-session", "3"];

    [Test]
    public async Task MeterValues_PastTheLimit_AreAnsweredKeptAsOrphansAndFlagged_AndMeterStopStillBillsTheSession()
    {
        await using var charger = await Chargers.BootAsync(Server, "CP-LIMIT");
        var id = await StartAsync(charger, 1, "DRIVER", 10_000, Day);
        await MeterAsync(charger, 1, id, Day.AddMinutes(10), 11_000);
        await MeterAsync(charger, 1, id, Day.AddMinutes(20), 12_000);
        await MeterAsync(charger, 1, id, Day.AddMinutes(30), 13_000);
        var past = await charger.CallAsync("MeterValues", new { connectorId = 1, transactionId = id, meterValue = new[] { Register(Day.AddMinutes(40), 14_000) } });
        await StopAsync(charger, id, 15_000, Day.AddMinutes(50));

        var session = await PricingScenarios.SessionAsync(Server, id);
        var samples = await Server.GetJsonAsync<JsonArray>($"/api/sessions/{id}/meter-values");
        var orphans = (await Server.GetJsonAsync<JsonObject>("/api/anomalies?chargePointId=CP-LIMIT"))["orphans"]!.AsArray();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(past.Properties(), Is.Empty, "answered with an empty confirmation");
            Assert.That(samples.Select(s => s!["normalizedValue"]!.GetValue<decimal>()), Is.EqualTo(new[] { 11_000m, 12_000m, 13_000m }));
            Assert.That(orphans.Select(o => (o!["action"]!.GetValue<string>(), o["transactionId"]!.GetValue<string>())),
                Is.EqualTo(new[] { ("MeterValues", id.ToString()) }));
            Assert.That(orphans[0]!["payload"]!["meterValue"]![0]!["sampledValue"]![0]!["value"]!.GetValue<string>(), Is.EqualTo("14000"));
            Assert.That(await CodesAsync(Server, id), Is.EqualTo(new[] { "SampleLimitReached" }));
            Assert.That(await DetailAsync(Server, id, "SampleLimitReached"), Does.Contain("The session holds 3 meter values")
                .And.Contain("past the limit of 3 per session"));
            Assert.That(session["status"]!.GetValue<string>(), Is.EqualTo("Completed"));
            Assert.That(session["energyKwh"]!.GetValue<decimal>(), Is.EqualTo(5m), "meterStop bills the whole session");
        }
    }

    [Test]
    public async Task StopTransaction_WhoseTransactionDataPassesTheLimit_ClosesTheSession_AndKeepsTheStopAsAnOrphan()
    {
        await using var charger = await Chargers.BootAsync(Server, "CP-LIMIT-STOP");
        var id = await StartAsync(charger, 1, "DRIVER", 10_000, Day);
        await MeterAsync(charger, 1, id, Day.AddMinutes(10), 11_000);
        await MeterAsync(charger, 1, id, Day.AddMinutes(20), 12_000);
        await StopAsync(charger, id, 14_000, Day.AddMinutes(40), Register(Day.AddMinutes(30), 13_000), Register(Day.AddMinutes(40), 14_000));

        var session = await PricingScenarios.SessionAsync(Server, id);
        var samples = await Server.GetJsonAsync<JsonArray>($"/api/sessions/{id}/meter-values");
        var orphans = (await Server.GetJsonAsync<JsonObject>("/api/anomalies?chargePointId=CP-LIMIT-STOP"))["orphans"]!.AsArray();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(session["status"]!.GetValue<string>(), Is.EqualTo("Completed"));
            Assert.That(session["energyKwh"]!.GetValue<decimal>(), Is.EqualTo(4m));
            Assert.That(samples, Has.Count.EqualTo(2));
            Assert.That(orphans.Select(o => o!["action"]!.GetValue<string>()), Is.EqualTo(new[] { "StopTransaction" }));
            Assert.That(await CodesAsync(Server, id), Does.Contain("SampleLimitReached"));
        }
    }

    [Test]
    public async Task ResentMeterValues_AreCountedOnce_TowardTheLimit()
    {
        await using var charger = await Chargers.BootAsync(Server, "CP-LIMIT-RESEND");
        var id = await StartAsync(charger, 1, "DRIVER", 10_000, Day);
        await MeterAsync(charger, 1, id, Day.AddMinutes(10), 11_000);
        await MeterAsync(charger, 1, id, Day.AddMinutes(10), 11_000);
        await MeterAsync(charger, 1, id, Day.AddMinutes(20), 12_000);
        await MeterAsync(charger, 1, id, Day.AddMinutes(30), 13_000);

        var samples = await Server.GetJsonAsync<JsonArray>($"/api/sessions/{id}/meter-values");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(samples, Has.Count.EqualTo(3));
            Assert.That(await CodesAsync(Server, id), Is.Empty);
        }
    }
}

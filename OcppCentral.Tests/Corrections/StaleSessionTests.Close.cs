using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using OcppCentral.Tests.TestSupport;
using static OcppCentral.Tests.EndToEnd.PricingScenarios;
using static OcppCentral.Tests.EndToEnd.ReportSessions;

namespace OcppCentral.Tests.Corrections;

public partial class StaleSessionTests
{
    private int _chargers;

    private Task<HttpResponseMessage> CorrectAsync(long transactionId, string json) =>
        _server.Http.PostAsync($"/api/sessions/{transactionId}/corrections", new StringContent(json, Encoding.UTF8, "application/json"), Ct);

    private async Task<(HttpStatusCode Status, JsonNode Body)> CorrectionAnswerAsync(long transactionId, string json)
    {
        using var response = await CorrectAsync(transactionId, json);
        return (response.StatusCode, Json.Parse(await response.Content.ReadAsStringAsync(Ct)));
    }

    /// <summary>An Active session on a charger of its own with the flat tariff: meterStart 10,000 Wh, 15,000 after 30 minutes, 20,000 after an hour.</summary>
    private async Task<(string ChargePointId, long TransactionId, DateTimeOffset Start)> ActiveSessionAsync()
    {
        var chargePointId = $"CP-CLOSE-{Interlocked.Increment(ref _chargers)}";
        await using var charger = await Chargers.BootAsync(_server, chargePointId, ct: Ct);
        await AssignTariffAsync(_server, chargePointId, "flat");
        var start = _clock.GetUtcNow();
        var id = await StartAsync(charger, 1, "DRIVER", 10_000, start);
        _clock.Advance(TimeSpan.FromMinutes(30));
        await MeterAsync(charger, 1, id, start.AddMinutes(30), 15_000);
        _clock.Advance(TimeSpan.FromMinutes(30));
        await MeterAsync(charger, 1, id, start.AddMinutes(60), 20_000);
        return (chargePointId, id, start);
    }

    private static decimal Total(JsonNode node) => node["cost"]!["total"]!.GetValue<decimal>();

    [Test]
    public async Task AStaleSession_IsFoundInVirtualTime_ClosedByAnOperator_ThenMeasuredAgainByTheChargersLateStop()
    {
        var (chargePointId, id, start) = await ActiveSessionAsync();
        await AdvanceAndSweepAsync(TimeSpan.FromHours(12) + TimeSpan.FromMinutes(2), ids => ids.Contains(id));
        var open = await _server.GetJsonAsync<JsonObject>($"/api/anomalies?status=Open&chargePointId={chargePointId}");
        var anomalyId = open["sessions"]![0]!["anomalies"]!.AsArray().Single(a => a!["code"]!.GetValue<string>() == "NoStopReceived")!["id"]!.GetValue<long>();

        var (closeStatus, closed) = await CorrectionAnswerAsync(id, """{"kind":"close","reason":"Charger died; closed at its last reading"}""");
        var afterClose = await SessionAsync(_server, id);
        var resolved = await _server.GetJsonAsync<JsonObject>($"/api/anomalies/{anomalyId}");

        // The charger comes back and sends the StopTransaction it kept: 22,000 Wh half an hour after its last reading.
        await using (var charger = await Chargers.ConnectAsync(_server, chargePointId, ct: Ct))
        {
            await StopAsync(charger, id, 22_000, start.AddMinutes(90));
            await StopAsync(charger, id, 22_000, start.AddMinutes(90));
        }
        var afterStop = await SessionAsync(_server, id);
        var versions = await _server.GetJsonAsync<JsonArray>($"/api/sessions/{id}/versions");
        var report = await _server.GetJsonAsync<JsonObject>($"/api/reports/chargepoints?from={Iso(start.AddMinutes(-1))}");
        var line = report["chargePoints"]!.AsArray().Single(l => l!["chargePointId"]!.GetValue<string>() == chargePointId)!;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(closeStatus, Is.EqualTo(HttpStatusCode.Created), closed.ToJsonString());
            Assert.That(closed["version"]!.GetValue<int>(), Is.EqualTo(1));
            Assert.That(closed["kind"]!.GetValue<string>(), Is.EqualTo("close"));
            Assert.That(closed["actor"]!.GetValue<string>(), Is.EqualTo("local"));
            Assert.That(closed["stopTime"]!.GetValue<string>(), Is.EqualTo(Iso(start.AddMinutes(60))));
            Assert.That(closed["meterStopWh"]!.GetValue<long>(), Is.EqualTo(20_000));
            Assert.That(closed["energyKwh"]!.GetValue<decimal>(), Is.EqualTo(10m));
            Assert.That(Amounts(closed["cost"]!), Is.EqualTo((20.00m, 5.00m, 25.00m)));
            Assert.That(afterClose["status"]!.GetValue<string>(), Is.EqualTo("Completed"));
            Assert.That(afterClose["stopReason"]!.GetValue<string>(), Is.EqualTo("Other"));
            Assert.That(afterClose["version"]!.GetValue<int>(), Is.EqualTo(1));
            Assert.That(afterClose["corrected"]!.GetValue<bool>(), Is.True);
            Assert.That(resolved["status"]!.GetValue<string>(), Is.EqualTo("Resolved"));
            Assert.That(resolved["resolvedByVersion"]!.GetValue<int>(), Is.EqualTo(1));
            Assert.That(resolved["decidedBy"]!.GetValue<string>(), Is.EqualTo("local"));

            Assert.That(versions.Select(v => (v!["version"]!.GetValue<int>(), v["kind"]!.GetValue<string>(), v["actor"]!.GetValue<string>())),
                Is.EqualTo(new[] { (1, "close", "local"), (2, "remeasure", "system") }), "the resent Stop made no version");
            Assert.That(versions[0]!["reason"]!.GetValue<string>(), Is.EqualTo("Charger died; closed at its last reading"));
            Assert.That(Total(versions[0]!), Is.EqualTo(25.00m), "the original bill stays visible");
            Assert.That(versions[1]!["reason"]!.GetValue<string>(), Does.Contain("StopTransaction arrived after an operator closed the session"));
            Assert.That(versions[1]!["meterStopWh"]!.GetValue<long>(), Is.EqualTo(22_000));
            Assert.That(versions[1]!["changes"]!["total"]!.ToJsonString(), Is.EqualTo("""{"from":25.00,"to":30.00}"""));
            Assert.That(afterStop["version"]!.GetValue<int>(), Is.EqualTo(2));
            Assert.That(afterStop["stopTime"]!.GetValue<string>(), Is.EqualTo(Iso(start.AddMinutes(90))));
            Assert.That(afterStop["stopReason"]!.GetValue<string>(), Is.EqualTo("EVDisconnected"));
            Assert.That(afterStop["meterStopWh"]!.GetValue<long>(), Is.EqualTo(22_000));
            Assert.That(Amounts(afterStop["cost"]!), Is.EqualTo((24.00m, 6.00m, 30.00m)));
            Assert.That(afterStop["anomalies"]!.AsArray().Select(a => a!["code"]!.GetValue<string>()), Does.Not.Contain("NoStopReceived"));
            Assert.That(line["energyKwh"]!.GetValue<decimal>(), Is.EqualTo(12m));
            Assert.That(line["revenue"]![0]!["gross"]!.GetValue<decimal>(), Is.EqualTo(30.00m));
        }
    }

    [Test]
    public async Task Close_DropsTheSessionsRunningEstimate_AsAChargersStopDoes()
    {
        var (_, id, _) = await ActiveSessionAsync();
        using (var record = await _server.Http.GetAsync($"/api/sessions/{id}", Ct))
            Assert.That(record.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var estimates = _server.GetService<OcppCentral.Ledger.RunningEstimates>();
        Assert.That(estimates.Holds(id), Is.True, "the record's estimate is kept while the session is Active");

        var (status, closed) = await CorrectionAnswerAsync(id, """{"kind":"close","reason":"Charger lost its modem"}""");

        Assert.That(status, Is.EqualTo(HttpStatusCode.Created), closed.ToJsonString());
        Assert.That(estimates.Holds(id), Is.False, "closed by the operator, so no estimate is kept for it");
    }

    [Test]
    public async Task Close_AtAGivenStopTimeAndMeterStop_MeasuresAndPricesTheSessionThere()
    {
        var (_, id, start) = await ActiveSessionAsync();

        var (status, closed) = await CorrectionAnswerAsync(id,
            $$"""{"kind":"close","stopTime":"{{Iso(start.AddMinutes(45))}}","meterStopWh":16000,"reason":"Driver's photo of the display"}""");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.Created), closed.ToJsonString());
            Assert.That(closed["stopTime"]!.GetValue<string>(), Is.EqualTo(Iso(start.AddMinutes(45))));
            Assert.That(closed["meterStopWh"]!.GetValue<long>(), Is.EqualTo(16_000));
            Assert.That(closed["energyKwh"]!.GetValue<decimal>(), Is.EqualTo(6m));
            Assert.That(closed["durationMinutes"]!.GetValue<decimal>(), Is.EqualTo(45m));
            Assert.That(Amounts(closed["cost"]!), Is.EqualTo((12.00m, 3.00m, 15.00m)));
        }
    }

    [Test]
    public async Task Close_OfACompletedSession_AndEveryOtherKindOfAnActiveOne_Are409()
    {
        var (_, active, _) = await ActiveSessionAsync();
        var (_, completed, _) = await ActiveSessionAsync();
        (await CorrectAsync(completed, """{"kind":"close","reason":"Stale"}""")).EnsureSuccessStatusCode();

        var closeAgain = await CorrectionAnswerAsync(completed, """{"kind":"close","reason":"Again"}""");
        var others = new List<HttpStatusCode>();
        foreach (var body in new[]
                 {
                     """{"kind":"setMeterStop","meterStopWh":16000,"reason":"r"}""", $$"""{"kind":"setStopTime","stopTime":"{{Iso(_clock.GetUtcNow())}}","reason":"r"}""",
                     """{"kind":"excludeReadings","readingIds":[1],"reason":"r"}""", """{"kind":"reprice","tariffId":"flat","reason":"r"}""",
                     """{"kind":"credit","amount":1.00,"reason":"r"}""", """{"kind":"void","reason":"r"}""",
                 })
            others.Add((await CorrectionAnswerAsync(active, body)).Status);
        var session = await SessionAsync(_server, active);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(closeAgain.Status, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(closeAgain.Body["detail"]!.GetValue<string>(), Does.Contain("is Completed"));
            Assert.That(others, Is.All.EqualTo(HttpStatusCode.Conflict));
            Assert.That(session["status"]!.GetValue<string>(), Is.EqualTo("Active"));
            Assert.That((await CorrectionAnswerAsync(987_654, """{"kind":"close","reason":"r"}""")).Status, Is.EqualTo(HttpStatusCode.NotFound));
        }
    }

    [TestCase("stopTime", -1, null)]
    [TestCase("stopTime", 24 * 60, null)]
    [TestCase("meterStopWh", null, 9_999L)]
    [TestCase("reason", null, null)]
    public async Task Close_WithAStopBeforeTheStartOrInTheFuture_OrAMeterStopBelowMeterStart_Is400NamingTheField(string field, int? stopMinutes,
        long? meterStopWh)
    {
        var (_, id, start) = await ActiveSessionAsync();
        var body = new JsonObject { ["kind"] = "close" };
        if (field != "reason")
            body["reason"] = "Stale";
        if (stopMinutes is { } minutes)
            body["stopTime"] = Iso(start.AddMinutes(minutes));
        if (meterStopWh is { } wh)
            body["meterStopWh"] = wh;

        var (status, problem) = await CorrectionAnswerAsync(id, body.ToJsonString());

        using (Assert.EnterMultipleScope())
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest), problem.ToJsonString());
            Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { field }));
            Assert.That((await SessionAsync(_server, id))["status"]!.GetValue<string>(), Is.EqualTo("Active"));
        }
    }
}

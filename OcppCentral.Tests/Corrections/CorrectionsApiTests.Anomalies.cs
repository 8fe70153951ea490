using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using OcppCentral.Tests.TestSupport;
using static OcppCentral.Tests.EndToEnd.ReportSessions;
using static OcppCentral.Tests.EndToEnd.PricingScenarios;

namespace OcppCentral.Tests.Corrections;

/// <summary>The anomaly workflow (docs/corrections.md): ids and statuses, PATCH /api/anomalies/{id}, GET /api/anomalies?status=.</summary>
public partial class CorrectionsApiTests
{
    private Task<HttpResponseMessage> PatchAsync(long anomalyId, string json) =>
        Server.Http.PatchAsync($"/api/anomalies/{anomalyId}", new StringContent(json, Encoding.UTF8, "application/json"));

    private async Task<JsonNode> PatchedAsync(long anomalyId, string json)
    {
        using var response = await PatchAsync(anomalyId, json);
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), body);
        return Json.Parse(body);
    }

    private async Task<JsonNode[]> AnomaliesOfAsync(string chargePointId, string? status = null)
    {
        var list = await Server.GetJsonAsync<JsonObject>($"/api/anomalies?chargePointId={chargePointId}{(status is null ? "" : "&status=" + status)}");
        return list["sessions"]!.AsArray().SelectMany(s => s!["anomalies"]!.AsArray()).Select(a => a!).ToArray();
    }

    [Test]
    public async Task ACorrectionThatRemovesTheCause_ResolvesTheAnomalyWithItsVersion()
    {
        var id = await ChargeSessionAsync(15_000, 3, 18_000);
        var chargePointId = (await SessionAsync(Server, id))["chargePointId"]!.GetValue<string>();
        var open = (await AnomaliesOfAsync(chargePointId)).Single(a => a["code"]!.GetValue<string>() == "MeterWentBackwards");
        var reset = (await Server.GetJsonAsync<JsonArray>($"/api/sessions/{id}/meter-values"))
            .Single(r => r!["value"]!.GetValue<string>() == "3")!["id"]!.GetValue<long>();

        await CreatedAsync(id, $$"""{"kind":"excludeReadings","readingIds":[{{reset}}],"reason":"The meter reset"}""");
        var resolved = await AnomaliesOfAsync(chargePointId, "Resolved");
        var stillOpen = await AnomaliesOfAsync(chargePointId);
        using var again = await PatchAsync(open["id"]!.GetValue<long>(), """{"status":"Open"}""");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(open["status"]!.GetValue<string>(), Is.EqualTo("Open"));
            Assert.That(resolved.Select(a => (a["id"]!.GetValue<long>(), a["status"]!.GetValue<string>(), a["resolvedByVersion"]!.GetValue<int>())),
                Is.EqualTo(new[] { (open["id"]!.GetValue<long>(), "Resolved", 2) }));
            Assert.That(resolved[0]["decidedBy"]!.GetValue<string>(), Is.EqualTo("local"));
            Assert.That(stillOpen.Select(a => a["code"]!.GetValue<string>()), Does.Not.Contain("MeterWentBackwards"));
            Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.Conflict), "a resolved anomaly is final");
        }
    }

    [Test]
    public async Task Patch_AcknowledgesDismissesWithANoteReopensAndResolvesNamingTheCorrection()
    {
        await using var charger = await Chargers.BootAsync(Server, "CP-CORR-ZERO");
        var id = await ChargeAsync(charger, 1, "DRIVER", Day, TimeSpan.FromMinutes(30), 0);
        var anomalyId = (await AnomaliesOfAsync("CP-CORR-ZERO")).Single(a => a["code"]!.GetValue<string>() == "ZeroEnergy")["id"]!.GetValue<long>();

        var acknowledged = await PatchedAsync(anomalyId, """{"status":"Acknowledged"}""");
        var listed = await AnomaliesOfAsync("CP-CORR-ZERO", "Acknowledged");
        using var noNote = await PatchAsync(anomalyId, """{"status":"Dismissed"}""");
        var dismissed = await PatchedAsync(anomalyId, """{"status":"Dismissed","note":"The driver unplugged at once; nothing to bill."}""");
        var reopened = await PatchedAsync(anomalyId, """{"status":"Open"}""");
        using var notACorrection = await PatchAsync(anomalyId, """{"status":"Resolved","correctionVersion":1}""");
        await CreatedAsync(id, """{"kind":"void","reason":"Nothing was charged"}""");
        var resolved = await PatchedAsync(anomalyId, """{"status":"Resolved","correctionVersion":2,"note":"Voided"}""");
        using var unknown = await PatchAsync(987_654_321, """{"status":"Acknowledged"}""");
        using var badStatus = await PatchAsync(anomalyId, """{"status":"Done"}""");
        using var badFilter = await Server.Http.GetAsync("/api/anomalies?status=Done");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(acknowledged["status"]!.GetValue<string>(), Is.EqualTo("Acknowledged"));
            Assert.That(listed.Select(a => a["id"]!.GetValue<long>()), Is.EqualTo(new[] { anomalyId }));
            Assert.That(noNote.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(Json.Parse(await noNote.Content.ReadAsStringAsync())["errors"]!.AsObject().Single().Key, Is.EqualTo("note"));
            Assert.That((dismissed["status"]!.GetValue<string>(), dismissed["note"]!.GetValue<string>()),
                Is.EqualTo(("Dismissed", "The driver unplugged at once; nothing to bill.")));
            Assert.That(reopened["status"]!.GetValue<string>(), Is.EqualTo("Open"));
            Assert.That(notACorrection.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That((resolved["status"]!.GetValue<string>(), resolved["resolvedByVersion"]!.GetValue<int>()), Is.EqualTo(("Resolved", 2)));
            Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(badStatus.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(badFilter.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(await CodesAsync(Server, id), Does.Not.Contain("ZeroEnergy"), "a resolved anomaly is no longer the session's");
        }
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OcppCentral.Tests.TestSupport;

namespace OcppCentral.Tests.Webhooks;

/// <summary>Registering webhooks through the real server (docs/webhooks.md): what is kept, what is never shown, what is refused.</summary>
[CancelAfter(60_000)]
public class WebhooksApiTests : SharedServerTests
{
    private const string Secret = "a-webhook-secret-of-32-bytes-xyz";

    private static CancellationToken Ct => TestContext.CurrentContext.CancellationToken;

    [Test]
    public async Task Put_ValidRegistration_IsShownWithItsTypes_NeverItsSecret_AndAudited()
    {
        using var put = await Server.Http.PutAsJsonAsync("/api/webhooks/ops-pager",
            new { url = "https://pager.example/hooks/cm", secret = Secret, eventTypes = new[] { "charger.offline", "anomaly.detected" } }, Ct);
        var putText = await put.Content.ReadAsStringAsync(Ct);
        var one = await Server.Http.GetStringAsync("/api/webhooks/ops-pager", Ct);
        var all = await Server.Http.GetStringAsync("/api/webhooks", Ct);
        var audit = await Server.Http.GetStringAsync("/api/audit", Ct);

        var shown = Json.Parse(one);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.OK), putText);
            Assert.That(shown["url"]!.GetValue<string>(), Is.EqualTo("https://pager.example/hooks/cm"));
            Assert.That(shown["eventTypes"]!.AsArray().Select(t => t!.GetValue<string>()), Is.EquivalentTo(new[] { "charger.offline", "anomaly.detected" }));
            Assert.That(shown["secretSet"]!.GetValue<bool>(), Is.True);
            Assert.That(Json.Parse(all).AsArray().Select(w => w!["id"]!.GetValue<string>()), Does.Contain("ops-pager"));
            foreach (var answer in new[] { putText, one, all, audit })
                Assert.That(answer, Does.Not.Contain(Secret));
            Assert.That(Json.Parse(audit).AsArray().Select(e => (e!["category"]!.GetValue<string>(), e["path"]!.GetValue<string>())),
                Does.Contain(("webhookChange", "/api/webhooks/ops-pager")));
        }
    }

    [Test]
    public async Task Put_WithoutSecret_KeepsTheSecretSet_AndReplacesTheTypes()
    {
        (await Server.Http.PutAsJsonAsync("/api/webhooks/keep-secret",
            new { url = "http://127.0.0.1:9/a", secret = Secret, eventTypes = new[] { "feedback.low" } }, Ct)).EnsureSuccessStatusCode();
        using var again = await Server.Http.PutAsJsonAsync("/api/webhooks/keep-secret",
            new { url = "http://127.0.0.1:9/b", eventTypes = new[] { "connector.faulted" } }, Ct);
        var shown = Json.Parse(await again.Content.ReadAsStringAsync(Ct));
        Assert.That((again.StatusCode, shown["url"]!.GetValue<string>(), shown["secretSet"]!.GetValue<bool>(), shown["eventTypes"]!.AsArray().Single()!.GetValue<string>()),
            Is.EqualTo((HttpStatusCode.OK, "http://127.0.0.1:9/b", true, "connector.faulted")));
    }

    [Test]
    public async Task Delete_RemovesTheWebhook_ThenItIsNotFound()
    {
        (await Server.Http.PutAsJsonAsync("/api/webhooks/short-lived",
            new { url = "http://127.0.0.1:9/x", secret = Secret, eventTypes = new[] { "handshake.refused" } }, Ct)).EnsureSuccessStatusCode();
        using var deleted = await Server.Http.DeleteAsync("/api/webhooks/short-lived", Ct);
        using var again = await Server.Http.DeleteAsync("/api/webhooks/short-lived", Ct);
        using var get = await Server.Http.GetAsync("/api/webhooks/short-lived", Ct);
        using var deliveries = await Server.Http.GetAsync("/api/webhooks/short-lived/deliveries", Ct);
        Assert.That(new[] { deleted.StatusCode, again.StatusCode, get.StatusCode, deliveries.StatusCode },
            Is.EqualTo(new[] { HttpStatusCode.NoContent, HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound }));
    }

    [TestCase("""{"url":"ftp://example.com/x","secret":"0123456789abcdef","eventTypes":["feedback.low"]}""", "url")]
    [TestCase("""{"url":"/relative","secret":"0123456789abcdef","eventTypes":["feedback.low"]}""", "url")]
    [TestCase("""{"secret":"0123456789abcdef","eventTypes":["feedback.low"]}""", "url")]
    [TestCase("""{"url":"https://example.com/x","secret":"too-short","eventTypes":["feedback.low"]}""", "secret")]
    [TestCase("""{"url":"https://example.com/x","eventTypes":["feedback.low"]}""", "secret")]
    [TestCase("""{"url":"https://example.com/x","secret":"0123456789abcdef","eventTypes":["feedback.low","charger.exploded"]}""", "eventTypes[1]")]
    [TestCase("""{"url":"https://example.com/x","secret":"0123456789abcdef","eventTypes":[]}""", "eventTypes")]
    [TestCase("""{"url":"https://example.com/x","secret":"0123456789abcdef"}""", "eventTypes")]
    [TestCase("""{"url":"https://example.com/x","secret":"0123456789abcdef","eventTypes":"feedback.low"}""", "eventTypes")]
    [TestCase("""{"url":"https://example.com/x","secret":"0123456789abcdef","eventTypes":["feedback.low"],"secrte":"x"}""", "secrte")]
    public async Task Put_BadField_Is400NamingIt(string body, string field)
    {
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        using var response = await Server.Http.PutAsync($"/api/webhooks/bad-{Guid.NewGuid():N}", content, Ct);
        var problem = Json.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Does.Contain(field));
    }

    [Test]
    public async Task Put_BadId_Is400NamingId()
    {
        using var response = await Server.Http.PutAsJsonAsync("/api/webhooks/has%20space",
            new { url = "https://example.com/x", secret = Secret, eventTypes = new[] { "feedback.low" } }, Ct);
        var problem = Json.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.That((response.StatusCode, problem["errors"]!.AsObject().Single().Key), Is.EqualTo((HttpStatusCode.BadRequest, "id")));
    }

    [TestCase("outcome=Maybe", "outcome")]
    [TestCase("limit=0", "limit")]
    [TestCase("offset=-1", "offset")]
    public async Task Deliveries_BadQuery_Is400NamingIt(string query, string field)
    {
        (await Server.Http.PutAsJsonAsync("/api/webhooks/query-checks",
            new { url = "http://127.0.0.1:9/q", secret = Secret, eventTypes = new[] { "feedback.low" } }, Ct)).EnsureSuccessStatusCode();
        using var response = await Server.Http.GetAsync($"/api/webhooks/query-checks/deliveries?{query}", Ct);
        var problem = Json.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.That((response.StatusCode, problem["errors"]!.AsObject().Single().Key), Is.EqualTo((HttpStatusCode.BadRequest, field)));
    }

    [Test]
    public async Task Deliveries_OfAWebhookWithNone_IsAnEmptyPage()
    {
        (await Server.Http.PutAsJsonAsync("/api/webhooks/quiet",
            new { url = "http://127.0.0.1:9/q", secret = Secret, eventTypes = new[] { "charger.offline" } }, Ct)).EnsureSuccessStatusCode();
        var page = await Server.GetJsonAsync<JsonObject>("/api/webhooks/quiet/deliveries");
        Assert.That((page["total"]!.GetValue<int>(), page["items"]!.AsArray().Count, page["limit"]!.GetValue<int>()), Is.EqualTo((0, 0, 100)));
    }
}

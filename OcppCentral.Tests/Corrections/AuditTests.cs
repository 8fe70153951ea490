using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using OcppCentral.Admin.Audit;
using OcppCentral.Tests.TestSupport;
using static OcppCentral.Tests.EndToEnd.ReportSessions;

namespace OcppCentral.Tests.Corrections;

/// <summary>
/// Named admin keys and the audit (docs/corrections.md): the name of the key a call presents is its actor, and
/// GET /api/audit lists the changes operators made, oldest first. One server with three keys for the fixture.
/// </summary>
[CancelAfter(60_000)]
public class AuditTests
{
    private TestServer _server = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _server = await TestServer.StartAsync("--admin-key", "key-of-the-admin",
        "--AdminKeys:alice", "key-of-alice", "--AdminKeys:bob", "key-of-bob");

    [OneTimeTearDown]
    public async Task StopAsync() => await _server.DisposeAsync();

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string key, string? json = null)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Add("X-API-Key", key);
        if (json is not null)
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        return await _server.Http.SendAsync(request);
    }

    private async Task<JsonArray> AuditAsync(string query, string key = "key-of-the-admin")
    {
        using var response = await SendAsync(HttpMethod.Get, "/api/audit" + query, key);
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), body);
        return Json.Parse(body).AsArray();
    }

    [Test]
    public async Task EachChange_IsListedOldestFirst_WithTheNameOfTheKeyThatMadeIt_AndNoSecrets()
    {
        var from = _server.Time.GetUtcNow().AddMilliseconds(-1);
        await using var charger = await Chargers.BootAsync(_server, "CP-AUDIT");
        var session = await ChargeAsync(charger, 1, "DRIVER", Day, TimeSpan.FromMinutes(30), 0);

        (await SendAsync(HttpMethod.Put, "/api/tariffs/audited", "key-of-alice",
            """{"name":"A","currency":"SEK","timeZone":"UTC","energyPrice":2,"taxPercent":25}""")).EnsureSuccessStatusCode();
        (await SendAsync(HttpMethod.Put, "/api/chargepoints/CP-AUDIT-NEW", "key-of-alice",
            """{"password":"a-long-charger-secret"}""")).EnsureSuccessStatusCode();
        (await SendAsync(HttpMethod.Put, "/api/idtags/AUDITTAG", "key-of-bob", """{"status":"Blocked"}""")).EnsureSuccessStatusCode();
        (await SendAsync(HttpMethod.Delete, "/api/idtags/AUDITTAG", "key-of-bob")).EnsureSuccessStatusCode();
        (await SendAsync(HttpMethod.Post, $"/api/sessions/{session}/corrections", "key-of-bob",
            """{"kind":"void","reason":"Test charge"}""")).EnsureSuccessStatusCode();
        var anomalies = Json.Parse(await (await SendAsync(HttpMethod.Get, "/api/anomalies?chargePointId=CP-AUDIT", "key-of-alice")).Content.ReadAsStringAsync());
        var anomalyId = anomalies["sessions"]![0]!["anomalies"]![0]!["id"]!.GetValue<long>();
        (await SendAsync(HttpMethod.Patch, $"/api/anomalies/{anomalyId}", "key-of-alice", """{"status":"Acknowledged"}""")).EnsureSuccessStatusCode();
        using var refused = await SendAsync(HttpMethod.Put, "/api/tariffs/audited", "key-of-alice", """{"name":"A"}""");
        (await SendAsync(HttpMethod.Delete, "/api/tariffs/audited", "key-of-the-admin")).EnsureSuccessStatusCode();
        var to = _server.Time.GetUtcNow().AddMilliseconds(1);

        var all = await AuditAsync($"?from={Iso(from)}&to={Iso(to)}");
        var alices = await AuditAsync($"?from={Iso(from)}&to={Iso(to)}&actor=alice", "key-of-bob");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(all.Select(e => (e!["actor"]!.GetValue<string>(), e["category"]!.GetValue<string>(), e["method"]!.GetValue<string>())),
                Is.EqualTo(new[]
                {
                    ("alice", "tariffChange", "PUT"), ("alice", "chargerChange", "PUT"), ("bob", "idTagChange", "PUT"),
                    ("bob", "idTagChange", "DELETE"), ("bob", "correction", "POST"), ("alice", "anomalyDecision", "PATCH"),
                    ("admin", "tariffChange", "DELETE"),
                }));
            Assert.That(all[4]!["path"]!.GetValue<string>(), Is.EqualTo($"/api/sessions/{session}/corrections"));
            Assert.That(all[4]!["detail"]!.GetValue<string>(), Is.EqualTo("void → version 2: Test charge"));
            Assert.That(all[0]!["detail"]!.GetValue<string>(), Is.EqualTo("version 1"));
            Assert.That(all.ToJsonString(), Does.Not.Contain("a-long-charger-secret"));
            Assert.That(alices.Select(e => e!["actor"]!.GetValue<string>()).Distinct(), Is.EqualTo(new[] { "alice" }));
            Assert.That(alices, Has.Count.EqualTo(3));
        }
    }

    [Test]
    public async Task AWrongKey_Is401_AndTheAuditIsAppendOnly()
    {
        using var wrong = await SendAsync(HttpMethod.Get, "/api/audit", "key-of-carol");
        (await SendAsync(HttpMethod.Put, "/api/idtags/APPENDONLY", "key-of-bob", """{"status":"Accepted"}""")).EnsureSuccessStatusCode();
        await using var connection = _server.OpenDatabaseConnection();
        using var delete = connection.CreateCommand();
        delete.CommandText = "DELETE FROM audit_log";

        using (Assert.EnterMultipleScope())
        {
            Assert.That(wrong.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(() => delete.ExecuteNonQuery(), Throws.InstanceOf<System.Data.Common.DbException>().With.Message.Contains("append-only"));
        }
    }

    [TestCase("POST", "/api/sessions/42/corrections", "correction")]
    [TestCase("PATCH", "/api/anomalies/7", "anomalyDecision")]
    [TestCase("PUT", "/api/tariffs/peak", "tariffChange")]
    [TestCase("DELETE", "/api/tariffs/peak", "tariffChange")]
    [TestCase("POST", "/api/tariffs/simulate", null)]
    [TestCase("POST", "/api/chargepoints/CP-1/commands/Reset", "remoteCommand")]
    [TestCase("PUT", "/api/chargepoints/CP-1", "chargerChange")]
    [TestCase("PUT", "/api/idtags/04A2", "idTagChange")]
    [TestCase("POST", "/api/sessions/42/feedback", null)]
    public void Category_NamesTheKindOfChange(string method, string path, string? category) =>
        Assert.That(AuditDrafts.Category(method, path), Is.EqualTo(category));

    [TestCase("alice", "key-of-the-admin", "two admin keys are the same")]
    [TestCase("al ice", "x-key", "must be 1 to 64 letters")]
    [TestCase("admin", "x-key", "clashes with --admin-key")]
    public void BadAdminKeys_AreRefusedAtStart(string name, string key, string problem)
    {
        var options = new ChargeMonitorOptions { AdminKey = "key-of-the-admin", AdminKeys = { [name] = key } };
        Assert.That(options.Problem(), Does.Contain(problem));
    }
}

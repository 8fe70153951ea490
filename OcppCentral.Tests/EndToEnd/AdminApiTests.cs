extern alias sim;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OcppCentral.Tests.TestSupport;

namespace OcppCentral.Tests.EndToEnd;

/// <summary>The admin API of docs/admin-api.md that the core provides: key, chargers, sessions, export, idTags.</summary>
[CancelAfter(60_000)]
[TestFixture(TestBackend.Sqlite)]
[TestFixture(TestBackend.Postgres)]
public class AdminApiTests(TestBackend backend) : SharedServerTests(backend)
{
    [Test]
    public async Task AdminKey_WhenSet_IsRequiredOnEveryApiCall_HealthIsOpen()
    {
        await using var server = await TestServer.StartAsync(Backend, TimeProvider.System, "--admin-key", "s3cret-key");

        var without = await server.Http.GetAsync("/api/chargepoints");
        using var wrongRequest = new HttpRequestMessage(HttpMethod.Get, "/api/sessions") { Headers = { { "X-API-Key", "guess" } } };
        var wrong = await server.Http.SendAsync(wrongRequest);
        using var rightRequest = new HttpRequestMessage(HttpMethod.Get, "/api/sessions") { Headers = { { "X-API-Key", "s3cret-key" } } };
        var right = await server.Http.SendAsync(rightRequest);
        var health = await server.Http.GetAsync("/health");
        var unreadBody = await server.Http.PutAsync("/api/chargepoints/CP-X", new StringContent("{ not json", System.Text.Encoding.UTF8, "application/json"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(without.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(without.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
            Assert.That(wrong.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(right.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(health.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(unreadBody.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "the key is checked before the body is read");
        }
    }

    [Test]
    public async Task ChargePoints_ListConnectionStateAndConnectorStatus()
    {
        var server = Server;
        await using var charger = await Chargers.BootAsync(server, "CP-STATUS");
        await charger.CallAsync("StatusNotification", new { connectorId = 1, errorCode = "GroundFailure", status = "Faulted", timestamp = "2026-11-24T10:00:00Z" });
        await charger.CallAsync("StatusNotification", new { connectorId = 2, errorCode = "NoError", status = "Available" });

        var list = await server.GetJsonAsync<JsonArray>("/api/chargepoints");
        var one = list.Single(c => c!["id"]!.GetValue<string>() == "CP-STATUS")!;
        var connectors = one["connectors"]!.AsArray();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(one["connected"]!.GetValue<bool>(), Is.True);
            Assert.That(one["model"]!.GetValue<string>(), Is.EqualTo("T1"));
            Assert.That(connectors.Select(c => (c!["connectorId"]!.GetValue<int>(), c["status"]!.GetValue<string>(), c["errorCode"]!.GetValue<string>())),
                Is.EqualTo(new[] { (1, "Faulted", "GroundFailure"), (2, "Available", "NoError") }));
            Assert.That(connectors[0]!["updatedAt"]!.GetValue<string>(), Is.EqualTo("2026-11-24T10:00:00.000Z"));
        }
    }

    [Test]
    public async Task ChargePoint_Unknown_Is404ProblemDetails()
    {
        var server = Server;

        var response = await server.Http.GetAsync("/api/chargepoints/NOPE");

        Assert.That((response.StatusCode, response.Content.Headers.ContentType?.MediaType), Is.EqualTo((HttpStatusCode.NotFound, "application/problem+json")));
    }

    [Test]
    public async Task ChargePoint_PutWithUnknownTariffOrBadPassword_Is400NamingTheField()
    {
        var server = Server;

        var unknownTariff = await server.Http.PutAsJsonAsync("/api/chargepoints/CP-T", new { tariffId = "no-such-tariff" });
        var emptyPassword = await server.Http.PutAsJsonAsync("/api/chargepoints/CP-T", new { password = "" });
        var badId = await server.Http.PutAsJsonAsync("/api/chargepoints/CP:T", new { });

        using (Assert.EnterMultipleScope())
        {
            Assert.That(unknownTariff.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(Json.Parse(await unknownTariff.Content.ReadAsStringAsync())["errors"]!["tariffId"], Is.Not.Null);
            Assert.That(Json.Parse(await emptyPassword.Content.ReadAsStringAsync())["errors"]!["password"], Is.Not.Null);
            Assert.That(badId.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That((await server.Http.GetAsync("/api/chargepoints/CP-T")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "nothing was registered");
        }
    }

    [Test]
    public async Task Sessions_FilterAndPage_NewestFirst()
    {
        // It pages through every session of the server: a server of its own.
        await using var server = await TestServer.StartAsync(Backend, TimeProvider.System);
        await using var a = await Chargers.BootAsync(server, "CP-A");
        await using var b = await Chargers.BootAsync(server, "CP-B");
        foreach (var (charger, hour) in new[] { (a, 8), (a, 9), (b, 10), (a, 11) })
            await charger.CallAsync("StartTransaction", new { connectorId = hour, idTag = "T", meterStart = hour, timestamp = $"2026-11-24T{hour:00}:00:00Z" });

        var ofA = await server.GetJsonAsync<JsonArray>("/api/sessions?chargePointId=CP-A");
        var page = await server.GetJsonAsync<JsonArray>("/api/sessions?limit=2&offset=1");
        var window = await server.GetJsonAsync<JsonArray>("/api/sessions?from=2026-11-24T09:00:00Z&to=2026-11-24T11:00:00Z");
        var bad = await server.Http.GetAsync("/api/sessions?from=yesterday");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(ofA.Select(s => s!["meterStartWh"]!.GetValue<long>()), Is.EqualTo(new long[] { 11, 9, 8 }));
            Assert.That(page.Select(s => s!["meterStartWh"]!.GetValue<long>()), Is.EqualTo(new long[] { 10, 9 }));
            Assert.That(window.Select(s => s!["meterStartWh"]!.GetValue<long>()), Is.EqualTo(new long[] { 10, 9 }));
            Assert.That(bad.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(ofA.All(s => s!["status"]!.GetValue<string>() == "Active" && s["estimated"]!.GetValue<bool>()), Is.True);
        }
    }

    [Test]
    public async Task MeterValues_AreListedInTimeOrderWithNormalisation()
    {
        var server = Server;
        await using var charger = await Chargers.BootAsync(server, "CP-MV");
        var id = (await charger.CallAsync("StartTransaction", new { connectorId = 1, idTag = "T", meterStart = 0, timestamp = "2026-11-24T10:00:00Z" }))["transactionId"]!.ToObject<long>();
        await charger.CallAsync("MeterValues", new
        {
            connectorId = 1, transactionId = id,
            meterValue = new object[]
            {
                new { timestamp = "2026-11-24T10:10:00Z", sampledValue = new object[]
                {
                    new { value = "12.345", measurand = "Energy.Active.Import.Register", unit = "kWh" },
                    new { value = "7.4", measurand = "Power.Active.Import", unit = "kW" },
                    new { value = "16.2", measurand = "Current.Import", unit = "A", phase = "L1" },
                    new { value = "55", measurand = "SoC", unit = "Percent", location = "EV" },
                    new { value = "AB12CD", format = "SignedData", context = "Sample.Clock" },
                } },
                new { timestamp = "2026-11-24T10:05:00Z", sampledValue = new object[] { new { value = "6000" } } },
            },
        });

        var rows = await server.GetJsonAsync<JsonArray>($"/api/sessions/{id}/meter-values");

        Assert.That(rows.Select(r => (r!["timestamp"]!.GetValue<string>()[11..16], r["measurand"]!.GetValue<string>(), r["value"]!.GetValue<string>(),
                r["unit"]!.GetValue<string>(), r["normalizedValue"]?.GetValue<decimal>(), r["normalizedUnit"]?.GetValue<string>())),
            Is.EquivalentTo(new (string, string, string, string, decimal?, string?)[]
            {
                ("10:05", "Energy.Active.Import.Register", "6000", "Wh", 6000m, "Wh"),
                ("10:10", "Energy.Active.Import.Register", "12.345", "kWh", 12345m, "Wh"),
                ("10:10", "Power.Active.Import", "7.4", "kW", 7400m, "W"),
                ("10:10", "Current.Import", "16.2", "A", 16.2m, "A"),
                ("10:10", "SoC", "55", "Percent", 55m, "Percent"),
                ("10:10", "Energy.Active.Import.Register", "AB12CD", "Wh", null, null),
            }));
        Assert.That(rows[0]!["timestamp"]!.GetValue<string>(), Is.EqualTo("2026-11-24T10:05:00.000Z"));
    }

    [Test]
    public async Task CsvExport_HasOneRowPerSession_WithQuotedIdTag()
    {
        // It exports every session of a day: a server of its own.
        await using var server = await TestServer.StartAsync(Backend, TimeProvider.System);
        await using var charger = await Chargers.BootAsync(server, "CP-CSV");
        var id = (await charger.CallAsync("StartTransaction", new { connectorId = 1, idTag = " SPACE,TAG", meterStart = 1000, timestamp = "2026-11-24T10:00:00Z" }))["transactionId"]!.ToObject<long>();
        await charger.CallAsync("StopTransaction", new { transactionId = id, meterStop = 3500, timestamp = "2026-11-24T10:30:00Z" });
        await charger.CallAsync("StartTransaction", new { connectorId = 2, idTag = "=1+2", meterStart = 0, timestamp = "2026-11-24T11:00:00Z" });
        await charger.CallAsync("StartTransaction", new { connectorId = 3, idTag = "\n=1+2", meterStart = 0, timestamp = "2026-11-24T12:00:00Z" });

        var response = await server.Http.GetAsync("/api/sessions/export.csv?from=2026-11-24T00:00:00Z&to=2026-11-25T00:00:00Z");
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/csv"));
            Assert.That(lines, Has.Length.EqualTo(4));
            Assert.That(lines[2], Does.Contain(",'=1+2,"), "a formula-looking idTag is defused");
            Assert.That(lines[3], Does.Contain(",\"'\n=1+2\","), "a formula after a line feed is defused too");
            Assert.That(lines[0], Does.StartWith("transactionId,chargePointId,connectorId,idTag,startTime"));
            Assert.That(lines[1], Does.StartWith($"{id},CP-CSV,1,\" SPACE,TAG\",2026-11-24T10:00:00.000Z,2026-11-24T10:30:00.000Z,Completed,Local,1000,3500,2.5,meterStop,30"));
        }
    }

    [Test]
    public async Task IdTags_BlockedAndExpiredAndUnknown_AreAnsweredAccordingly()
    {
        await using var server = await TestServer.StartAsync(Backend, TimeProvider.System, "--accept-unknown-idtags", "false");
        (await server.Http.PutAsJsonAsync("/api/idtags/GOOD", new { status = "Accepted", parentIdTag = "FLEET" })).EnsureSuccessStatusCode();
        (await server.Http.PutAsJsonAsync("/api/idtags/BAD", new { status = "Blocked" })).EnsureSuccessStatusCode();
        (await server.Http.PutAsJsonAsync("/api/idtags/OLD", new { status = "Accepted", expiryDate = "2020-01-01T00:00:00Z" })).EnsureSuccessStatusCode();
        var invalidPut = await server.Http.PutAsJsonAsync("/api/idtags/X", new { status = "Maybe" });
        await using var charger = await Chargers.BootAsync(server, "CP-AUTH");

        async Task<string> StatusOf(string tag) => (await charger.CallAsync("Authorize", new { idTag = tag }))["idTagInfo"]!["status"]!.ToObject<string>()!;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(await StatusOf("GOOD"), Is.EqualTo("Accepted"));
            Assert.That(await StatusOf("BAD"), Is.EqualTo("Blocked"));
            Assert.That(await StatusOf("OLD"), Is.EqualTo("Expired"));
            Assert.That(await StatusOf("STRANGER"), Is.EqualTo("Invalid"));
            Assert.That(await StatusOf("bad"), Is.EqualTo("Blocked"), "idTags are CiString20: compared without case");
            Assert.That(invalidPut.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That((await server.GetJsonAsync<JsonArray>("/api/idtags")).Count, Is.EqualTo(3));
            Assert.That((await server.Http.DeleteAsync("/api/idtags/BAD")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
            Assert.That((await server.Http.GetAsync("/api/idtags/BAD")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        }
    }
}

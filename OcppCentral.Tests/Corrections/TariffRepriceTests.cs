using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using OcppCentral.Tests.TestSupport;
using static OcppCentral.Tests.EndToEnd.PricingScenarios;

namespace OcppCentral.Tests.Corrections;

/// <summary>
/// POST /api/tariffs/{id}/reprice (docs/corrections.md) through the real server. Each test has a tariff and a charger of its own:
/// version 1 (1.00 a session + 2.00/kWh, 25 % tax) prices two sessions, version 2 (2.50/kWh) a third one.
/// 10 kWh: 21.00 + 5.25 = 26.25 → 26.00 + 6.50 = 32.50. 4 kWh: 9.00 + 2.25 = 11.25 → 11.00 + 2.75 = 13.75.
/// </summary>
[CancelAfter(60_000)]
[TestFixture(TestBackend.Sqlite)]
[TestFixture(TestBackend.Postgres)]
public class TariffRepriceTests(TestBackend backend) : SharedServerTests(backend)
{
    private const string Range = """ "from": "2026-11-01T00:00:00Z", "to": "2026-12-01T00:00:00Z" """;
    private int _scenarios;

    private async Task<(string TariffId, long A, long B, long C)> ScenarioAsync()
    {
        var n = Interlocked.Increment(ref _scenarios);
        var (tariffId, chargerId) = ($"rp-{n}", $"CP-RP-{n}");
        await PutTariffAsync(Server, tariffId, """{"name":"R","currency":"SEK","timeZone":"UTC","startFee":1.00,"energyPrice":2.00,"taxPercent":25}""");
        await AssignTariffAsync(Server, chargerId, tariffId);
        var a = await ChargeAsync(Server, chargerId, "2026-11-10T10:00:00Z", 0, [], "2026-11-10T11:00:00Z", 10000);
        var b = await ChargeAsync(Server, chargerId, "2026-11-12T10:00:00Z", 10000, [], "2026-11-12T11:00:00Z", 14000);
        await PutTariffAsync(Server, tariffId, """{"name":"R","currency":"SEK","timeZone":"UTC","startFee":1.00,"energyPrice":2.50,"taxPercent":25}""");
        var c = await ChargeAsync(Server, chargerId, "2026-11-14T10:00:00Z", 0, [], "2026-11-14T11:00:00Z", 6000);
        return (tariffId, a, b, c);
    }

    private async Task<(HttpStatusCode Status, string Body)> RepriceAsync(string tariffId, string json, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/tariffs/{tariffId}/reprice")
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        if (idempotencyKey is not null)
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        using var response = await Server.Http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private async Task<JsonNode> OkAsync(string tariffId, string json, string? idempotencyKey = null)
    {
        var (status, body) = await RepriceAsync(tariffId, json, idempotencyKey);
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), body);
        return Json.Parse(body);
    }

    private static string Money(JsonNode? revenue) => revenue is null ? "none" : $"{revenue["net"]!.GetValue<decimal>():0.00}/{revenue["total"]!.GetValue<decimal>():0.00}";

    private static string[] Sessions(JsonNode result) => result["sessions"]!.AsArray()
        .Select(s => $"{s!["transactionId"]} v{s["fromTariffVersion"]} {Money(s["current"])} -> {Money(s["repriced"])} ({Money(s["difference"])}) version {s["version"]?.ToString() ?? "-"}")
        .ToArray();

    private async Task<int> AuditRowsAsync(string tariffId) =>
        (await Server.GetJsonAsync<JsonArray>("/api/audit?limit=10000")).Count(e => e!["path"]!.GetValue<string>() == $"/api/tariffs/{tariffId}/reprice");

    [Test]
    public async Task DryRun_ShowsEachSessionAndTheSums_AndChangesNothing()
    {
        var (tariffId, a, b, _) = await ScenarioAsync();

        var result = await OkAsync(tariffId, $$"""{ {{Range}}, "reason": "Version 2 was meant from the 1st" }""");
        var session = await SessionAsync(Server, a);
        var versions = await Server.GetJsonAsync<JsonArray>($"/api/sessions/{a}/versions");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result["dryRun"]!.GetValue<bool>(), Is.True);
            Assert.That(result["tariffVersion"]!.GetValue<int>(), Is.EqualTo(2));
            Assert.That(Sessions(result), Is.EqualTo(new[]
            {
                $"{a} v1 21.00/26.25 -> 26.00/32.50 (5.00/6.25) version -",
                $"{b} v1 9.00/11.25 -> 11.00/13.75 (2.00/2.50) version -",
            }));
            Assert.That((result["repriced"]!.GetValue<int>(), result["skipped"]!.GetValue<int>(), result["refused"]!.GetValue<int>()), Is.EqualTo((2, 1, 0)));
            var total = result["totals"]!.AsArray().Single()!;
            Assert.That($"{total["currency"]} {total["sessions"]}: {Money(total["current"])} -> {Money(total["repriced"])} ({Money(total["difference"])})",
                Is.EqualTo("SEK 2: 30.00/37.50 -> 37.00/46.25 (7.00/8.75)"));
            Assert.That((session["version"]!.GetValue<int>(), session["tariffVersion"]!.GetValue<int>()), Is.EqualTo((1, 1)));
            Assert.That(Amounts(session["cost"]!), Is.EqualTo((21.00m, 5.25m, 26.25m)));
            Assert.That(versions, Has.Count.EqualTo(1));
            Assert.That(await AuditRowsAsync(tariffId), Is.Zero);
        }
    }

    [Test]
    public async Task Apply_MakesARepriceCorrectionOfEachOlderSession_ReportsAndAuditFollow_AndAgainSkipsThem()
    {
        var (tariffId, a, b, c) = await ScenarioAsync();
        var dryRun = await OkAsync(tariffId, $$"""{ {{Range}}, "reason": "Version 2 was meant from the 1st" }""");

        var applied = await OkAsync(tariffId, $$"""{ {{Range}}, "reason": "Version 2 was meant from the 1st", "dryRun": false }""");
        var session = await SessionAsync(Server, a);
        var versions = await Server.GetJsonAsync<JsonArray>($"/api/sessions/{a}/versions");
        var untouched = await SessionAsync(Server, c);
        var csv = await Server.Http.GetStringAsync("/api/sessions/export.csv?from=2026-11-10T00:00:00Z&to=2026-11-11T00:00:00Z");
        var header = csv.Split("\r\n")[0].Split(',');
        var row = csv.Split("\r\n").Single(l => l.StartsWith($"{a},", StringComparison.Ordinal)).Split(',');
        var again = await OkAsync(tariffId, $$"""{ {{Range}}, "reason": "Once more", "dryRun": false }""");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(applied["dryRun"]!.GetValue<bool>(), Is.False);
            Assert.That(Sessions(applied), Is.EqualTo(new[]
            {
                $"{a} v1 21.00/26.25 -> 26.00/32.50 (5.00/6.25) version 2",
                $"{b} v1 9.00/11.25 -> 11.00/13.75 (2.00/2.50) version 2",
            }));
            Assert.That(applied["totals"]!.ToJsonString(), Is.EqualTo(dryRun["totals"]!.ToJsonString()), "the dry run showed what the apply made");
            Assert.That((session["version"]!.GetValue<int>(), session["tariffVersion"]!.GetValue<int>(), session["corrected"]!.GetValue<bool>()),
                Is.EqualTo((2, 2, true)));
            Assert.That(Amounts(session["cost"]!), Is.EqualTo((26.00m, 6.50m, 32.50m)));
            var last = versions[^1]!;
            Assert.That((last["kind"]!.GetValue<string>(), last["actor"]!.GetValue<string>(), last["reason"]!.GetValue<string>()),
                Is.EqualTo(("reprice", "local", "Version 2 was meant from the 1st")));
            Assert.That(last["changes"]!["tariffVersion"]!.ToJsonString(), Is.EqualTo("""{"from":1,"to":2}"""));
            Assert.That(untouched["version"]!.GetValue<int>(), Is.EqualTo(1));
            Assert.That(row[Array.IndexOf(header, "total")], Is.EqualTo("32.50"));
            Assert.That(row[Array.IndexOf(header, "version")], Is.EqualTo("2"));
            Assert.That(await AuditRowsAsync(tariffId), Is.EqualTo(2), "one audit row per session corrected");
            Assert.That((again["repriced"]!.GetValue<int>(), again["skipped"]!.GetValue<int>()), Is.EqualTo((0, 3)));
            Assert.That((await SessionAsync(Server, b))["version"]!.GetValue<int>(), Is.EqualTo(2));
        }
    }

    [Test]
    public async Task Apply_ResentWithTheSameIdempotencyKey_ReturnsTheFirstAnswerAndChangesNothing()
    {
        var (tariffId, a, _, _) = await ScenarioAsync();
        var body = $$"""{ {{Range}}, "reason": "Version 2", "dryRun": false }""";

        var first = await OkAsync(tariffId, body, $"reprice-{tariffId}");
        var resent = await OkAsync(tariffId, body, $"reprice-{tariffId}");
        var other = await RepriceAsync(tariffId, $$"""{ {{Range}}, "reason": "Something else", "dryRun": false }""", $"reprice-{tariffId}");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(resent.ToJsonString(), Is.EqualTo(first.ToJsonString()));
            Assert.That((await SessionAsync(Server, a))["version"]!.GetValue<int>(), Is.EqualTo(2));
            Assert.That(await Server.GetJsonAsync<JsonArray>($"/api/sessions/{a}/versions"), Has.Count.EqualTo(2));
            Assert.That(other.Status, Is.EqualTo(HttpStatusCode.Conflict), other.Body);
        }
    }

    [TestCase("""{ {{R}} }""", "reason", TestName = "Reprice_WithoutReason_Is400NamingReason")]
    [TestCase("""{ {{R}}, "reason": "   " }""", "reason", TestName = "Reprice_BlankReason_Is400NamingReason")]
    [TestCase("""{ "to": "2026-12-01T00:00:00Z", "reason": "x" }""", "from", TestName = "Reprice_WithoutFrom_Is400NamingFrom")]
    [TestCase("""{ "from": "soon", "to": "2026-12-01T00:00:00Z", "reason": "x" }""", "from", TestName = "Reprice_FromNotATimestamp_Is400NamingFrom")]
    [TestCase("""{ "from": "2026-12-01T00:00:00Z", "to": "2026-11-01T00:00:00Z", "reason": "x" }""", "to", TestName = "Reprice_ToBeforeFrom_Is400NamingTo")]
    [TestCase("""{ "from": "2025-01-01T00:00:00Z", "to": "2026-12-01T00:00:00Z", "reason": "x" }""", "to", TestName = "Reprice_RangeOver366Days_Is400NamingTo")]
    [TestCase("""{ {{R}}, "reason": "x", "dryRun": "no" }""", "dryRun", TestName = "Reprice_DryRunNotABoolean_Is400NamingDryRun")]
    [TestCase("""{ {{R}}, "reason": "x", "dryRuns": false }""", "dryRuns", TestName = "Reprice_MisspeltField_Is400NamingIt")]
    public async Task Reprice_BadRequest_Is400NamingTheField(string json, string field)
    {
        var (status, body) = await RepriceAsync("default", json.Replace("{{R}}", Range, StringComparison.Ordinal));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest), body);
            Assert.That(Json.Parse(body)["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { field }), body);
        }
    }

    [TestCase(true)]
    [TestCase(false)]
    public async Task Reprice_UnknownTariff_Is404(bool dryRun)
    {
        var (status, body) = await RepriceAsync("no-such-tariff", $$"""{ {{Range}}, "reason": "x", "dryRun": {{(dryRun ? "true" : "false")}} }""");

        Assert.That(status, Is.EqualTo(HttpStatusCode.NotFound), body);
    }

    [TestCase(true)]
    [TestCase(false)]
    public async Task Reprice_MoreSessionsThanTheLimit_Is409AndChangesNothing(bool dryRun)
    {
        var tariffId = $"rp-many-{dryRun}";
        await PutTariffAsync(Server, tariffId, """{"name":"M","currency":"SEK","timeZone":"UTC","energyPrice":2.00,"taxPercent":25}""");
        // 201 sessions, one every 10 minutes from the 2nd, dealt out to a few chargers that send at the same time: the
        // writer commits their messages together instead of one round trip after the other.
        const int chargers = 8;
        var start = new DateTimeOffset(2026, 11, 2, 0, 0, 0, TimeSpan.Zero);
        await Task.WhenAll(Enumerable.Range(0, chargers).Select(async k =>
        {
            var chargerId = $"CP-RP-MANY-{dryRun}-{k}";
            await AssignTariffAsync(Server, chargerId, tariffId);
            await using var charger = await Chargers.BootAsync(Server, chargerId);
            for (var i = k; i <= 200; i += chargers)
            {
                var at = start.AddMinutes(10 * i);
                var id = await StartAsync(charger, at.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"), 0);
                await StopAsync(charger, id, at.AddMinutes(5).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"), 1000);
            }
        }));
        await PutTariffAsync(Server, tariffId, """{"name":"M","currency":"SEK","timeZone":"UTC","energyPrice":3.00,"taxPercent":25}""");

        var (status, body) = await RepriceAsync(tariffId, $$"""{ {{Range}}, "reason": "x", "dryRun": {{(dryRun ? "true" : "false")}} }""");
        var after = await OkAsync(tariffId, $$"""{ {{Range}}, "reason": "x", "dryRun": true }""".Replace("2026-12-01", "2026-11-02T12", StringComparison.Ordinal)
            .Replace("T12T00:00:00Z", "T12:00:00Z", StringComparison.Ordinal));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.Conflict), body);
            Assert.That(Json.Parse(body)["sessions"]!.GetValue<int>(), Is.EqualTo(201), body);
            Assert.That(Json.Parse(body)["limit"]!.GetValue<int>(), Is.EqualTo(200), body);
            Assert.That(after["sessions"]!.AsArray().Select(s => s!["fromTariffVersion"]!.GetValue<int>()).Distinct(), Is.EqualTo(new[] { 1 }),
                "a smaller range still finds them all on version 1");
        }
    }
}

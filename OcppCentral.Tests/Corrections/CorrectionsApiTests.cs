using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using OcppCentral.Tests.TestSupport;
using static OcppCentral.Tests.EndToEnd.ReportSessions;
using static OcppCentral.Tests.EndToEnd.PricingScenarios;

namespace OcppCentral.Tests.Corrections;

/// <summary>
/// POST /api/sessions/{id}/corrections, GET /api/sessions/{id}/versions and GET /api/reports/corrections (docs/corrections.md),
/// through the real server on one shared server: each test charges on chargers of its own.
/// A flat tariff (2.00 SEK/kWh, 25 % tax) makes each bill easy to compute by hand: 10 kWh is 20.00 + 5.00 = 25.00.
/// </summary>
[CancelAfter(60_000)]
[TestFixture(TestBackend.Sqlite)]
[TestFixture(TestBackend.Postgres)]
public partial class CorrectionsApiTests(TestBackend backend) : SharedServerTests(backend)
{
    private int _chargers;

    [OneTimeSetUp]
    public async Task PutTariffsAsync()
    {
        await PutTariffAsync(Server, "flat", """{"name":"Flat","currency":"SEK","timeZone":"UTC","energyPrice":2.00,"taxPercent":25}""");
        await PutTariffAsync(Server, "flat3", """{"name":"Flat 3","currency":"SEK","timeZone":"UTC","energyPrice":3.00,"taxPercent":25}""");
    }

    /// <summary>A Completed session of 10 kWh over an hour (register 10,000 → 15,000 at half time → 20,000 Wh) on a charger of its own.</summary>
    private async Task<long> ChargeSessionAsync(params long[] readings)
    {
        var id = $"CP-CORR-{Interlocked.Increment(ref _chargers)}";
        await using var charger = await Chargers.BootAsync(Server, id);
        await AssignTariffAsync(Server, id, "flat");
        var transactionId = await StartAsync(charger, 1, "DRIVER", 10_000, Day);
        var sent = readings.Length == 0 ? [15_000] : readings;
        for (var i = 0; i < sent.Length; i++)
            await MeterAsync(charger, 1, transactionId, Day.AddMinutes(60.0 * (i + 1) / (sent.Length + 1)), sent[i]);
        await StopAsync(charger, transactionId, 20_000, Day.AddHours(1));
        return transactionId;
    }

    private Task<HttpResponseMessage> CorrectAsync(long transactionId, string json, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/sessions/{transactionId}/corrections")
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        if (idempotencyKey is not null)
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        return Server.Http.SendAsync(request);
    }

    private async Task<JsonNode> CreatedAsync(long transactionId, string json, string? idempotencyKey = null)
    {
        using var response = await CorrectAsync(transactionId, json, idempotencyKey);
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), body);
        return Json.Parse(body);
    }

    private async Task<(HttpStatusCode Status, JsonNode Problem)> RefusedAsync(long transactionId, string json)
    {
        using var response = await CorrectAsync(transactionId, json);
        return (response.StatusCode, Json.Parse(await response.Content.ReadAsStringAsync()));
    }

    private Task<JsonArray> VersionsAsync(long transactionId) => Server.GetJsonAsync<JsonArray>($"/api/sessions/{transactionId}/versions");

    private static decimal Total(JsonNode node) => node["cost"]!["total"]!.GetValue<decimal>();

    [Test]
    public async Task SetMeterStop_RemeasuresAndRepricesAsVersion2_AndVersion1KeepsTheOriginalBill()
    {
        var id = await ChargeSessionAsync();

        var version = await CreatedAsync(id, """{"kind":"setMeterStop","meterStopWh":16000,"reason":"Meter photo shows 16,000 Wh"}""");
        var session = await SessionAsync(Server, id);
        var versions = await VersionsAsync(id);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(version["version"]!.GetValue<int>(), Is.EqualTo(2));
            Assert.That(version["kind"]!.GetValue<string>(), Is.EqualTo("setMeterStop"));
            Assert.That(version["actor"]!.GetValue<string>(), Is.EqualTo("local"));
            Assert.That(version["reason"]!.GetValue<string>(), Is.EqualTo("Meter photo shows 16,000 Wh"));
            Assert.That(version["energyKwh"]!.GetValue<decimal>(), Is.EqualTo(6m));
            Assert.That(Amounts(version["cost"]!), Is.EqualTo((12.00m, 3.00m, 15.00m)));
            Assert.That(version["changes"]!["meterStopWh"]!.ToJsonString(), Is.EqualTo("""{"from":20000,"to":16000}"""));
            Assert.That(version["changes"]!["total"]!.ToJsonString(), Is.EqualTo("""{"from":25.00,"to":15.00}"""));
            Assert.That(session["version"]!.GetValue<int>(), Is.EqualTo(2));
            Assert.That(session["corrected"]!.GetValue<bool>(), Is.True);
            Assert.That(session["meterStopWh"]!.GetValue<long>(), Is.EqualTo(16_000));
            Assert.That(Total(session), Is.EqualTo(15.00m));
            Assert.That(versions.Select(v => v!["version"]!.GetValue<int>()), Is.EqualTo(new[] { 1, 2 }));
            Assert.That(versions[0]!["kind"]!.GetValue<string>(), Is.EqualTo("close"));
            Assert.That(versions[0]!["actor"]!.GetValue<string>(), Is.EqualTo("system"));
            Assert.That(Amounts(versions[0]!["cost"]!), Is.EqualTo((20.00m, 5.00m, 25.00m)));
            Assert.That(versions[0]!["meterStopWh"]!.GetValue<long>(), Is.EqualTo(20_000));
        }
    }

    [Test]
    public async Task SetStopTime_MeasuresTheSessionToTheNewStop()
    {
        var id = await ChargeSessionAsync();

        var version = await CreatedAsync(id, $$"""{"kind":"setStopTime","stopTime":"{{Iso(Day.AddMinutes(45))}}","reason":"Cable unplugged at 15:25"}""");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(version["stopTime"]!.GetValue<string>(), Is.EqualTo(Iso(Day.AddMinutes(45))));
            Assert.That(version["durationMinutes"]!.GetValue<decimal>(), Is.EqualTo(45m));
            Assert.That(version["changes"]!["durationMinutes"]!["from"]!.GetValue<decimal>(), Is.EqualTo(60m));
            Assert.That(version["changes"]!["durationMinutes"]!["to"]!.GetValue<decimal>(), Is.EqualTo(45m));
        }
    }

    [Test]
    public async Task ExcludeReadings_TakesAResetReadingOutOfTheMeasurement_AndItsAnomalyGoes()
    {
        var id = await ChargeSessionAsync(15_000, 3, 18_000);
        Assert.That(await CodesAsync(Server, id), Does.Contain("MeterWentBackwards"));
        var readings = await Server.GetJsonAsync<JsonArray>($"/api/sessions/{id}/meter-values");
        var reset = readings.Single(r => r!["value"]!.GetValue<string>() == "3")!["id"]!.GetValue<long>();

        var version = await CreatedAsync(id, $$"""{"kind":"excludeReadings","readingIds":[{{reset}}],"reason":"The meter reset for a moment"}""");
        var after = await Server.GetJsonAsync<JsonArray>($"/api/sessions/{id}/meter-values");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(version["excludedReadings"]!.AsArray().Select(r => r!.GetValue<long>()), Is.EqualTo(new[] { reset }));
            Assert.That(version["anomalies"]!.AsArray().Select(a => a!.GetValue<string>()), Does.Not.Contain("MeterWentBackwards"));
            Assert.That(await CodesAsync(Server, id), Does.Not.Contain("MeterWentBackwards"));
            Assert.That(after.Single(r => r!["id"]!.GetValue<long>() == reset)!["excluded"]!.GetValue<bool>(), Is.True);
            Assert.That(after.Count(r => r!["excluded"]!.GetValue<bool>()), Is.EqualTo(1));
            Assert.That(Total(version), Is.EqualTo(25.00m));
        }
    }

    [Test]
    public async Task Reprice_WithAnotherTariff_PinsItAndBillsWithIt()
    {
        var id = await ChargeSessionAsync();

        var version = await CreatedAsync(id, """{"kind":"reprice","tariffId":"flat3","reason":"Charger was on the wrong tariff"}""");
        var session = await SessionAsync(Server, id);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Amounts(version["cost"]!), Is.EqualTo((30.00m, 7.50m, 37.50m)));
            Assert.That(version["tariffId"]!.GetValue<string>(), Is.EqualTo("flat3"));
            Assert.That(session["tariffId"]!.GetValue<string>(), Is.EqualTo("flat3"));
            Assert.That(version["changes"]!["tariffId"]!.ToJsonString(), Is.EqualTo("""{"from":"flat","to":"flat3"}"""));
        }
    }

    [Test]
    public async Task Credit_TakesTheAmountOffTheTotal_NetAndTaxInProportion_AndStaysThroughALaterCorrection()
    {
        var id = await ChargeSessionAsync();

        var credited = await CreatedAsync(id, """{"kind":"credit","amount":5.00,"currency":"SEK","reason":"Goodwill: slow charging"}""");
        var remeasured = await CreatedAsync(id, """{"kind":"setMeterStop","meterStopWh":18000,"reason":"Meter photo"}""");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Amounts(credited["cost"]!), Is.EqualTo((16.00m, 4.00m, 20.00m)));
            Assert.That(Lines(credited["cost"]!).Last(), Is.EqualTo("credit 1 session x -4.00 = -4.00"));
            Assert.That(credited["credit"]!.GetValue<decimal>(), Is.EqualTo(5.00m));
            // 8 kWh: 16.00 + 4.00 = 20.00, less the credit of 5.00.
            Assert.That(Amounts(remeasured["cost"]!), Is.EqualTo((12.00m, 3.00m, 15.00m)));
        }
    }

    [Test]
    public async Task Void_ChargesNothing_AndTheCsvExportShowsTheCurrentVersion()
    {
        var id = await ChargeSessionAsync();

        var voided = await CreatedAsync(id, """{"kind":"void","reason":"Test charge by the installer"}""");
        var again = await RefusedAsync(id, """{"kind":"void","reason":"twice"}""");
        var csv = await Server.Http.GetStringAsync($"/api/sessions/export.csv?from={Iso(Day)}&to={Iso(Day.AddSeconds(1))}");
        var header = csv.Split("\r\n")[0].Split(',');
        var row = csv.Split("\r\n").Single(l => l.StartsWith($"{id},", StringComparison.Ordinal)).Split(',');

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Amounts(voided["cost"]!), Is.EqualTo((0.00m, 0.00m, 0.00m)));
            Assert.That(voided["voided"]!.GetValue<bool>(), Is.True);
            Assert.That(Lines(voided["cost"]!).Last(), Is.EqualTo("void 1 session x -20.00 = -20.00"));
            Assert.That(again.Status, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(row[Array.IndexOf(header, "total")], Is.EqualTo("0.00"));
            Assert.That(row[Array.IndexOf(header, "version")], Is.EqualTo("2"));
        }
    }

    [TestCase("""{"kind":"setMeterStop","meterStopWh":9000,"reason":"x"}""", "meterStopWh")]
    [TestCase("""{"kind":"refund","reason":"x"}""", "kind")]
    [TestCase("""{"kind":"void"}""", "reason")]
    [TestCase("""{"kind":"void","reason":"   "}""", "reason")]
    [TestCase("""{"kind":"credit","amount":25.01,"reason":"x"}""", "amount")]
    [TestCase("""{"kind":"credit","amount":1,"currency":"EUR","reason":"x"}""", "currency")]
    [TestCase("""{"kind":"credit","amount":"1","reason":"x"}""", "amount")]
    [TestCase("""{"kind":"excludeReadings","readingIds":[999999999],"reason":"x"}""", "readingIds")]
    [TestCase("""{"kind":"reprice","tariffId":"nope","reason":"x"}""", "tariffId")]
    [TestCase("""{"kind":"setStopTime","stopTime":"yesterday","reason":"x"}""", "stopTime")]
    [TestCase("""{"kind":"void","reason":"x","expectedVersion":"1"}""", "expectedVersion")]
    public async Task BadInput_Is400NamingTheField_AndChangesNothing(string json, string field)
    {
        var id = await ChargeSessionAsync();

        var (status, problem) = await RefusedAsync(id, json);
        var versions = await VersionsAsync(id);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest), problem.ToJsonString());
            Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { field }));
            Assert.That(versions, Has.Count.EqualTo(1));
        }
    }

    [Test]
    public async Task ReadingsOfAnotherSession_Are400()
    {
        var mine = await ChargeSessionAsync();
        var other = await ChargeSessionAsync();
        var theirs = (await Server.GetJsonAsync<JsonArray>($"/api/sessions/{other}/meter-values"))[0]!["id"]!.GetValue<long>();

        var (status, problem) = await RefusedAsync(mine, $$"""{"kind":"excludeReadings","readingIds":[{{theirs}}],"reason":"x"}""");

        Assert.That((status, problem["errors"]!.AsObject().Single().Key), Is.EqualTo((HttpStatusCode.BadRequest, "readingIds")));
    }

    [Test]
    public async Task ActiveSession_Is409_UnknownSession_Is404()
    {
        await using var charger = await Chargers.BootAsync(Server, "CP-CORR-ACTIVE");
        var active = await StartAsync(charger, 1, "DRIVER", 10_000, Day);

        var (activeStatus, _) = await RefusedAsync(active, """{"kind":"void","reason":"x"}""");
        var (unknownStatus, _) = await RefusedAsync(987_654_321, """{"kind":"void","reason":"x"}""");

        Assert.That((activeStatus, unknownStatus), Is.EqualTo((HttpStatusCode.Conflict, HttpStatusCode.NotFound)));
    }

    [Test]
    public async Task TwoOperatorsCorrectingVersion1_TheSecondGets409()
    {
        var id = await ChargeSessionAsync();

        var first = CorrectAsync(id, """{"kind":"credit","amount":2,"expectedVersion":1,"reason":"operator A"}""");
        var second = CorrectAsync(id, """{"kind":"credit","amount":3,"expectedVersion":1,"reason":"operator B"}""");
        var statuses = (await Task.WhenAll(first, second)).Select(r => r.StatusCode).ToList();
        var versions = await VersionsAsync(id);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(statuses, Is.EquivalentTo(new[] { HttpStatusCode.Created, HttpStatusCode.Conflict }));
            Assert.That(versions, Has.Count.EqualTo(2));
        }
    }

    [Test]
    public async Task ResentWithTheSameIdempotencyKey_ReturnsTheFirstResult_AndChangesNothing()
    {
        var id = await ChargeSessionAsync();
        var key = $"credit-{id}";
        const string body = """{"kind":"credit","amount":2.50,"reason":"Refund of the start fee"}""";

        var first = await CreatedAsync(id, body, key);
        var resent = await CreatedAsync(id, body, key);
        using var reused = await CorrectAsync(id, """{"kind":"void","reason":"other"}""", key);
        var session = await SessionAsync(Server, id);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(resent.ToJsonString(), Is.EqualTo(first.ToJsonString()));
            Assert.That(reused.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(session["version"]!.GetValue<int>(), Is.EqualTo(2));
            Assert.That(Total(session), Is.EqualTo(22.50m));
        }
    }

    [Test]
    public async Task CorrectionsReport_SumsWhatCorrectionsChanged_PerKindAndCurrency()
    {
        var before = Server.Time.GetUtcNow().AddMilliseconds(-1);
        var a = await ChargeSessionAsync();
        var b = await ChargeSessionAsync();
        await CreatedAsync(a, """{"kind":"credit","amount":5,"reason":"goodwill"}""");
        await CreatedAsync(b, """{"kind":"credit","amount":2.5,"reason":"goodwill"}""");
        await CreatedAsync(b, """{"kind":"void","reason":"test charge"}""");
        var after = Server.Time.GetUtcNow().AddMilliseconds(1);

        var report = await Server.GetJsonAsync<JsonObject>($"/api/reports/corrections?from={Iso(before)}&to={Iso(after)}");

        var lines = report["lines"]!.AsArray().Select(l => (l!["kind"]!.GetValue<string>(), l["currency"]!.GetValue<string>(),
            l["corrections"]!.GetValue<int>(), l["net"]!.GetValue<decimal>(), l["total"]!.GetValue<decimal>())).ToList();
        using (Assert.EnterMultipleScope())
        {
            // Credits 5.00 (net 4.00) and 2.50 (net 2.00); the void takes the rest of b: 22.50 (net 18.00).
            Assert.That(lines, Is.EqualTo(new[] { ("credit", "SEK", 2, -6.00m, -7.50m), ("void", "SEK", 1, -18.00m, -22.50m) }));
            Assert.That(report["totals"]![0]!["total"]!.GetValue<decimal>(), Is.EqualTo(-30.00m));
        }
    }

    [Test]
    public async Task WhatIf_UsesTheCurrentVersion()
    {
        var id = await ChargeSessionAsync();
        await CreatedAsync(id, """{"kind":"setMeterStop","meterStopWh":16000,"reason":"Meter photo"}""");
        var chargePointId = (await SessionAsync(Server, id))["chargePointId"]!.GetValue<string>();

        using var response = await PostJsonAsync(Server, "/api/tariffs/simulate", $$"""
            {"tariff":{"name":"Same","currency":"SEK","timeZone":"UTC","energyPrice":2.00,"taxPercent":25},
             "from":"{{Iso(Day)}}","to":"{{Iso(Day.AddDays(1))}}","chargePointId":"{{chargePointId}}"}
            """);
        var total = Json.Parse(await response.Content.ReadAsStringAsync())["total"]!;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(total["energyKwh"]!.GetValue<decimal>(), Is.EqualTo(6m));
            Assert.That(total["actual"]![0]!["total"]!.GetValue<decimal>(), Is.EqualTo(15.00m));
            Assert.That(total["candidate"]!["total"]!.GetValue<decimal>(), Is.EqualTo(15.00m));
        }
    }

    [Test]
    public async Task Versions_AreAppendOnly_TheDatabaseRefusesUpdateAndDelete()
    {
        var id = await ChargeSessionAsync();
        await using var connection = Server.OpenDatabaseConnection();

        void Run(string sql) => Dapper.SqlMapper.Execute(connection, sql, new { id });

        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => Run("UPDATE session_versions SET reason = 'rewritten' WHERE transaction_id = @id"),
                Throws.InstanceOf<System.Data.Common.DbException>().With.Message.Contains("append-only"));
            Assert.That(() => Run("DELETE FROM session_versions WHERE transaction_id = @id"),
                Throws.InstanceOf<System.Data.Common.DbException>().With.Message.Contains("append-only"));
        }
        Assert.That(await VersionsAsync(id), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task UnknownSessionVersions_Is404()
    {
        using var response = await Server.Http.GetAsync("/api/sessions/987654321/versions");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }
}

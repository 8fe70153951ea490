extern alias sim;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Newtonsoft.Json.Linq;
using OcppCentral.Tests.TestSupport;
using static OcppCentral.Tests.EndToEnd.PricingScenarios;
using SimCallError = sim::OcppCentral.Protocol.OcppCallError;

namespace OcppCentral.Tests.CostDisplay;

/// <summary>
/// The California Pricing messages through the real server in virtual time (docs/charger-display.md): each one's fields
/// as OCA's whitepaper for OCPP 1.6 defines them, RunningCost equal to the session record's estimate at that moment,
/// FinalCost equal to the closed total with the absolute receipt URL, a time-of-day boundary, refusals not retried,
/// Swedish texts. The clock stands still between a message and the record it is compared with.
/// </summary>
[CancelAfter(60_000)]
public class CostDisplayMessageTests
{
    private const string PublicUrl = "https://charge.example.com";
    private VirtualClock _clock = null!;
    private TestServer _server = null!;

    [OneTimeSetUp]
    public async Task StartServerAsync()
    {
        _clock = new VirtualClock();
        _server = await TestServer.StartAsync(_clock, "--public-url", PublicUrl);
        // start 5.00, 2.00/kWh, 0.10/min, idle 1.00/min after 15 min, 25 % tax: 6.25 SEK, 2.50 SEK/kWh, 7.50 SEK/h, 75.00 SEK/h.
        await PutTariffAsync(_server, "cd-flat", """
            { "name": "Display", "currency": "SEK", "timeZone": "Europe/Stockholm", "startFee": 5.00, "energyPrice": 2.00, "timePrice": 0.10,
              "idleFee": { "perMinute": 1.00, "graceMinutes": 15 }, "taxPercent": 25 }
            """);
    }

    [OneTimeTearDown]
    public async Task StopServerAsync() => await _server.DisposeAsync();

    private string Now => _clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>A charger on <paramref name="tariffId"/> with a display, booted, its configuration read and default price taken.</summary>
    private async Task<DisplayCharger> BootWithDisplayAsync(string id, CancellationToken ct, string tariffId = "cd-flat", string language = "en",
        int decimals = 2)
    {
        await AssignTariffAsync(_server, id, tariffId);
        var charger = await DisplayCharger.BootAsync(_server, id, DisplayCharger.Supporting(decimals, language), ct);
        await charger.NextAsync("GetConfiguration", null, ct);
        await charger.NextAsync("ChangeConfiguration", null, ct);
        await charger.NextAsync("ChangeConfiguration", null, ct);
        return charger;
    }

    private static void HasExactly(JObject data, params string[] fields) =>
        Assert.That(data.Properties().Select(p => p.Name), Is.EquivalentTo(fields), data.ToString());

    private async Task<JsonObject> SessionAsync(long transactionId) => await _server.GetJsonAsync<JsonObject>($"/api/sessions/{transactionId}");

    [Test]
    public async Task Boot_DisplaySupported_IsReadShownOnTheChargerAndGetsTheDefaultPrice(CancellationToken ct)
    {
        await AssignTariffAsync(_server, "CP-CD-BOOT", "cd-flat");
        await using var charger = await DisplayCharger.BootAsync(_server, "CP-CD-BOOT", DisplayCharger.Supporting(3), ct);

        var read = await charger.NextAsync("GetConfiguration", null, ct);
        var price = await charger.NextAsync("ChangeConfiguration", null, ct);
        var text = await charger.NextAsync("ChangeConfiguration", null, ct);
        var record = await _server.GetJsonAsync<JsonObject>("/api/chargepoints/CP-CD-BOOT");

        var priceValue = JObject.Parse(price.Payload["value"]!.ToString());
        var textValue = JObject.Parse(text.Payload["value"]!.ToString());
        using (Assert.EnterMultipleScope())
        {
            Assert.That(read.Payload["key"]!.Select(k => k.ToString()),
                Is.EqualTo(new[] { "CustomDisplayCostAndPrice", "NumberOfDecimalsForCostValues", "Language" }));
            Assert.That(price.Payload["key"]!.ToString(), Is.EqualTo("DefaultPrice"));
            HasExactly(priceValue, "priceText", "priceTextOffline", "chargingPrice");
            Assert.That(priceValue["chargingPrice"]!.ToObject<Dictionary<string, decimal>>(),
                Is.EqualTo(new Dictionary<string, decimal> { ["kWhPrice"] = 2.50m, ["hourPrice"] = 7.50m, ["flatFee"] = 6.25m }));
            Assert.That(priceValue["priceText"]!.ToString(), Is.EqualTo(
                "Price: 2.500 SEK/kWh. Start fee 6.250 SEK. Time 7.500 SEK/h. Idle fee 75.000 SEK/h after 15 min. Incl. 25 % VAT."));
            Assert.That(price.Payload["value"]!.ToString(), Has.Length.LessThanOrEqualTo(500));
            Assert.That(text.Payload["key"]!.ToString(), Is.EqualTo("DefaultPriceText,en"));
            HasExactly(textValue, "priceText", "priceTextOffline");
            Assert.That(record["costDisplay"], Is.Null);
            Assert.That(record["display"]!["active"]!.GetValue<bool>(), Is.True);
            Assert.That(record["display"]!["customDisplayCostAndPrice"]!.GetValue<bool>(), Is.True);
            Assert.That(record["display"]!["numberOfDecimalsForCostValues"]!.GetValue<int>(), Is.EqualTo(3));
            Assert.That(record["display"]!["language"]!.GetValue<string>(), Is.EqualTo("en"));
            Assert.That(record["display"]!["readAt"], Is.Not.Null);
        }
    }

    [Test]
    public async Task Session_DisplayActive_PriceRunningCostAsTheRecordAndFinalCostAsTheTotal(CancellationToken ct)
    {
        await using var charger = await BootWithDisplayAsync("CP-CD-SESSION", ct);

        await charger.Client.CallAsync("Authorize", new { idTag = "DRIVER-CD" }, ct);
        var userPrice = await charger.NextDataAsync("SetUserPrice", ct);
        var transactionId = await StartAsync(charger.Client, Now, 1000);
        _clock.Advance(TimeSpan.FromMinutes(10));
        await MeterAsync(charger.Client, transactionId, Now, 4000);
        var charging = await charger.NextDataAsync("RunningCost", ct);
        var chargingRecord = await SessionAsync(transactionId);
        var chargingAt = Now;
        _clock.Advance(TimeSpan.FromMinutes(20));
        await MeterAsync(charger.Client, transactionId, Now, 4000);
        var idle = await charger.NextDataAsync("RunningCost", ct);
        var idleRecord = await SessionAsync(transactionId);
        _clock.Advance(TimeSpan.FromMinutes(5));
        await StopAsync(charger.Client, transactionId, Now, 4000);
        var final = await charger.NextDataAsync("FinalCost", ct);
        var closed = await SessionAsync(transactionId);

        using (Assert.EnterMultipleScope())
        {
            HasExactly(userPrice, "idToken", "priceText");
            Assert.That(userPrice["idToken"]!.ToString(), Is.EqualTo("DRIVER-CD"));
            Assert.That(userPrice["priceText"]!.ToString(), Does.StartWith("Price: 2.50 SEK/kWh."));

            HasExactly(charging, "transactionId", "timestamp", "meterValue", "cost", "state", "chargingPrice", "idlePrice");
            Assert.That(charging["transactionId"]!.Value<long>(), Is.EqualTo(transactionId));
            Assert.That(charging["timestamp"]!.Value<DateTime>().ToUniversalTime(), Is.EqualTo(DateTime.Parse(chargingAt, CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal)));
            Assert.That(charging["meterValue"]!.Type, Is.EqualTo(JTokenType.Integer));
            Assert.That(charging["meterValue"]!.Value<long>(), Is.EqualTo(4000));
            Assert.That(charging["state"]!.ToString(), Is.EqualTo("Charging"));
            Assert.That(charging["cost"]!.Value<decimal>(), Is.EqualTo(chargingRecord["cost"]!["total"]!.GetValue<decimal>()));
            Assert.That(chargingRecord["estimated"]!.GetValue<bool>(), Is.True);
            Assert.That(charging["chargingPrice"]!.ToObject<Dictionary<string, decimal>>(),
                Is.EqualTo(new Dictionary<string, decimal> { ["kWhPrice"] = 2.50m, ["hourPrice"] = 7.50m, ["flatFee"] = 6.25m }));
            Assert.That(charging["idlePrice"]!.ToObject<Dictionary<string, decimal>>(),
                Is.EqualTo(new Dictionary<string, decimal> { ["graceMinutes"] = 15m, ["hourPrice"] = 75.00m }));
            Assert.That(charging["idlePrice"]!["graceMinutes"]!.Type, Is.EqualTo(JTokenType.Integer));

            Assert.That(idle["state"]!.ToString(), Is.EqualTo("Idle"));
            Assert.That(idle["cost"]!.Value<decimal>(), Is.EqualTo(idleRecord["cost"]!["total"]!.GetValue<decimal>()));
            Assert.That(idle["cost"]!.Value<decimal>(), Is.GreaterThan(charging["cost"]!.Value<decimal>()));

            HasExactly(final, "transactionId", "cost", "priceText", "qrCodeText");
            Assert.That(closed["status"]!.GetValue<string>(), Is.EqualTo("Completed"));
            Assert.That(final["cost"]!.Value<decimal>(), Is.EqualTo(closed["cost"]!["total"]!.GetValue<decimal>()));
            Assert.That(final["qrCodeText"]!.ToString(), Is.EqualTo(PublicUrl + closed["receiptUrl"]!.GetValue<string>()));
            Assert.That(final["priceText"]!.ToString(), Does.Contain($"Total {closed["cost"]!["total"]!.GetValue<decimal>().ToString("0.00", CultureInfo.InvariantCulture)} SEK"));
        }
    }

    [Test]
    public async Task RunningCost_TimeOfDayBoundaryDuringTheSession_AnnouncesTheNextPeriodWithATriggerAtIt(CancellationToken ct)
    {
        var now = _clock.GetUtcNow().UtcDateTime;
        var boundary = new DateTime(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, DateTimeKind.Utc).AddMinutes(5);
        var periodEnd = boundary.AddHours(1);
        await PutTariffAsync(_server, "cd-peak", $$"""
            { "name": "Peak", "currency": "SEK", "timeZone": "UTC", "energyPrice": 2.00, "taxPercent": 0,
              "periods": [ { "days": ["Mon","Tue","Wed","Thu","Fri","Sat","Sun"], "from": "{{boundary:HH:mm}}", "to": "{{periodEnd:HH:mm}}", "energyPrice": 4.00 } ] }
            """);
        await using var charger = await BootWithDisplayAsync("CP-CD-PEAK", ct, "cd-peak");

        var transactionId = await StartAsync(charger.Client, Now, 0);
        _clock.Advance(TimeSpan.FromMinutes(1));
        await MeterAsync(charger.Client, transactionId, Now, 500);
        var before = await charger.NextDataAsync("RunningCost", ct);
        _clock.SetUtcNow(new DateTimeOffset(boundary));
        await MeterAsync(charger.Client, transactionId, Now, 2000);
        var after = await charger.NextDataAsync("RunningCost", ct);
        var record = await SessionAsync(transactionId);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(before["chargingPrice"]!["kWhPrice"]!.Value<decimal>(), Is.EqualTo(2.00m));
            HasExactly((JObject)before["nextPeriod"]!, "atTime", "chargingPrice");
            Assert.That(before["nextPeriod"]!["atTime"]!.Value<DateTime>().ToUniversalTime(), Is.EqualTo(boundary));
            Assert.That(before["nextPeriod"]!["chargingPrice"]!["kWhPrice"]!.Value<decimal>(), Is.EqualTo(4.00m));
            HasExactly((JObject)before["triggerMeterValue"]!, "atTime");
            Assert.That(before["triggerMeterValue"]!["atTime"]!.Value<DateTime>().ToUniversalTime(), Is.EqualTo(boundary));
            Assert.That(after["chargingPrice"]!["kWhPrice"]!.Value<decimal>(), Is.EqualTo(4.00m));
            Assert.That(after["nextPeriod"]!["atTime"]!.Value<DateTime>().ToUniversalTime(), Is.EqualTo(periodEnd));
            Assert.That(after["nextPeriod"]!["chargingPrice"]!["kWhPrice"]!.Value<decimal>(), Is.EqualTo(2.00m));
            Assert.That(after["cost"]!.Value<decimal>(), Is.EqualTo(record["cost"]!["total"]!.GetValue<decimal>()));
        }
    }

    [Test]
    public async Task RunningCost_ChargerAnswersCallError_IsLoggedOnceAndNotSentAgain(CancellationToken ct)
    {
        await using var charger = await BootWithDisplayAsync("CP-CD-ERROR", ct);
        charger.Answer = call => call.Payload["messageId"]?.ToString() == "RunningCost"
            ? SimCallError.Create(call.MessageId, "NotSupported", "No running cost here.")
            : null;

        var transactionId = await StartAsync(charger.Client, Now, 0);
        _clock.Advance(TimeSpan.FromMinutes(1));
        await MeterAsync(charger.Client, transactionId, Now, 1000);
        var first = await charger.NextDataAsync("RunningCost", ct);
        for (var reading = 2; reading <= 3; reading++)
            await MeterAsync(charger.Client, transactionId, Now, reading * 1000);
        await StopAsync(charger.Client, transactionId, Now, 3000);
        // Follow-ups go out in order: once FinalCost is here, nothing sent before it is still to come.
        var next = await charger.NextAsync(ct);

        Assert.That(first["meterValue"]!.Value<long>(), Is.EqualTo(1000));
        Assert.That(next.Payload["messageId"]?.ToString(), Is.EqualTo("FinalCost"), "no RunningCost after the refused one");
    }

    [Test]
    public async Task SetUserPrice_ChargerAnswersRejected_IsNotSentAgainUntilItBoots(CancellationToken ct)
    {
        await using var charger = await BootWithDisplayAsync("CP-CD-REJECT", ct);
        charger.Answer = call => call.Payload["messageId"]?.ToString() == "SetUserPrice" ? new { status = "Rejected" } : null;

        await charger.Client.CallAsync("Authorize", new { idTag = "DRIVER-A" }, ct);
        await charger.NextDataAsync("SetUserPrice", ct);
        await charger.Client.CallAsync("Authorize", new { idTag = "DRIVER-B" }, ct);
        await charger.Client.CallAsync("BootNotification", new { chargePointVendor = "TestVendor", chargePointModel = "T1" }, ct);
        var afterSecondAuthorize = await charger.NextAsync(ct);
        await charger.NextAsync("ChangeConfiguration", null, ct);
        await charger.NextAsync("ChangeConfiguration", null, ct);
        await charger.Client.CallAsync("Authorize", new { idTag = "DRIVER-C" }, ct);
        var afterBoot = await charger.NextDataAsync("SetUserPrice", ct);

        Assert.That(afterSecondAuthorize.Action, Is.EqualTo("GetConfiguration"), "DRIVER-B got no SetUserPrice");
        Assert.That(afterBoot["idToken"]!.ToString(), Is.EqualTo("DRIVER-C"));
    }

    [Test]
    public async Task Display_Swedish_ShowsSwedishTextsWithDecimalCommas(CancellationToken ct)
    {
        await AssignTariffAsync(_server, "CP-CD-SV", "cd-flat");
        await using var charger = await DisplayCharger.BootAsync(_server, "CP-CD-SV", DisplayCharger.Supporting(2, "sv-SE"), ct);
        await charger.NextAsync("GetConfiguration", null, ct);
        var price = JObject.Parse((await charger.NextAsync("ChangeConfiguration", null, ct)).Payload["value"]!.ToString());
        var text = await charger.NextAsync("ChangeConfiguration", null, ct);

        await charger.Client.CallAsync("Authorize", new { idTag = "FORARE" }, ct);
        var userPrice = await charger.NextDataAsync("SetUserPrice", ct);
        var transactionId = await StartAsync(charger.Client, Now, 0);
        _clock.Advance(TimeSpan.FromMinutes(30));
        await StopAsync(charger.Client, transactionId, Now, 10_000);
        var final = await charger.NextDataAsync("FinalCost", ct);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(text.Payload["key"]!.ToString(), Is.EqualTo("DefaultPriceText,sv-SE"));
            Assert.That(userPrice["priceText"]!.ToString(), Is.EqualTo(
                "Pris: 2,50 SEK/kWh. Startavgift 6,25 SEK. Tid 7,50 SEK/tim. Tomgångsavgift 75,00 SEK/tim efter 15 min. Inkl. 25 % moms."));
            Assert.That(price["priceTextOffline"]!.ToString(), Does.StartWith("Laddstationen är offline. Pris: 2,50 SEK/kWh."));
            Assert.That(final["priceText"]!.ToString(), Does.Match(@"^10,00 kWh på 30 min\. Totalt \d+,\d\d SEK inkl\. \d+,\d\d SEK moms\. Tack!$"));
        }
    }

    [Test]
    public async Task Charger_WithoutDisplay_ReceivesNothingButTheReadOfItsConfiguration(CancellationToken ct)
    {
        await using var charger = await DisplayCharger.BootAsync(_server, "CP-CD-NONE", keys: null, ct);
        await charger.NextAsync("GetConfiguration", null, ct);

        await charger.Client.CallAsync("Authorize", new { idTag = "DRIVER-N" }, ct);
        var transactionId = await StartAsync(charger.Client, Now, 0);
        _clock.Advance(TimeSpan.FromMinutes(5));
        await MeterAsync(charger.Client, transactionId, Now, 2000);
        await StopAsync(charger.Client, transactionId, Now, 2000);
        await charger.Client.CallAsync("BootNotification", new { chargePointVendor = "TestVendor", chargePointModel = "T1" }, ct);
        // Follow-ups go out in order: the read after the second boot comes after anything the session caused.
        var next = await charger.NextAsync(ct);
        var record = await _server.GetJsonAsync<JsonObject>("/api/chargepoints/CP-CD-NONE");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(next.Action, Is.EqualTo("GetConfiguration"));
            Assert.That(record["display"]!["active"]!.GetValue<bool>(), Is.False);
            Assert.That(record["display"]!["customDisplayCostAndPrice"], Is.Null);
        }
    }

    [Test]
    public async Task Setting_FalseThenTrue_SilencesADisplayThatSupportsItThenPushesTheDefaultPrice(CancellationToken ct)
    {
        (await _server.Http.PutAsJsonAsync("/api/chargepoints/CP-CD-OFF", new { tariffId = "cd-flat", costDisplay = false }, ct)).EnsureSuccessStatusCode();
        await using var charger = await DisplayCharger.BootAsync(_server, "CP-CD-OFF", DisplayCharger.Supporting(), ct);
        await charger.Client.CallAsync("Authorize", new { idTag = "DRIVER-O" }, ct);
        var transactionId = await StartAsync(charger.Client, Now, 0);
        _clock.Advance(TimeSpan.FromMinutes(5));
        await MeterAsync(charger.Client, transactionId, Now, 2000);

        using var on = await _server.Http.PutAsJsonAsync("/api/chargepoints/CP-CD-OFF", new { costDisplay = true }, ct);
        var first = await charger.NextAsync(ct);
        var record = (await on.Content.ReadFromJsonAsync<JsonObject>(ct))!;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(first.Action + " " + first.Payload["key"], Is.EqualTo("ChangeConfiguration DefaultPrice"), "nothing while it was off, not even the read");
            Assert.That(record["costDisplay"]!.GetValue<bool>(), Is.True);
            Assert.That(record["display"]!["active"]!.GetValue<bool>(), Is.True);
        }
    }

    [Test]
    public async Task Put_CostDisplay_NullIsAutomaticAndAWrongTypeIsNamed(CancellationToken ct)
    {
        (await _server.Http.PutAsJsonAsync("/api/chargepoints/CP-CD-PUT", new { costDisplay = true }, ct)).EnsureSuccessStatusCode();
        using var automatic = await PutJsonAsync(_server, "/api/chargepoints/CP-CD-PUT", """{"costDisplay":null}""");
        using var wrong = await PutJsonAsync(_server, "/api/chargepoints/CP-CD-PUT", """{"costDisplay":"yes"}""");
        using var untouched = await PutJsonAsync(_server, "/api/chargepoints/CP-CD-PUT", """{"name":"Depot"}""");
        var record = await _server.GetJsonAsync<JsonObject>("/api/chargepoints/CP-CD-PUT");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(automatic.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(wrong.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That((await wrong.Content.ReadFromJsonAsync<JsonObject>(ct))!["errors"]!["costDisplay"], Is.Not.Null);
            Assert.That(untouched.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(record["costDisplay"], Is.Null);
            Assert.That(record["display"]!["active"]!.GetValue<bool>(), Is.False);
        }
    }
}

using System.Net;
using System.Text.Json.Nodes;
using OcppCentral.Tests.TestSupport;
using static OcppCentral.Tests.EndToEnd.PricingScenarios;

namespace OcppCentral.Tests.EndToEnd;

/// <summary>PUT /api/tariffs/{id} through the real server: every bad tariff is a 400 ProblemDetails naming its field, and is not stored.</summary>
[CancelAfter(60_000)]
public partial class PricingTariffValidationTests : SharedServerTests
{
    private const string Valid = """
        { "name": "Standard", "currency": "SEK", "timeZone": "Europe/Stockholm", "startFee": 5.00, "energyPrice": 2.50,
          "timePrice": 0.10, "idleFee": { "perMinute": 1.00, "graceMinutes": 15 },
          "periods": [ { "days": ["Mon","Tue","Wed","Thu","Fri"], "from": "17:00", "to": "20:00", "energyPrice": 4.00 } ],
          "minimumPrice": 0, "maximumPrice": null, "taxPercent": 25 }
        """;

    /// <summary>The valid tariff with <paramref name="patch"/>'s members replacing its own (a null value removes the member).</summary>
    private static string Patched(string patch)
    {
        var tariff = Json.Parse(Valid).AsObject();
        foreach (var (name, value) in Json.Parse(patch).AsObject().ToList())
        {
            if (value is null)
                tariff.Remove(name);
            else
                tariff[name] = value.DeepClone();
        }
        return tariff.ToJsonString();
    }

    [TestCase("""{ "energyPrice": -2.50 }""", "energyPrice", TestName = "Put_NegativeEnergyPrice_Is400NamingEnergyPrice")]
    [TestCase("""{ "startFee": -1 }""", "startFee", TestName = "Put_NegativeStartFee_Is400NamingStartFee")]
    [TestCase("""{ "timePrice": -0.01 }""", "timePrice", TestName = "Put_NegativeTimePrice_Is400NamingTimePrice")]
    [TestCase("""{ "idleFee": { "perMinute": -1 } }""", "idleFee.perMinute", TestName = "Put_NegativeIdleFee_Is400NamingIdleFeePerMinute")]
    [TestCase("""{ "periods": [ { "days": ["Mon"], "from": "17:00", "to": "20:00", "energyPrice": -4 } ] }""", "periods[0].energyPrice",
        TestName = "Put_NegativePeriodPrice_Is400NamingThePeriodsEnergyPrice")]
    [TestCase("""{ "timeZone": "Mars/Olympus_Mons" }""", "timeZone", TestName = "Put_UnknownTimeZone_Is400NamingTimeZone")]
    [TestCase("""{ "periods": [ { "days": ["Mon","Funday"], "from": "17:00", "to": "20:00", "energyPrice": 4 } ] }""", "periods[0].days[1]",
        TestName = "Put_UnknownWeekday_Is400NamingThatDay")]
    [TestCase("""{ "periods": [ { "days": ["Mon"], "from": "08:00", "to": "12:00", "energyPrice": 3 }, { "days": ["Mon"], "from": "11:00", "to": "13:00", "energyPrice": 4 } ] }""",
        "periods[1]", TestName = "Put_OverlappingPeriods_Is400NamingTheLaterPeriod")]
    [TestCase("""{ "periods": [ { "days": ["Mon"], "from": "22:00", "to": "06:00", "energyPrice": 1 }, { "days": ["Tue"], "from": "05:00", "to": "07:00", "energyPrice": 4 } ] }""",
        "periods[1]", TestName = "Put_PeriodOverlappingAnOvernightPeriod_Is400NamingTheLaterPeriod")]
    [TestCase("""{ "periods": [ { "days": ["Mon"], "from": "10:00", "to": "10:00", "energyPrice": 4 } ] }""", "periods[0].to",
        TestName = "Put_PeriodFromEqualToTo_Is400NamingTo")]
    [TestCase("""{ "periods": [ { "days": ["Mon"], "from": "24:00", "to": "10:00", "energyPrice": 4 } ] }""", "periods[0].from",
        TestName = "Put_PeriodFromNotAClockTime_Is400NamingFrom")]
    [TestCase("""{ "timeZone": "CET" }""", "timeZone", TestName = "Put_TimeZoneAbbreviation_Is400NamingTimeZone")]
    [TestCase("""{ "timeZone": "W. Europe Standard Time" }""", "timeZone", TestName = "Put_WindowsTimeZoneId_Is400NamingTimeZone")]
    [TestCase("""{ "minimumPrice": 10.005 }""", "minimumPrice", TestName = "Put_MinimumPriceWithThreeDecimals_Is400NamingMinimumPrice")]
    [TestCase("""{ "maximumPrice": 99.999 }""", "maximumPrice", TestName = "Put_MaximumPriceWithThreeDecimals_Is400NamingMaximumPrice")]
    [TestCase("""{ "startFee": 4.995 }""", "startFee", TestName = "Put_StartFeeWithThreeDecimals_Is400NamingStartFee")]
    [TestCase("""{ "taxPercent": 101 }""", "taxPercent", TestName = "Put_TaxOver100Percent_Is400NamingTaxPercent")]
    [TestCase("""{ "taxPercent": null }""", "taxPercent", TestName = "Put_MissingTaxPercent_Is400NamingTaxPercent")]
    [TestCase("""{ "energyPrice": null }""", "energyPrice", TestName = "Put_MissingEnergyPrice_Is400NamingEnergyPrice")]
    [TestCase("""{ "name": null }""", "name", TestName = "Put_MissingName_Is400NamingName")]
    [TestCase("""{ "currency": "kronor" }""", "currency", TestName = "Put_CurrencyNotAnIsoCode_Is400NamingCurrency")]
    [TestCase("""{ "minimumPrice": 10, "maximumPrice": 5 }""", "maximumPrice", TestName = "Put_MaximumBelowMinimum_Is400NamingMaximumPrice")]
    [TestCase("""{ "energyPrice": "cheap" }""", "energyPrice", TestName = "Put_PriceNotANumber_Is400NamingEnergyPrice")]
    [TestCase("""{ "periods": [ { "days": "Mon", "from": "10:00", "to": "12:00", "energyPrice": 4 } ] }""", "periods[0].days",
        TestName = "Put_DaysNotAList_Is400NamingDays")]
    [TestCase("""{ "startFees": 5 }""", "startFees", TestName = "Put_MisspeltField_Is400NamingIt")]
    [TestCase("""{ "id": "other" }""", "id", TestName = "Put_BodyIdDiffersFromPath_Is400NamingId")]
    public async Task Put_BadTariff_Is400NamingTheField(string patch, string field)
    {
        using var response = await PutJsonAsync(Server, "/api/tariffs/refused", Patched(patch));

        var body = await response.Content.ReadAsStringAsync();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), body);
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
            Assert.That(Json.Parse(body)["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { field }), body);
        }
        using var stored = await Server.Http.GetAsync("/api/tariffs/refused");
        Assert.That(stored.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Put_SeveralMistakes_NamesEveryField()
    {
        using var response = await PutJsonAsync(Server, "/api/tariffs/refused",
            Patched("""{ "energyPrice": -1, "timeZone": "Nowhere/Never", "taxPercent": null }"""));

        var errors = Json.Parse(await response.Content.ReadAsStringAsync())["errors"]!.AsObject();
        Assert.That(errors.Select(e => e.Key), Is.EquivalentTo(new[] { "energyPrice", "timeZone", "taxPercent" }));
    }

    [Test]
    public async Task Put_UnknownFieldWrongTypesAndInvalidValues_NamesEveryProblemInOneAnswer()
    {
        using var response = await PutJsonAsync(Server, "/api/tariffs/refused", Patched("""
            { "startFees": 5, "energyPrice": "cheap", "idleFee": { "perMinute": true, "graceMinute": 5 },
              "periods": [ { "days": "Mon", "from": "10:00", "to": "12:00", "energyPrice": 4 },
                           { "days": ["Tue", 3], "from": "10:00", "to": "12:00", "energyPrice": -1 } ],
              "timeZone": "CET", "taxPercent": 101, "minimumPrice": 0.001 }
            """));

        var body = await response.Content.ReadAsStringAsync();
        var errors = Json.Parse(body)["errors"]!.AsObject();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), body);
            Assert.That(errors.Select(e => e.Key), Is.EquivalentTo(new[]
            {
                "startFees", "energyPrice", "idleFee.perMinute", "idleFee.graceMinute", "periods[0].days", "periods[1].days[1]",
                "periods[1].energyPrice", "timeZone", "taxPercent", "minimumPrice",
            }), body);
            // A value that could not be read is reported once, not again as missing.
            Assert.That(errors["energyPrice"]!.AsArray().Select(m => m!.GetValue<string>()), Is.EqualTo(new[] { "must be a number" }));
        }
    }

    [Test]
    public async Task Put_MalformedJson_Is400()
    {
        using var response = await PutJsonAsync(Server, "/api/tariffs/refused", """{ "name": "Standard", """);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task Put_NotJson_Is415()
    {
        using var response = await Server.Http.PutAsync("/api/tariffs/refused", new StringContent("energyPrice=2.50"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnsupportedMediaType));
    }

    [Test]
    public async Task Put_ValidTariff_AnswersTheCanonicalDocumentWithThePathsId()
    {
        using var response = await PutJsonAsync(Server, "/api/tariffs/accepted", Valid);

        var body = Json.Parse(await response.Content.ReadAsStringAsync());
        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(body["id"]!.GetValue<string>(), Is.EqualTo("accepted"));
            Assert.That(body["periods"]![0]!["days"]!.AsArray().Select(d => d!.GetValue<string>()), Is.EqualTo(new[] { "Mon", "Tue", "Wed", "Thu", "Fri" }));
            Assert.That(body["energyPrice"]!.GetValue<decimal>(), Is.EqualTo(2.50m));
        }
    }
}

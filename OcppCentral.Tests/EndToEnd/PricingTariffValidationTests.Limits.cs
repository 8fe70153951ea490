using System.Net;
using OcppCentral.Pricing;
using OcppCentral.Tests.TestSupport;
using static OcppCentral.Tests.EndToEnd.PricingScenarios;

namespace OcppCentral.Tests.EndToEnd;

/// <summary>The bound on periods and on the errors one answer carries, through the real server (docs/sessions-and-pricing.md).</summary>
public partial class PricingTariffValidationTests
{
    private static string OverlappingPeriods(int count) =>
        "[" + string.Join(",", Enumerable.Repeat("""{ "days": ["Mon","Tue","Wed","Thu","Fri","Sat","Sun"], "from": "22:00", "to": "21:00", "energyPrice": 1 }""", count)) + "]";

    [Test]
    public async Task Put_ThousandsOfOverlappingPeriods_Is400NamingPeriodsOnce()
    {
        using var response = await PutJsonAsync(Server, "/api/tariffs/refused", Patched($$"""{ "periods": {{OverlappingPeriods(5000)}} }"""));

        var body = await response.Content.ReadAsStringAsync();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), body);
            Assert.That(Json.Parse(body)["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { "periods" }), body);
            Assert.That(body, Does.Contain($"has 5000 periods; a tariff has at most {Tariff.MaxPeriods}"));
        }
    }

    [Test]
    public async Task Put_MaxPeriodsAllOverlapping_Is400WithABoundedListOfErrors()
    {
        using var response = await PutJsonAsync(Server, "/api/tariffs/refused", Patched($$"""{ "periods": {{OverlappingPeriods(Tariff.MaxPeriods)}} }"""));

        var body = await response.Content.ReadAsStringAsync();
        var errors = Json.Parse(body)["errors"]!.AsObject();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), body);
            Assert.That(errors.Count, Is.LessThanOrEqualTo(TariffError.MaxFields + 1));
            Assert.That(errors.Select(e => e.Value!.AsArray().Count), Is.All.LessThanOrEqualTo(TariffError.MaxPerField + 1));
            Assert.That(errors["periods[1]"]!.AsArray().Select(m => m!.GetValue<string>()), Is.EqualTo(new[] { "overlaps periods[0] from Mon 00:00" }));
            Assert.That(errors["$"]!.AsArray().Single()!.GetValue<string>(), Does.EndWith("more fields have errors; fix these first"));
        }
    }

    [Test]
    public async Task Put_ThousandsOfUnreadableValues_Is400WithABoundedListOfErrors()
    {
        var periods = "[" + string.Join(",", Enumerable.Repeat("""{ "days": ["Mon"], "from": 1, "to": 2, "energyPrice": "x", "extra": 1 }""", 3000)) + "]";
        using var response = await PutJsonAsync(Server, "/api/tariffs/refused", Patched($$"""{ "periods": {{periods}} }"""));

        var body = await response.Content.ReadAsStringAsync();
        var errors = Json.Parse(body)["errors"]!.AsObject();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), body);
            Assert.That(errors.Count, Is.LessThanOrEqualTo(TariffError.MaxFields + 1));
            Assert.That(errors["periods[0].from"]!.AsArray().Select(m => m!.GetValue<string>()), Is.EqualTo(new[] { "must be a string" }));
            Assert.That(errors["$"]!.AsArray().Select(m => m!.GetValue<string>()), Does.Contain("and 11901 more fields have errors; fix these first"), body);
        }
    }

    [Test]
    public async Task Simulate_ThousandsOfOverlappingPeriods_Is400NamingTheCandidatesPeriods()
    {
        var request = $$"""
            { "tariff": {{Patched($$$"""{ "periods": {{{OverlappingPeriods(5000)}}} }""")}},
              "from": "2026-11-01T00:00:00Z", "to": "2026-12-01T00:00:00Z" }
            """;
        using var response = await PostJsonAsync(Server, "/api/tariffs/simulate", request);

        var body = await response.Content.ReadAsStringAsync();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), body);
            Assert.That(Json.Parse(body)["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { "tariff.periods" }), body);
        }
    }
}

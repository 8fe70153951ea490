using System.Net;
using OcppCentral.Tests.TestSupport;
using static OcppCentral.Tests.EndToEnd.PricingScenarios;

namespace OcppCentral.Tests.EndToEnd;

/// <summary>DELETE /api/tariffs/{id} through the real server: refused while chargers are assigned to the tariff, else gone.</summary>
[CancelAfter(60_000)]
public class PricingTariffDeletionTests
{
    private const string Cheap = """
        { "name": "Cheap", "currency": "SEK", "timeZone": "Europe/Stockholm", "energyPrice": 1.00, "taxPercent": 25 }
        """;

    [Test]
    public async Task Delete_TariffAssignedToChargers_Is409ListingThemAndKeepsTheTariff()
    {
        await using var server = await TestServer.StartAsync();
        await PutTariffAsync(server, "cheap", Cheap);
        await AssignTariffAsync(server, "CP-B", "cheap");
        await AssignTariffAsync(server, "CP-A", "cheap");
        await AssignTariffAsync(server, "CP-C", "default");

        using var response = await server.Http.DeleteAsync("/api/tariffs/cheap");

        var problem = Json.Parse(await response.Content.ReadAsStringAsync());
        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
            Assert.That(problem["chargePointIds"]!.AsArray().Select(id => id!.GetValue<string>()), Is.EqualTo(new[] { "CP-A", "CP-B" }));
            Assert.That(problem["detail"]!.GetValue<string>(), Does.Contain("CP-A, CP-B"));
        }
        using var stillThere = await server.Http.GetAsync("/api/tariffs/cheap");
        Assert.That(stillThere.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Delete_TariffOnceItsChargersAreUnassigned_IsGone()
    {
        await using var server = await TestServer.StartAsync();
        await PutTariffAsync(server, "cheap", Cheap);
        await AssignTariffAsync(server, "CP-A", "cheap");
        await AssignTariffAsync(server, "CP-A", "");

        using var response = await server.Http.DeleteAsync("/api/tariffs/cheap");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        using var gone = await server.Http.GetAsync("/api/tariffs/cheap");
        Assert.That(gone.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Delete_DefaultTariffNoChargerIsAssignedTo_IsAllowed()
    {
        await using var server = await TestServer.StartAsync();
        await AssignTariffAsync(server, "CP-A", "");

        using var response = await server.Http.DeleteAsync("/api/tariffs/default");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        using var gone = await server.Http.GetAsync("/api/tariffs/default");
        Assert.That(gone.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Delete_UnknownTariff_Is404()
    {
        await using var server = await TestServer.StartAsync();

        using var response = await server.Http.DeleteAsync("/api/tariffs/never-was");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task ActiveSession_ItsTariffDeletedMeanwhile_ClosesWithThePinnedCopy()
    {
        await using var server = await TestServer.StartAsync();
        await PutTariffAsync(server, "cheap", Cheap);
        await AssignTariffAsync(server, "CP-A", "cheap");
        await using var charger = await Chargers.BootAsync(server, "CP-A");
        var transactionId = await StartAsync(charger, "2026-11-10T10:00:00Z", 0);
        await AssignTariffAsync(server, "CP-A", "");
        using (var deleted = await server.Http.DeleteAsync("/api/tariffs/cheap"))
            Assert.That(deleted.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));

        await StopAsync(charger, transactionId, "2026-11-10T11:00:00Z", 4000);

        var session = await SessionAsync(server, transactionId);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(session["tariffId"]!.GetValue<string>(), Is.EqualTo("cheap"));
            Assert.That(Amounts(session["cost"]!), Is.EqualTo((4.00m, 1.00m, 5.00m)));
            Assert.That(session["anomalies"]!.AsArray(), Is.Empty);
        }
    }
}

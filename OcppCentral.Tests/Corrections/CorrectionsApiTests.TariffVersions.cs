using System.Net;
using System.Text.Json.Nodes;
using OcppCentral.Tests.TestSupport;
using static OcppCentral.Tests.EndToEnd.ReportSessions;
using static OcppCentral.Tests.EndToEnd.PricingScenarios;

namespace OcppCentral.Tests.Corrections;

/// <summary>Tariff versions (docs/corrections.md): every PUT a version, sessions pin id and version, a re-price may name a version.</summary>
public partial class CorrectionsApiTests
{
    private const string VersionOne = """{"name":"Versioned","currency":"SEK","timeZone":"UTC","energyPrice":2.00,"taxPercent":25}""";
    private const string VersionTwo = """{"name":"Versioned","currency":"SEK","timeZone":"UTC","energyPrice":4.00,"taxPercent":25}""";

    [Test]
    public async Task EveryPut_MakesANewTariffVersion_ListedOldestFirstWithWhoAndWhat()
    {
        await PutTariffAsync(Server, "versions-list", VersionOne);
        await PutTariffAsync(Server, "versions-list", VersionTwo);

        var versions = await Server.GetJsonAsync<JsonArray>("/api/tariffs/versions-list/versions");
        using var unknown = await Server.Http.GetAsync("/api/tariffs/never-was/versions");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(versions.Select(v => v!["version"]!.GetValue<int>()), Is.EqualTo(new[] { 1, 2 }));
            Assert.That(versions.Select(v => v!["tariff"]!["energyPrice"]!.GetValue<decimal>()), Is.EqualTo(new[] { 2.00m, 4.00m }));
            Assert.That(versions[1]!["actor"]!.GetValue<string>(), Is.EqualTo("local"));
            Assert.That(versions[1]!["tariffId"]!.GetValue<string>(), Is.EqualTo("versions-list"));
            Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        }
    }

    [Test]
    public async Task ASession_PinsTheTariffVersionInForceAtItsStart_AndARepriceMayNameAnEarlierVersion()
    {
        await PutTariffAsync(Server, "versions-pin", VersionOne);
        await using var charger = await Chargers.BootAsync(Server, "CP-CORR-PIN");
        await AssignTariffAsync(Server, "CP-CORR-PIN", "versions-pin");
        var first = await StartAsync(charger, 1, "DRIVER", 10_000, Day);
        await PutTariffAsync(Server, "versions-pin", VersionTwo);
        await StopAsync(charger, first, 20_000, Day.AddHours(1));
        var second = await StartAsync(charger, 1, "DRIVER", 20_000, Day.AddHours(2));
        await StopAsync(charger, second, 30_000, Day.AddHours(3));

        var firstRecord = await SessionAsync(Server, first);
        var secondRecord = await SessionAsync(Server, second);
        var repriced = await CreatedAsync(second, """{"kind":"reprice","tariffId":"versions-pin","tariffVersion":1,"reason":"The price rise came a day early"}""");
        var (status, problem) = await RefusedAsync(second, """{"kind":"reprice","tariffId":"versions-pin","tariffVersion":9,"reason":"x"}""");

        using (Assert.EnterMultipleScope())
        {
            Assert.That((firstRecord["tariffId"]!.GetValue<string>(), firstRecord["tariffVersion"]!.GetValue<int>()), Is.EqualTo(("versions-pin", 1)));
            Assert.That(Amounts(firstRecord["cost"]!), Is.EqualTo((20.00m, 5.00m, 25.00m)));
            Assert.That(secondRecord["tariffVersion"]!.GetValue<int>(), Is.EqualTo(2));
            Assert.That(Amounts(secondRecord["cost"]!), Is.EqualTo((40.00m, 10.00m, 50.00m)));
            Assert.That(repriced["tariffVersion"]!.GetValue<int>(), Is.EqualTo(1));
            Assert.That(Amounts(repriced["cost"]!), Is.EqualTo((20.00m, 5.00m, 25.00m)));
            Assert.That(repriced["changes"]!["tariffVersion"]!.ToJsonString(), Is.EqualTo("""{"from":2,"to":1}"""));
            Assert.That((await SessionAsync(Server, second))["tariffVersion"]!.GetValue<int>(), Is.EqualTo(1));
            Assert.That((status, problem["errors"]!.AsObject().Single().Key), Is.EqualTo((HttpStatusCode.BadRequest, "tariffVersion")));
        }
    }

    [Test]
    public async Task TariffVersions_AreAppendOnly_AndOutliveTheTariff()
    {
        await PutTariffAsync(Server, "versions-gone", VersionOne);
        (await Server.Http.DeleteAsync("/api/tariffs/versions-gone")).EnsureSuccessStatusCode();
        await PutTariffAsync(Server, "versions-gone", VersionTwo);
        await using var connection = Server.OpenDatabaseConnection();
        using var update = connection.CreateCommand();
        update.CommandText = "DELETE FROM tariff_versions WHERE tariff_id = 'versions-gone'";

        var versions = await Server.GetJsonAsync<JsonArray>("/api/tariffs/versions-gone/versions");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => update.ExecuteNonQuery(), Throws.InstanceOf<System.Data.Common.DbException>().With.Message.Contains("append-only"));
            Assert.That(versions.Select(v => v!["version"]!.GetValue<int>()), Is.EqualTo(new[] { 1, 2 }));
        }
    }
}

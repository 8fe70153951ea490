using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using OcppCentral.Tests.TestSupport;

namespace OcppCentral.Tests.Health;

/// <summary>
/// The message log switched on for the whole server (<c>--message-log true</c>, docs/charger-health.md): every charger is
/// logged unless its own setting says off, and <c>"messageLog": null</c> makes it follow the server again.
/// </summary>
[CancelAfter(60_000)]
public class MessageLogSettingsTests : SharedServerTests
{
    private static CancellationToken Ct => TestContext.CurrentContext.CancellationToken;

    protected override string[] ServerArguments => ["--message-log", "true"];

    [Test]
    public async Task Messages_OnForTheServer_ChargerWithoutASettingIsLogged()
    {
        await using var charger = await Chargers.BootAsync(Server, "CP-MLS-ON", ct: Ct);
        await FlushAsync("CP-MLS-ON");

        var items = await DescribedAsync("CP-MLS-ON");
        var record = await Server.GetJsonAsync<JsonObject>("/api/chargepoints/CP-MLS-ON");

        using (Assert.EnterMultipleScope())
        {
            // After a boot the server reads the charger's display configuration (docs/charger-display.md).
            Assert.That(items, Is.EqualTo(new[] { "In Call BootNotification", "Out CallResult BootNotification", "Out Call GetConfiguration", "In CallResult GetConfiguration" }));
            Assert.That(record["messageLog"], Is.Null);
            Assert.That(record["logsMessages"]!.GetValue<bool>(), Is.True);
        }
    }

    [Test]
    public async Task Messages_ChargerSwitchedOff_IsNotLogged_AndNullFollowsTheServerAgain()
    {
        var off = await PutAsync("CP-MLS-OFF", """{"messageLog":false}""");
        await using (var charger = await Chargers.BootAsync(Server, "CP-MLS-OFF", ct: Ct))
            await charger.CallAsync("Heartbeat", new { }, Ct);
        await FlushAsync("CP-MLS-OFF");
        var whileOff = await DescribedAsync("CP-MLS-OFF");

        var inherits = await PutAsync("CP-MLS-OFF", """{"messageLog":null}""");
        await using (var charger = await Chargers.ConnectAsync(Server, "CP-MLS-OFF", null, Ct))
            await charger.CallAsync("Heartbeat", new { }, Ct);
        await FlushAsync("CP-MLS-OFF");

        using (Assert.EnterMultipleScope())
        {
            Assert.That((off["messageLog"]!.GetValue<bool>(), off["logsMessages"]!.GetValue<bool>()), Is.EqualTo((false, false)));
            Assert.That(whileOff, Is.Empty);
            Assert.That((inherits["messageLog"], inherits["logsMessages"]!.GetValue<bool>()), Is.EqualTo(((JsonNode?)null, true)));
            Assert.That(await DescribedAsync("CP-MLS-OFF"), Is.EqualTo(new[] { "In Call Heartbeat", "Out CallResult Heartbeat" }));
        }
    }

    [Test]
    public async Task Put_WithoutMessageLog_LeavesTheChargersSettingAsItIs()
    {
        await PutAsync("CP-MLS-KEEP", """{"messageLog":false}""");

        var after = await PutAsync("CP-MLS-KEEP", """{"name":"Depot"}""");

        Assert.That(after["messageLog"]!.GetValue<bool>(), Is.False);
    }

    private async Task<List<string>> DescribedAsync(string id) =>
        (await Server.GetJsonAsync<JsonObject>($"/api/chargepoints/{id}/messages"))["items"]!.AsArray()
        .Select(m => MessageLogTests.Describe(m!.AsObject())).Reverse().ToList();

    private Task FlushAsync(string id) => PutAsync(id, "{}");

    private async Task<JsonObject> PutAsync(string id, string json)
    {
        using var response = await Server.Http.PutAsync($"/api/chargepoints/{id}", new StringContent(json, Encoding.UTF8, "application/json"), Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), text);
        return Json.Parse(text).AsObject();
    }
}

extern alias sim;
using System.Net;
using OcppCentral.Tests.TestSupport;

namespace OcppCentral.Tests.EndToEnd;

/// <summary>docs/operations.md: settings from appsettings.json, then CHARGEMONITOR_ environment variables, then the command line.</summary>
[CancelAfter(60_000)]
[Platform(Exclude = "Win")]
public class SettingsTests : ProcessDatabaseTests
{
    [Test]
    public async Task EnvironmentVariables_SetKeys_AndTheCommandLineWins(CancellationToken ct)
    {
        var environment = new Dictionary<string, string>
        {
            ["CHARGEMONITOR_AdminKey"] = "from-the-environment",
            ["CHARGEMONITOR_HeartbeatInterval"] = "42",
            ["CHARGEMONITOR_AcceptUnknownIdTags"] = "false",
        };
        await using var server = await ServerProcess.StartAsync(DatabasePath, environment, ct, "--heartbeat-interval", "7");
        await using var charger = await Chargers.ConnectAsync(server.WebSocketUri, "CP-SETTINGS", ct: ct);

        var boot = await charger.CallAsync("BootNotification", new { chargePointVendor = "V", chargePointModel = "M" }, ct);
        var authorize = await charger.CallAsync("Authorize", new { idTag = "STRANGER" }, ct);
        var withoutKey = await server.Http.GetAsync("/api/chargepoints", ct);
        using var withKey = new HttpRequestMessage(HttpMethod.Get, "/api/chargepoints") { Headers = { { "X-API-Key", "from-the-environment" } } };

        using (Assert.EnterMultipleScope())
        {
            Assert.That(boot["interval"]!.ToObject<int>(), Is.EqualTo(7), "the command line wins over the environment");
            Assert.That(authorize["idTagInfo"]!["status"]!.ToObject<string>(), Is.EqualTo("Invalid"));
            Assert.That(withoutKey.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That((await server.Http.SendAsync(withKey, ct)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(server.Output, Does.Not.Contain("from-the-environment"), "the key is never logged");
        }
    }
}

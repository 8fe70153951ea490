extern alias sim;
using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json.Nodes;
using OcppCentral.Tests.TestSupport;
using OcppCentral.Transport;

namespace OcppCentral.Tests.Health;

/// <summary>
/// A charger's history through the real server (docs/charger-health.md): connections and why they ended, refused
/// handshakes, boots and connector status changes, read back from GET /api/chargepoints/{id}/events.
/// </summary>
[CancelAfter(60_000)]
public class ChargerEventsTests : SharedServerTests
{
    private static CancellationToken Ct => TestContext.CurrentContext.CancellationToken;

    [Test]
    public async Task Events_ConnectBootStatusChangesAndClose_AreListedNewestFirstWithTheirDetails()
    {
        var client = await Chargers.BootAsync(Server, "CP-EV-LIFE", ct: Ct);
        var connection = Connection("CP-EV-LIFE");
        await StatusAsync(client, 1, "Available", "NoError", null);
        await StatusAsync(client, 1, "Available", "NoError", null); // no change: not an event
        await StatusAsync(client, 1, "Faulted", "GroundFailure", "RCD tripped");
        await client.CloseAsync(Ct);
        await connection.Departed.WaitAsync(Ct);

        var page = await EventsAsync("CP-EV-LIFE");
        var items = page["items"]!.AsArray().Select(e => e!.AsObject()).Reverse().ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(items.Select(e => e["kind"]!.GetValue<string>()),
                Is.EqualTo(new[] { "Connected", "BootNotification", "StatusChanged", "StatusChanged", "Disconnected" }));
            Assert.That(page["total"]!.GetValue<int>(), Is.EqualTo(5));
            Assert.That(items[0]["remoteAddress"]!.GetValue<string>(), Is.EqualTo("127.0.0.1"));
            Assert.That(items[1]["info"]!.GetValue<string>(), Is.EqualTo("TestVendor T1, firmware 1.0"));
            Assert.That(items[3]["connectorId"]!.GetValue<int>(), Is.EqualTo(1));
            Assert.That(items[3]["status"]!.GetValue<string>(), Is.EqualTo("Faulted"));
            Assert.That(items[3]["errorCode"]!.GetValue<string>(), Is.EqualTo("GroundFailure"));
            Assert.That(items[3]["info"]!.GetValue<string>(), Is.EqualTo("RCD tripped"));
            Assert.That(items[3]["reportedAt"], Is.Not.Null);
            Assert.That(items[4]["reason"]!.GetValue<string>(), Is.EqualTo("ClosedByCharger"));
            Assert.That(items[4]["closeCode"]!.GetValue<int>(), Is.EqualTo(1000));
        }
    }

    [Test]
    public async Task Events_WrongPasswordAndNoCredentials_AreRefusedHandshakesWithTheAddressAndNeverThePassword()
    {
        const string password = "the-right-secret-123";
        (await Server.Http.PutAsJsonAsync("/api/chargepoints/CP-EV-AUTH", new { password }, Ct)).EnsureSuccessStatusCode();
        await Assert.ThrowsAsync<WebSocketException>(() => Chargers.ConnectAsync(Server, "CP-EV-AUTH", "wrong-guess-456", Ct));
        await Assert.ThrowsAsync<WebSocketException>(() => Chargers.ConnectAsync(Server, "CP-EV-AUTH", null, Ct));
        await FlushAsync("CP-EV-AUTH");

        var text = await Server.Http.GetStringAsync("/api/chargepoints/CP-EV-AUTH/events", Ct);
        var refused = Json.Parse(text)["items"]!.AsArray().Select(e => e!.AsObject())
            .Where(e => e["kind"]!.GetValue<string>() == "HandshakeRefused").ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(refused.Select(e => e["reason"]!.GetValue<string>()), Is.EquivalentTo(new[] { "WrongPassword", "NoCredentials" }));
            Assert.That(refused.Select(e => e["remoteAddress"]!.GetValue<string>()), Is.All.EqualTo("127.0.0.1"));
            Assert.That(text, Does.Not.Contain("wrong-guess-456").And.Not.Contain(password));
        }
    }

    [Test]
    public async Task Events_BelowTheRequiredSecurityProfile_IsARefusedHandshakeWithItsReason()
    {
        const string password = "the-right-secret-789";
        // Profile 2 asks for the password over TLS: the right password over plain ws:// is refused with 403.
        (await Server.Http.PutAsJsonAsync("/api/chargepoints/CP-EV-PROFILE", new { password, securityProfile = 2 }, Ct)).EnsureSuccessStatusCode();
        await Assert.ThrowsAsync<WebSocketException>(() => Chargers.ConnectAsync(Server, "CP-EV-PROFILE", password, Ct));
        await FlushAsync("CP-EV-PROFILE");

        var refused = (await EventsAsync("CP-EV-PROFILE"))["items"]!.AsArray().Single(e => e!["kind"]!.GetValue<string>() == "HandshakeRefused")!;
        Assert.That((refused["reason"]!.GetValue<string>(), refused["remoteAddress"]!.GetValue<string>()),
            Is.EqualTo(("SecurityProfileTooLow", "127.0.0.1")));
    }

    [Test]
    public async Task Events_UnknownChargerRefused_AreListedForItsId()
    {
        await using var strict = await TestServer.StartAsync("--accept-unknown-chargers", "false");
        await Assert.ThrowsAsync<WebSocketException>(() => Chargers.ConnectAsync(strict, "CP-EV-STRANGER", null, Ct));
        // A later write of the same writer commits after the refusal's event.
        (await strict.Http.PutAsJsonAsync("/api/chargepoints/CP-EV-OTHER", new { }, Ct)).EnsureSuccessStatusCode();

        var page = await strict.GetJsonAsync<JsonObject>("/api/chargepoints/CP-EV-STRANGER/events");
        var only = page["items"]!.AsArray().Single()!;
        Assert.That((only["kind"]!.GetValue<string>(), only["reason"]!.GetValue<string>()), Is.EqualTo(("HandshakeRefused", "UnknownCharger")));
    }

    [Test]
    public async Task Events_SecondConnection_EndsTheFirstAsReplacedWithPolicyViolation()
    {
        await using var first = await Chargers.BootAsync(Server, "CP-EV-TWICE", ct: Ct);
        var firstConnection = Connection("CP-EV-TWICE");
        await using var second = await Chargers.BootAsync(Server, "CP-EV-TWICE", ct: Ct);
        await firstConnection.Departed.WaitAsync(Ct);

        var disconnected = (await EventsAsync("CP-EV-TWICE"))["items"]!.AsArray().Single(e => e!["kind"]!.GetValue<string>() == "Disconnected")!;
        Assert.That((disconnected["reason"]!.GetValue<string>(), disconnected["closeCode"]!.GetValue<int>()), Is.EqualTo(("Replaced", 1008)));
    }

    [Test]
    public async Task Events_FromAndToAndPaging_SelectTheRange()
    {
        var client = await Chargers.BootAsync(Server, "CP-EV-PAGE", ct: Ct);
        var connection = Connection("CP-EV-PAGE");
        for (var i = 0; i < 4; i++)
            await StatusAsync(client, 1, i % 2 == 0 ? "Charging" : "SuspendedEV", "NoError", null);
        await client.DisposeAsync();
        await connection.Departed.WaitAsync(Ct);

        var all = (await EventsAsync("CP-EV-PAGE"))["items"]!.AsArray();
        var page = await Server.GetJsonAsync<JsonObject>("/api/chargepoints/CP-EV-PAGE/events?limit=2&offset=1");
        var newestAt = all[0]!["at"]!.GetValue<string>();
        var before = await Server.GetJsonAsync<JsonObject>($"/api/chargepoints/CP-EV-PAGE/events?to={newestAt}");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(page["items"]!.AsArray().Select(e => e!["id"]!.GetValue<long>()),
                Is.EqualTo(all.Skip(1).Take(2).Select(e => e!["id"]!.GetValue<long>())));
            Assert.That(before["items"]!.AsArray().Select(e => e!["at"]!.GetValue<string>()), Has.None.EqualTo(newestAt));
        }
    }

    [Test]
    public async Task Events_ServerShutdownAndACrash_EndTheConnectionsInTheHistory()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await Chargers.BootAsync(server, "CP-EV-DOWN", ct: Ct);
        await server.RestartAsync();
        // A connection the server never saw end, as after a crash: its Connected is the last link event on record.
        await using (var connection = server.OpenDatabaseConnection())
        {
            await using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO charger_events (charge_point_id, at, kind) VALUES ('CP-EV-CRASH', 1000, 'Connected')";
            await insert.ExecuteNonQueryAsync(Ct);
        }
        await server.RestartAsync();

        var down = (await server.GetJsonAsync<JsonObject>("/api/chargepoints/CP-EV-DOWN/events"))["items"]!.AsArray()
            .Single(e => e!["kind"]!.GetValue<string>() == "Disconnected")!;
        var crash = (await server.GetJsonAsync<JsonObject>("/api/chargepoints/CP-EV-CRASH/events"))["items"]!.AsArray()[0]!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That((down["reason"]!.GetValue<string>(), down["closeCode"]!.GetValue<int>()), Is.EqualTo(("ServerShutdown", 1001)));
            Assert.That((crash["kind"]!.GetValue<string>(), crash["reason"]!.GetValue<string>()), Is.EqualTo(("Disconnected", "ServerStopped")));
        }
    }

    [TestCase("from=yesterday", "from")]
    [TestCase("limit=0", "limit")]
    [TestCase("offset=-1", "offset")]
    public async Task Events_BadQuery_Is400NamingTheField(string query, string field)
    {
        using var response = await Server.Http.GetAsync($"/api/chargepoints/CP-EV-LIFE/events?{query}", Ct);
        var problem = Json.Parse(await response.Content.ReadAsStringAsync(Ct));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(problem["errors"]![field], Is.Not.Null);
        }
    }

    [Test]
    public async Task Events_ChargerNeverSeen_Is404()
    {
        using var response = await Server.Http.GetAsync("/api/chargepoints/CP-EV-NOBODY/events", Ct);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    private ChargerConnection Connection(string id)
    {
        Assert.That(Server.GetService<ChargerRegistry>().TryGet(id, out var connection), Is.True);
        return connection;
    }

    private static Task StatusAsync(sim::ChargeMonitor.Simulator.Client.OcppClient client, int connectorId, string status, string errorCode, string? info) =>
        client.CallAsync("StatusNotification", new { connectorId, status, errorCode, info }, Ct);

    private Task<JsonObject> EventsAsync(string id) => Server.GetJsonAsync<JsonObject>($"/api/chargepoints/{id}/events");

    /// <summary>Events that answer nothing are not waited for; a later write of the same writer commits after them.</summary>
    private async Task FlushAsync(string id) =>
        (await Server.Http.PutAsJsonAsync($"/api/chargepoints/{id}", new { }, Ct)).EnsureSuccessStatusCode();
}

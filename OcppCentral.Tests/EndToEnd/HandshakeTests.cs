extern alias sim;
using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using OcppCentral.Tests.TestSupport;

namespace OcppCentral.Tests.EndToEnd;

/// <summary>The WebSocket handshake of docs/ocpp-endpoint.md: path, subprotocol, HTTP Basic auth, unknown chargers.</summary>
[CancelAfter(30_000)]
public class HandshakeTests : SharedServerTests
{
    private static async Task<HttpStatusCode?> HandshakeStatusAsync(TestServer server, string path, string? subProtocol, string? basic = null)
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        if (subProtocol is not null)
            socket.Options.AddSubProtocol(subProtocol);
        if (basic is not null)
            socket.Options.SetRequestHeader("Authorization", "Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(basic)));
        try
        {
            await socket.ConnectAsync(new Uri(server.WebSocketUri.GetLeftPart(UriPartial.Authority) + path), CancellationToken.None);
            var accepted = socket.SubProtocol == subProtocol ? HttpStatusCode.SwitchingProtocols : (HttpStatusCode?)null;
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
            return accepted;
        }
        catch (WebSocketException)
        {
            return socket.HttpStatusCode;
        }
    }

    [Test]
    public async Task Handshake_WithSubprotocol_IsAcceptedAndEchoed()
    {
        var server = Server;

        Assert.That(await HandshakeStatusAsync(server, "/ocpp/CP-1", "ocpp1.6"), Is.EqualTo(HttpStatusCode.SwitchingProtocols));
    }

    [TestCase("/ocpp/CP-1", null, HttpStatusCode.BadRequest)]
    [TestCase("/ocpp/CP-1", "ocpp2.0.1", HttpStatusCode.BadRequest)]
    [TestCase("/somewhere/CP-1", "ocpp1.6", HttpStatusCode.NotFound)]
    [TestCase("/ocpp/CP%3A1", "ocpp1.6", HttpStatusCode.BadRequest)]
    [TestCase("/ocpp/0123456789012345678901234567890123456789012345678", "ocpp1.6", HttpStatusCode.BadRequest)]
    public async Task Handshake_Refused_WithHttpError(string path, string? subProtocol, HttpStatusCode expected)
    {
        var server = Server;

        Assert.That(await HandshakeStatusAsync(server, path, subProtocol), Is.EqualTo(expected));
    }

    [Test]
    public async Task RegisteredWithPassword_RequiresBasicAuth()
    {
        var server = Server;
        (await server.Http.PutAsJsonAsync("/api/chargepoints/CP-SECURE", new { password = "correct-horse-battery" })).EnsureSuccessStatusCode();

        var none = await HandshakeStatusAsync(server, "/ocpp/CP-SECURE", "ocpp1.6");
        var wrong = await HandshakeStatusAsync(server, "/ocpp/CP-SECURE", "ocpp1.6", "CP-SECURE:wrong");
        var otherUser = await HandshakeStatusAsync(server, "/ocpp/CP-SECURE", "ocpp1.6", "CP-OTHER:correct-horse-battery");
        var right = await HandshakeStatusAsync(server, "/ocpp/CP-SECURE", "ocpp1.6", "CP-SECURE:correct-horse-battery");
        var again = await HandshakeStatusAsync(server, "/ocpp/CP-SECURE", "ocpp1.6", "CP-SECURE:correct-horse-battery");

        Assert.That(new[] { none, wrong, otherUser, right, again }, Is.EqualTo(new HttpStatusCode?[]
        {
            HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized,
            HttpStatusCode.SwitchingProtocols, HttpStatusCode.SwitchingProtocols,
        }));
    }

    [Test]
    public async Task PasswordChange_OldPasswordNoLongerWorks()
    {
        var server = Server;
        (await server.Http.PutAsJsonAsync("/api/chargepoints/CP-ROTATE", new { password = "first-password" })).EnsureSuccessStatusCode();
        Assume.That(await HandshakeStatusAsync(server, "/ocpp/CP-ROTATE", "ocpp1.6", "CP-ROTATE:first-password"), Is.EqualTo(HttpStatusCode.SwitchingProtocols));

        (await server.Http.PutAsJsonAsync("/api/chargepoints/CP-ROTATE", new { password = "second-password" })).EnsureSuccessStatusCode();

        Assert.That(await HandshakeStatusAsync(server, "/ocpp/CP-ROTATE", "ocpp1.6", "CP-ROTATE:first-password"), Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await HandshakeStatusAsync(server, "/ocpp/CP-ROTATE", "ocpp1.6", "CP-ROTATE:second-password"), Is.EqualTo(HttpStatusCode.SwitchingProtocols));
    }

    [Test]
    public async Task CorruptStoredPasswordHash_RefusesTheLoginWith401()
    {
        await using var server = await TestServer.StartAsync();
        (await server.Http.PutAsJsonAsync("/api/chargepoints/CP-CORRUPT", new { password = "some-password" })).EnsureSuccessStatusCode();
        // A hash damaged outside the server (hand edit, bad restore): its salt is not Base64.
        await using (var connection = server.OpenDatabaseConnection())
            await Dapper.SqlMapper.ExecuteAsync(connection,
                "UPDATE charge_points SET password_hash = 'pbkdf2-sha256$20000$not*base64$AAAA' WHERE id = 'CP-CORRUPT'");

        var attempt = await HandshakeStatusAsync(server, "/ocpp/CP-CORRUPT", "ocpp1.6", "CP-CORRUPT:some-password");
        var otherCharger = await HandshakeStatusAsync(server, "/ocpp/CP-FINE", "ocpp1.6");

        Assert.That(new[] { attempt, otherCharger }, Is.EqualTo(new HttpStatusCode?[] { HttpStatusCode.Unauthorized, HttpStatusCode.SwitchingProtocols }));
    }

    [Test]
    public async Task UnknownCharger_WhenNotAccepted_IsRefusedWith404_RegisteredOneConnects()
    {
        await using var server = await TestServer.StartAsync("--accept-unknown-chargers", "false");
        (await server.Http.PutAsJsonAsync("/api/chargepoints/CP-KNOWN", new { })).EnsureSuccessStatusCode();

        Assert.That(await HandshakeStatusAsync(server, "/ocpp/CP-STRANGER", "ocpp1.6"), Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await HandshakeStatusAsync(server, "/ocpp/CP-KNOWN", "ocpp1.6"), Is.EqualTo(HttpStatusCode.SwitchingProtocols));
    }

    [Test]
    public async Task UnknownCharger_IsRegisteredAtFirstBootNotification()
    {
        var server = Server;
        await using var charger = await Chargers.BootAsync(server, "CP-NEW");

        var listed = await server.GetJsonAsync<System.Text.Json.Nodes.JsonObject>("/api/chargepoints/CP-NEW");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(listed["vendor"]!.GetValue<string>(), Is.EqualTo("TestVendor"));
            Assert.That(listed["connected"]!.GetValue<bool>(), Is.True);
            Assert.That(listed["lastSeen"], Is.Not.Null);
        }
    }
}

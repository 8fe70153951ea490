extern alias sim;
using System.Net;
using System.Net.WebSockets;
using System.Text.Json.Nodes;
using OcppCentral.Tests.TestSupport;
using OcppCentral.Transport;

namespace OcppCentral.Tests.EndToEnd;

/// <summary>The upgrade to ws://HOST/ocpp/{id}: what is refused with which status, and a second connection for the same id.</summary>
[CancelAfter(30_000)]
public class EndpointHandshakeTests
{
    private static TestServer _server = null!;

    private static CancellationToken Ct => TestContext.CurrentContext.CancellationToken;

    [OneTimeSetUp]
    public async Task StartServer() => _server = await TestServer.StartAsync();

    [OneTimeTearDown]
    public async Task StopServer() => await _server.DisposeAsync();

    /// <param name="path">Everything after ws://HOST:PORT, exactly as sent on the request line.</param>
    private static async Task<HttpStatusCode> HandshakeAsync(string path, bool offerSubprotocol = true)
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        if (offerSubprotocol)
            socket.Options.AddSubProtocol(OcppEndpoint.SubProtocol);
        try
        {
            await socket.ConnectAsync(new Uri($"ws://{_server.BaseUri.Authority}{path}", UriKind.Absolute), Ct);
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", Ct);
        }
        catch (WebSocketException)
        {
            // Refused: the status code says why.
        }
        return socket.HttpStatusCode;
    }

    [TestCase("/ocpp/")]
    [TestCase("/ocpp")]
    [TestCase("/ocpp/CP%201")]
    [TestCase("/ocpp/CP:1")]
    [TestCase("/ocpp/CP%2F1")]
    [TestCase("/ocpp/CP%231")]
    [TestCase("/ocpp/Laddstation-%C3%A4")]
    [TestCase("/ocpp/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task Upgrade_IdEmptyTooLongOrWithForbiddenCharacters_IsRefusedWith400(string path)
    {
        Assert.That(await HandshakeAsync(path), Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [TestCase("/ocpp/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [TestCase("/ocpp/Cp-1.a_b~c*d=e+f|g@h")]
    public async Task Upgrade_IdOf48AllowedCharacters_IsAccepted(string path)
    {
        Assert.That(await HandshakeAsync(path), Is.EqualTo(HttpStatusCode.SwitchingProtocols));
    }

    [Test]
    public async Task Upgrade_WithoutTheOcppSubprotocol_IsRefusedWith400()
    {
        Assert.That(await HandshakeAsync("/ocpp/CP-NOPROTO", offerSubprotocol: false), Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task PlainHttpRequest_ToTheEndpoint_IsRefusedWith400()
    {
        using var response = await _server.Http.GetAsync("/ocpp/CP-PLAIN", Ct);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task SecondConnection_ForTheSameId_ClosesTheFirstWithACloseFrameAndWorks()
    {
        var first = await Chargers.BootAsync(_server, "CP-TWICE", ct: Ct);
        Assert.That(_server.GetService<ChargerRegistry>().TryGet("CP-TWICE", out var firstOnServer), Is.True);

        await using var second = await Chargers.BootAsync(_server, "CP-TWICE", ct: Ct);
        await first.Completion.WaitAsync(Ct);
        // Disposing drops the old TCP connection (the client does not answer close frames), so the server is done with it.
        await first.DisposeAsync();
        await firstOnServer.Departed.WaitAsync(Ct);
        var heartbeat = await second.CallAsync("Heartbeat", new { }, Ct);

        var listed = await _server.GetJsonAsync<JsonObject>("/api/chargepoints/CP-TWICE");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(first.CloseStatus, Is.EqualTo(WebSocketCloseStatus.PolicyViolation));
            Assert.That(heartbeat["currentTime"], Is.Not.Null);
            Assert.That(listed["connected"]!.GetValue<bool>(), Is.True);
        }
    }
}

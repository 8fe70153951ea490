extern alias sim;
using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
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

    [TestCase("OCPP1.6", "OCPP1.6")]
    [TestCase("Ocpp1.6", "Ocpp1.6")]
    [TestCase("ocpp2.0.1, OCPP1.6", "OCPP1.6")]
    [TestCase("ocpp1.6", "ocpp1.6")]
    public async Task Upgrade_OfferingTheSubprotocolInAnyCase_EchoesItAsOffered(string offered, string expectedEcho)
    {
        var head = await RawUpgradeAsync("/ocpp/CP-CASE", offered);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(head, Does.StartWith("HTTP/1.1 101"));
            Assert.That(head.Split("\r\n").Where(line => line.StartsWith("Sec-WebSocket-Protocol:", StringComparison.OrdinalIgnoreCase)),
                Is.EqualTo(new[] { $"Sec-WebSocket-Protocol: {expectedEcho}" }));
        }
    }

    /// <summary>The upgrade by hand, so the test sees the subprotocol header exactly as the server wrote it.</summary>
    private static async Task<string> RawUpgradeAsync(string path, string subprotocols)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(_server.BaseUri.Host, _server.BaseUri.Port, Ct);
        var stream = tcp.GetStream();
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        var request = $"GET {path} HTTP/1.1\r\nHost: {_server.BaseUri.Authority}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
                      $"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: {subprotocols}\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request), Ct);
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal) && await stream.ReadAsync(one, Ct) == 1)
            head.Append((char)one[0]);
        return head.ToString();
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

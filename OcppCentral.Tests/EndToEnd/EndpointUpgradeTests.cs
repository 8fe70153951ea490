using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using OcppCentral.Tests.TestSupport;

namespace OcppCentral.Tests.EndToEnd;

/// <summary>
/// The upgrade read off the connection (OcppUpgradeMiddleware, docs/ocpp-endpoint.md): ordinary HTTP on the same port,
/// heads left to Kestrel, bytes sent after the head, and an upgrade through the HTTP pipeline.
/// </summary>
[CancelAfter(30_000)]
public class EndpointUpgradeTests : SharedServerTests
{
    private static CancellationToken Ct => TestContext.CurrentContext.CancellationToken;

    private string Upgrade(string path, string extraHeaders = "") =>
        $"GET {path} HTTP/1.1\r\nHost: {Server.BaseUri.Authority}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
        $"Sec-WebSocket-Key: {Convert.ToBase64String(RandomNumberGenerator.GetBytes(16))}\r\nSec-WebSocket-Version: 13\r\n" +
        $"Sec-WebSocket-Protocol: ocpp1.6\r\n{extraHeaders}\r\n";

    private async Task<NetworkStream> ConnectAsync(TcpClient tcp)
    {
        await tcp.ConnectAsync(Server.BaseUri.Host, Server.BaseUri.Port, Ct);
        return tcp.GetStream();
    }

    /// <summary>Reads up to the end of a response head, a byte at a time so nothing after it is taken.</summary>
    private static async Task<string> ReadHeadAsync(NetworkStream stream)
    {
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal) && await stream.ReadAsync(one, Ct) == 1)
            head.Append((char)one[0]);
        return head.ToString();
    }

    /// <summary>Reads a body of a Content-Length, or chunked (RFC 9112 §7.1) as the HTTP pipeline writes one.</summary>
    private static async Task<string> ReadBodyAsync(NetworkStream stream, string head)
    {
        var lines = head.Split("\r\n");
        if (lines.SingleOrDefault(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase)) is { } contentLength)
            return Encoding.UTF8.GetString(await ReadBytesAsync(stream, int.Parse(contentLength[15..].Trim())));
        var body = new StringBuilder();
        while (true)
        {
            var size = Convert.ToInt32((await ReadLineAsync(stream)).Split(';')[0], 16);
            if (size == 0)
            {
                await ReadLineAsync(stream);
                return body.ToString();
            }
            body.Append(Encoding.UTF8.GetString(await ReadBytesAsync(stream, size)));
            await ReadLineAsync(stream);
        }
    }

    private static async Task<byte[]> ReadBytesAsync(NetworkStream stream, int count)
    {
        var bytes = new byte[count];
        await stream.ReadExactlyAsync(bytes, Ct);
        return bytes;
    }

    private static async Task<string> ReadLineAsync(NetworkStream stream)
    {
        var line = new StringBuilder();
        var one = new byte[1];
        while (!line.ToString().EndsWith("\r\n", StringComparison.Ordinal) && await stream.ReadAsync(one, Ct) == 1)
            line.Append((char)one[0]);
        return line.ToString()[..^2];
    }

    /// <summary>A client's text frame (RFC 6455 §5.2): FIN and text, masked, a payload under 126 bytes.</summary>
    private static byte[] MaskedTextFrame(string text)
    {
        var payload = Encoding.UTF8.GetBytes(text);
        var mask = RandomNumberGenerator.GetBytes(4);
        var frame = new byte[2 + 4 + payload.Length];
        frame[0] = 0x81;
        frame[1] = (byte)(0x80 | payload.Length);
        mask.CopyTo(frame, 2);
        for (var i = 0; i < payload.Length; i++)
            frame[6 + i] = (byte)(payload[i] ^ mask[i % 4]);
        return frame;
    }

    [Test]
    public async Task HttpRequest_OnTheChargersPort_IsServedAsBefore()
    {
        using var tcp = new TcpClient();
        var stream = await ConnectAsync(tcp);
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET /health HTTP/1.1\r\nHost: {Server.BaseUri.Authority}\r\nConnection: close\r\n\r\n"), Ct);

        Assert.That(await ReadHeadAsync(stream), Does.StartWith("HTTP/1.1 200"));
    }

    [Test]
    public async Task Upgrade_WithTheFirstFrameSentBeforeThe101_AnswersTheFrame()
    {
        using var tcp = new TcpClient();
        var stream = await ConnectAsync(tcp);
        var boot = """[2,"pipelined-1","BootNotification",{"chargePointVendor":"V","chargePointModel":"M"}]""";
        byte[] sent = [.. Encoding.ASCII.GetBytes(Upgrade("/ocpp/CP-PIPELINED")), .. MaskedTextFrame(boot)];
        await stream.WriteAsync(sent, Ct);

        var head = await ReadHeadAsync(stream);
        var frameHead = new byte[2];
        await stream.ReadExactlyAsync(frameHead, Ct);
        var length = frameHead[1] & 0x7F;
        if (length == 126)
        {
            var extended = new byte[2];
            await stream.ReadExactlyAsync(extended, Ct);
            length = extended[0] << 8 | extended[1];
        }
        var payload = new byte[length];
        await stream.ReadExactlyAsync(payload, Ct);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(head, Does.StartWith("HTTP/1.1 101"));
            Assert.That(frameHead[0], Is.EqualTo(0x81), "a final text frame");
            Assert.That(Encoding.UTF8.GetString(payload), Does.StartWith("""[3,"pipelined-1",{"""));
        }
    }

    [Test]
    public async Task Upgrade_WithAHeadAboveKestrelsLimit_IsRefusedWith431()
    {
        using var tcp = new TcpClient();
        var stream = await ConnectAsync(tcp);
        await stream.WriteAsync(Encoding.ASCII.GetBytes(Upgrade("/ocpp/CP-BIGHEAD", $"X-Padding: {new string('a', 40_000)}\r\n")), Ct);

        Assert.That(await ReadHeadAsync(stream), Does.StartWith("HTTP/1.1 431"));
    }

    [TestCase("Bad Header Line\r\n")]
    [TestCase(" folded: continuation\r\n")]
    public async Task Upgrade_WithAMalformedHeader_IsRefusedWith400(string malformed)
    {
        using var tcp = new TcpClient();
        var stream = await ConnectAsync(tcp);
        await stream.WriteAsync(Encoding.ASCII.GetBytes(Upgrade("/ocpp/CP-MALFORMED", malformed)), Ct);

        Assert.That(await ReadHeadAsync(stream), Does.StartWith("HTTP/1.1 400"));
    }

    [Test]
    public async Task Upgrade_OnAConnectionThatServedARequestBefore_IsAcceptedThroughTheHttpPipeline()
    {
        using var tcp = new TcpClient();
        var stream = await ConnectAsync(tcp);
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET /ocpp/CP-KEEPALIVE HTTP/1.1\r\nHost: {Server.BaseUri.Authority}\r\n\r\n"), Ct);
        var first = await ReadHeadAsync(stream);
        await ReadBodyAsync(stream, first);

        await stream.WriteAsync(Encoding.ASCII.GetBytes(Upgrade("/ocpp/CP-KEEPALIVE")), Ct);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(first, Does.StartWith("HTTP/1.1 400"), "not an upgrade");
            Assert.That(await ReadHeadAsync(stream), Does.StartWith("HTTP/1.1 101").And.Contains("Sec-WebSocket-Protocol: ocpp1.6"));
        }
    }

    [Test]
    public async Task Upgrade_WithoutCredentialsForACharger_WithAPassword_Gets401WithABasicChallenge()
    {
        (await Server.Http.PutAsJsonAsync("/api/chargepoints/CP-UPG-SECURE", new { password = "correct-horse-battery" }, Ct)).EnsureSuccessStatusCode();
        using var tcp = new TcpClient();
        var stream = await ConnectAsync(tcp);
        await stream.WriteAsync(Encoding.ASCII.GetBytes(Upgrade("/ocpp/CP-UPG-SECURE")), Ct);

        var head = await ReadHeadAsync(stream);
        var body = await ReadBodyAsync(stream, head);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(head, Does.StartWith("HTTP/1.1 401 Unauthorized\r\n"));
            Assert.That(head, Does.Contain("WWW-Authenticate: Basic realm=\"ChargeMonitor\", charset=\"UTF-8\"\r\n"));
            Assert.That(body, Is.EqualTo("Valid HTTP Basic credentials are required for this charge point."));
        }
    }

    [Test]
    public async Task Upgrade_WhoseHeadIsNeverFinished_IsClosedAfterTheRequestHeadersTimeout()
    {
        // A slow head (slowloris): the head's first bytes start Kestrel's request-headers clock, not the keep-alive's 130 s.
        await using var server = await TestServer.StartAsync("--Kestrel:Limits:RequestHeadersTimeout", "00:00:01");
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.BaseUri.Host, server.BaseUri.Port, Ct);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET /ocpp/CP-UPG-SLOW HTTP/1.1\r\nHost: {server.BaseUri.Authority}\r\nUpgrade: websocket\r\n"), Ct);

        var closed = false;
        try
        {
            closed = await stream.ReadAsync(new byte[1], Ct) == 0;
        }
        catch (IOException)
        {
            closed = true; // aborted: a reset rather than a FIN
        }

        Assert.That(closed, Is.True, "the connection is closed, nothing answered");
    }
}

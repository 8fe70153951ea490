using System.Net.WebSockets;
using System.Text;
using Newtonsoft.Json.Linq;
using OcppCentral.Tests.TestSupport;
using OcppCentral.Transport;

namespace OcppCentral.Tests.EndToEnd;

/// <summary>
/// A server-initiated CALL whose timeout passes while its frame is still going out (docs/ocpp-endpoint.md, Commands): the
/// call times out and the charger stays connected. A WebSocket aborts itself when one of its sends is cancelled, so the
/// timeout must stop only the wait; in virtual time, a clock moved on just as a small frame went out dropped the charger.
/// </summary>
[CancelAfter(60_000)]
public class ServerCallSendTests
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(5);

    private static CancellationToken Ct => TestContext.CurrentContext.CancellationToken;

    [Test]
    public async Task ServerCall_TimeoutWhileItsFrameIsStillBeingSent_TimesOutAndTheConnectionStays()
    {
        var clock = new VirtualClock();
        await using var server = await TestServer.StartAsync(clock, "--Ocpp:CallTimeout", CallTimeout.ToString());
        using var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol(OcppEndpoint.SubProtocol);
        await socket.ConnectAsync(new Uri($"{server.WebSocketUri}/CP-SLOW-READER"), Ct);
        await SendTextAsync(socket, """[2,"hb-1","Heartbeat",{}]""");
        Assert.That(await ReceiveTextAsync(socket), Does.StartWith("""[3,"hb-1","""));
        Assert.That(server.GetService<ChargerRegistry>().TryGet("CP-SLOW-READER", out var connection), Is.True);

        // Far more than the loopback's socket buffers take in: while the charger reads no further, the send is in progress.
        var payload = new JObject { ["vendorId"] = "com.example", ["data"] = new string('x', 8 * 1024 * 1024) };
        var call = connection.CallAsync("DataTransfer", payload, Ct);
        var head = new byte[64];
        var begun = await socket.ReceiveAsync(head.AsMemory(), Ct);
        clock.Advance(CallTimeout);
        var result = await call;

        var rest = begun.EndOfMessage ? "" : await ReceiveTextAsync(socket);
        await SendTextAsync(socket, """[2,"hb-2","Heartbeat",{}]""");
        var answer = await ReceiveTextAsync(socket);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Outcome, Is.EqualTo(ServerCallOutcome.Timeout));
            Assert.That(Encoding.UTF8.GetString(head, 0, begun.Count) + rest, Does.StartWith("""[2,"cs-1","DataTransfer",""").And.EndWith("}]"));
            Assert.That(answer, Does.StartWith("""[3,"hb-2","""));
            Assert.That(server.GetService<ChargerRegistry>().TryGet("CP-SLOW-READER", out var still) && still == connection, Is.True);
        }
    }

    private static Task SendTextAsync(ClientWebSocket socket, string text) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, Ct);

    private static async Task<string> ReceiveTextAsync(ClientWebSocket socket)
    {
        var buffer = new byte[64 * 1024];
        using var text = new MemoryStream();
        ValueWebSocketReceiveResult received;
        do
        {
            received = await socket.ReceiveAsync(buffer.AsMemory(), Ct);
            text.Write(buffer, 0, received.Count);
        }
        while (!received.EndOfMessage);
        return Encoding.UTF8.GetString(text.ToArray());
    }
}

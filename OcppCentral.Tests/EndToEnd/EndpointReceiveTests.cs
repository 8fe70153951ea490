using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using OcppCentral.Tests.TestSupport;
using OcppCentral.Transport;

namespace OcppCentral.Tests.EndToEnd;

/// <summary>
/// How the endpoint reads a message (docs/ocpp-endpoint.md, Limits): an idle connection holds no buffer, a message is
/// read into one rented as it begins and moved to larger ones as it grows, in one WebSocket frame or in fragments of any
/// size, and the size limit counts the whole message however it is split.
/// </summary>
[CancelAfter(60_000)]
public class EndpointReceiveTests : SharedServerTests
{
    private static CancellationToken Ct => TestContext.CurrentContext.CancellationToken;

    [TestCase(1)]
    [TestCase(7)]
    public async Task Message_LongerThanTheFirstRentedBuffer_IsReadWhole_InOneFrameOrInFragments(int fragments)
    {
        var id = $"CP-RECV-{fragments}";
        await PutAsync(id, """{"messageLog":true}""");
        using var socket = await ConnectAsync(id);
        await SendAsync(socket, """[2,"boot-1","BootNotification",{"chargePointVendor":"TestVendor","chargePointModel":"T1"}]""", 1);
        Assert.That(await ReceiveTextAsync(socket), Does.StartWith("""[3,"boot-1","""));
        // After a boot the server reads the charger's display keys (docs/charger-display.md); this charger has none.
        var read = JsonNode.Parse(await ReceiveTextAsync(socket))!.AsArray();
        Assert.That(read[2]!.GetValue<string>(), Is.EqualTo("GetConfiguration"));
        await SendAsync(socket, $$"""[3,"{{read[1]!.GetValue<string>()}}",{"configurationKey":[],"unknownKey":["CustomDisplayCostAndPrice"]}]""", 1);
        // Two- and three-byte characters: a byte lost, doubled or moved at a buffer's edge changes the text the log keeps.
        var frame = $$"""[2,"big-1","DataTransfer",{"vendorId":"com.example","data":"{{string.Concat(Enumerable.Repeat("é€x", 2000))}}"}]""";

        await SendAsync(socket, frame, fragments);
        var answer = await ReceiveTextAsync(socket);
        await PutAsync(id, "{}"); // Commits after the frames logged before it.
        var logged = (await Server.GetJsonAsync<JsonObject>($"/api/chargepoints/{id}/messages"))["items"]!.AsArray()
            .Select(m => m!["frame"]?.GetValue<string>()).Single(f => f is not null && f.StartsWith("[2,\"big-1\"", StringComparison.Ordinal));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Encoding.UTF8.GetByteCount(frame), Is.GreaterThan(2 * ChargerConnection.FirstBufferBytes));
            Assert.That(answer, Does.StartWith("""[3,"big-1","""));
            Assert.That(logged, Is.EqualTo(frame));
        }
    }

    [Test]
    public async Task Message_AboveMaxMessageBytesInFragments_ClosesTheSocketWithMessageTooBig()
    {
        using var socket = await ConnectAsync("CP-RECV-HUGE");
        var fragment = Encoding.UTF8.GetBytes(new string('x', 64 * 1024));

        // 17 fragments of 64 KiB: one byte-count past the 1 MiB default, with no fragment large on its own.
        await socket.SendAsync(Encoding.UTF8.GetBytes("""[2,"huge-1","DataTransfer",{"vendorId":"com.example","data":" """), WebSocketMessageType.Text, endOfMessage: false, Ct);
        for (var i = 0; i < 17; i++)
            await socket.SendAsync(fragment, WebSocketMessageType.Text, endOfMessage: false, Ct);
        await socket.SendAsync(Encoding.UTF8.GetBytes("\"}]"), WebSocketMessageType.Text, endOfMessage: true, Ct);
        var buffer = new byte[4096];
        WebSocketReceiveResult received;
        do
            received = await socket.ReceiveAsync(buffer, Ct);
        while (received.MessageType != WebSocketMessageType.Close);

        Assert.That(socket.CloseStatus, Is.EqualTo(WebSocketCloseStatus.MessageTooBig));
    }

    [Test]
    public async Task EmptyTextMessage_IsAnsweredAsAnUnreadableFrame_AndTheConnectionStaysUsable()
    {
        using var socket = await ConnectAsync("CP-RECV-EMPTY");

        await socket.SendAsync(ReadOnlyMemory<byte>.Empty, WebSocketMessageType.Text, endOfMessage: true, Ct);
        var refusal = await ReceiveTextAsync(socket);
        await SendAsync(socket, """[2,"hb-1","Heartbeat",{}]""", 1);
        var answer = await ReceiveTextAsync(socket);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(refusal, Does.StartWith("""[4,"-1","FormationViolation","""));
            Assert.That(answer, Does.StartWith("""[3,"hb-1","""));
        }
    }

    private async Task<ClientWebSocket> ConnectAsync(string id)
    {
        var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol(OcppEndpoint.SubProtocol);
        await socket.ConnectAsync(new Uri($"{Server.WebSocketUri}/{id}"), Ct);
        return socket;
    }

    /// <summary>Sends the text as one message, split into <paramref name="fragments"/> WebSocket frames of uneven size.</summary>
    private static async Task SendAsync(ClientWebSocket socket, string text, int fragments)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var sent = 0;
        for (var i = 1; i <= fragments; i++)
        {
            // Cuts at odd places, through multi-byte characters too: the server must not care where a frame ends.
            var end = i == fragments ? bytes.Length : Math.Min(bytes.Length, sent + bytes.Length / fragments + 3 * i - 1);
            await socket.SendAsync(bytes.AsMemory(sent, end - sent), WebSocketMessageType.Text, endOfMessage: i == fragments, Ct);
            sent = end;
        }
    }

    private static async Task<string> ReceiveTextAsync(ClientWebSocket socket)
    {
        var buffer = new byte[16 * 1024];
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

    private async Task PutAsync(string id, string json)
    {
        using var response = await Server.Http.PutAsync($"/api/chargepoints/{id}", new StringContent(json, Encoding.UTF8, "application/json"), Ct);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync(Ct));
    }
}

using System.Buffers;
using System.Text;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using OcppCentral.Transport;

namespace OcppCentral.Tests.Transport;

public class UpgradeRequestHeadTests
{
    private const string Fields = "Host: h\r\nUpgrade: websocket\r\nConnection: keep-alive, Upgrade\r\n" +
                                  "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: ocpp2.0.1, ocpp1.6\r\n";

    private static UpgradeRequestHead.Outcome Read(string text, out UpgradeRequestHead? head, out long headLength)
    {
        var buffer = new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes(text));
        var outcome = UpgradeRequestHead.TryRead(buffer, new KestrelServerLimits(), out head, out var end);
        headLength = buffer.Slice(0, end).Length;
        return outcome;
    }

    [Test]
    public void TryRead_AnUpgradeFollowedByAFrame_EndsAtTheEmptyLine()
    {
        var request = $"GET /ocpp/CP%2D1?x=1 HTTP/1.1\r\n{Fields}\r\n";

        var outcome = Read(request + "\x81\x80", out var head, out var length);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcome, Is.EqualTo(UpgradeRequestHead.Outcome.Ours));
            Assert.That(length, Is.EqualTo(request.Length));
            Assert.That(head!.ChargePointId, Is.EqualTo("CP-1"));
            Assert.That(head.SubProtocols, Is.EqualTo(new[] { "ocpp2.0.1", "ocpp1.6" }));
            Assert.That(head.Key, Is.EqualTo("dGhlIHNhbXBsZSBub25jZQ=="));
        }
    }

    [TestCase("GE")]
    [TestCase("GET /ocpp/CP-1 HTTP/1.1\r\nHost: h\r\n")]
    public void TryRead_APartOfAnUpgrade_NeedsMore(string text)
    {
        Assert.That(Read(text, out _, out _), Is.EqualTo(UpgradeRequestHead.Outcome.NeedMore));
    }

    [TestCase("POST /ocpp/CP-1 HTTP/1.1\r\n" + Fields + "\r\n")]
    [TestCase("GET /api/chargepoints HTTP/1.1\r\n" + Fields + "\r\n")]
    [TestCase("GET /ocppx/CP-1 HTTP/1.1\r\n" + Fields + "\r\n")]
    [TestCase("GET /ocpp/CP-1/more HTTP/1.1\r\n" + Fields + "\r\n")]
    [TestCase("GET /ocpp/.. HTTP/1.1\r\n" + Fields + "\r\n")]
    [TestCase("GET /ocpp/CP-1 HTTP/1.0\r\n" + Fields + "\r\n")]
    [TestCase("GET /ocpp/CP-1 HTTP/1.1\r\nHost: h\r\n\r\n")]
    [TestCase("GET /ocpp/CP-1 HTTP/1.1\r\n" + Fields + "Host: again\r\n\r\n")]
    [TestCase("GET /ocpp/CP-1 HTTP/1.1\r\n" + Fields + "Content-Length: 5\r\n\r\n")]
    [TestCase("GET /ocpp/CP-1 HTTP/1.1\r\n" + Fields + "Bad Line\r\n\r\n")]
    [TestCase("GET /ocpp/CP-1 HTTP/1.1\r\nSec-WebSocket-Version: 8\r\n" + Fields + "\r\n")]
    public void TryRead_AnythingButAPlainUpgradeToTheEndpoint_IsLeftToKestrel(string text)
    {
        Assert.That(Read(text, out _, out _), Is.EqualTo(UpgradeRequestHead.Outcome.NotOurs));
    }

    [TestCase("/ocpp", null)]
    [TestCase("/ocpp/", null)]
    [TestCase("/OCPP/CP-1", "CP-1")]
    [TestCase("/ocpp/CP%201", "CP 1")]
    [TestCase("/ocpp/Laddstation-%C3%A4", "Laddstation-ä")]
    public void TryRead_ThePath_GivesTheDecodedIdForTheHandshakeToJudge(string path, string? id)
    {
        Assert.That(Read($"GET {path} HTTP/1.1\r\n{Fields}\r\n", out var head, out _), Is.EqualTo(UpgradeRequestHead.Outcome.Ours));
        Assert.That(head!.ChargePointId, Is.EqualTo(id));
    }

    [Test]
    public void SwitchingProtocols_AcceptKey_IsTheOneOfRfc6455()
    {
        // RFC 6455 §1.3's example: this key is answered with this accept value.
        Assert.That(OcppUpgradeMiddleware.SwitchingProtocols("dGhlIHNhbXBsZSBub25jZQ==", "ocpp1.6"),
            Does.Contain("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"));
    }
}

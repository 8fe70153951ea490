extern alias sim;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using OcppCentral.Tests.TestSupport;
using sim::ChargeMonitor.Simulator.Client;
using SimCallError = sim::OcppCentral.Protocol.OcppCallError;
using SimCallResult = sim::OcppCentral.Protocol.OcppCallResult;

namespace OcppCentral.Tests.EndToEnd;

/// <summary>The endpoint's limits over the wire (docs/ocpp-endpoint.md): message size, garbage, a flood of bad frames, admin body size.</summary>
[CancelAfter(30_000)]
public class EndpointLimitsTests
{
    private const int MaxMessageBytes = 1024 * 1024;

    private static TestServer _server = null!;

    private static CancellationToken Ct => TestContext.CurrentContext.CancellationToken;

    [OneTimeSetUp]
    public async Task StartServer() => _server = await TestServer.StartAsync();

    [OneTimeTearDown]
    public async Task StopServer() => await _server.DisposeAsync();

    /// <summary>A DataTransfer CALL padded to exactly <paramref name="bytes"/> bytes of UTF-8.</summary>
    private static string DataTransferOfSize(string messageId, int bytes)
    {
        var head = "[2,\"" + messageId + "\",\"DataTransfer\",{\"vendorId\":\"com.example\",\"data\":\"";
        const string tail = "\"}]";
        return head + new string('x', bytes - head.Length - tail.Length) + tail;
    }

    [Test]
    public async Task Message_OfExactlyMaxMessageBytes_IsHandled()
    {
        await using var charger = await Chargers.BootAsync(_server, "CP-FULL", ct: Ct);

        var answer = await charger.SendRawAsync(DataTransferOfSize("big-1", MaxMessageBytes), "big-1", Ct);

        Assert.That(answer, Is.InstanceOf<SimCallResult>());
    }

    [Test]
    public async Task Message_AboveMaxMessageBytes_ClosesTheSocketWithMessageTooBig()
    {
        await using var charger = await Chargers.BootAsync(_server, "CP-HUGE", ct: Ct);

        await charger.SendTextAsync(DataTransferOfSize("big-2", MaxMessageBytes + 1), Ct);
        await charger.Completion.WaitAsync(Ct);

        Assert.That(charger.CloseStatus, Is.EqualTo(WebSocketCloseStatus.MessageTooBig));
    }

    [TestCase("not json", "-1", "FormationViolation")]
    [TestCase("{}", "-1", "FormationViolation")]
    [TestCase("[]", "-1", "FormationViolation")]
    [TestCase("[2]", "-1", "FormationViolation")]
    [TestCase("""[2,"g-1","Heartbeat"]""", "g-1", "FormationViolation")]
    [TestCase("""[2,"g-2","Heartbeat",{}] and more""", "g-2", "FormationViolation")]
    [TestCase("""[2,"g-3","Heartbeat",[]]""", "g-3", "FormationViolation")]
    [TestCase("""[7,"g-4",{}]""", "g-4", "FormationViolation")]
    [TestCase("""[99999999999999999999,"g-5","Heartbeat",{}]""", "g-5", "FormationViolation")]
    [TestCase("""[2,"g-6","DataTransfer",{"vendorId":"x","data":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}]""", "g-6", "FormationViolation")]
    [TestCase("""[2,"g-7","Frobnicate",{}]""", "g-7", "NotImplemented")]
    [TestCase("""[2,"g-8","Reset",{"type":"Hard"}]""", "g-8", "NotSupported")]
    [TestCase("""[2,"g-9","StatusNotification",{"connectorId":1}]""", "g-9", "OccurenceConstraintViolation")]
    public async Task Garbage_IsAnsweredWithACallErrorAndTheConnectionStaysUsable(string frame, string answeredId, string errorCode)
    {
        await using var charger = await Chargers.BootAsync(_server, "CP-GARBAGE", ct: Ct);

        var answer = await charger.SendRawAsync(frame, answeredId, Ct);
        var heartbeat = await charger.CallAsync("Heartbeat", new { }, Ct);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(answer, Is.InstanceOf<SimCallError>());
            Assert.That(((SimCallError)answer).ErrorCode, Is.EqualTo(errorCode));
            Assert.That(heartbeat["currentTime"], Is.Not.Null);
        }
    }

    [Test]
    public async Task BadFrames_TwentyInAMinute_KeepTheChargerConnected()
    {
        await using var charger = await Chargers.BootAsync(_server, "CP-BUGGY", ct: Ct);

        // One buggy message type: a MeterValues its firmware always gets wrong.
        for (var i = 0; i < 20; i++)
            await charger.SendRawAsync($$"""[2,"mv-{{i}}","MeterValues",{"connectorId":1,"meterValue":[{"timestamp":"yesterday","sampledValue":[]}]}]""", $"mv-{i}", Ct);
        var heartbeat = await charger.CallAsync("Heartbeat", new { }, Ct);

        var listed = await _server.GetJsonAsync<JsonObject>("/api/chargepoints/CP-BUGGY");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(heartbeat["currentTime"], Is.Not.Null);
            Assert.That(listed["connected"]!.GetValue<bool>(), Is.True);
        }
    }

    [Test]
    public async Task BadFrames_AFloodAboveMaxBadFramesPerMinute_DisconnectsWithPolicyViolation()
    {
        await using var charger = await Chargers.BootAsync(_server, "CP-FLOOD", ct: Ct);

        await FloodAsync(charger, frames: 500, _ => "garbage", Ct);
        await charger.Completion.WaitAsync(Ct);

        Assert.That(charger.CloseStatus, Is.EqualTo(WebSocketCloseStatus.PolicyViolation));
    }

    [Test]
    public async Task UnsolicitedAnswers_AFloodAboveMaxBadFramesPerMinute_DisconnectsWithPolicyViolation()
    {
        await using var charger = await Chargers.BootAsync(_server, "CP-ANSWERS", ct: Ct);

        // Answers to calls the server never made, as a charger replaying its log would send them.
        await FloodAsync(charger, frames: 500, i => i % 2 == 0 ? $$"""[3,"nobody-asked-{{i}}",{}]""" : $$"""[4,"nobody-asked-{{i}}","GenericError","",{}]""", Ct);
        await charger.Completion.WaitAsync(Ct);

        Assert.That(charger.CloseStatus, Is.EqualTo(WebSocketCloseStatus.PolicyViolation));
    }

    private static async Task FloodAsync(OcppClient charger, int frames, Func<int, string> frame, CancellationToken ct)
    {
        for (var i = 0; i < frames && !charger.Completion.IsCompleted; i++)
        {
            try
            {
                await charger.SendTextAsync(frame(i), ct);
            }
            catch (Exception ex) when (ex is WebSocketException or InvalidOperationException or ObjectDisposedException)
            {
                return; // the server has closed
            }
        }
    }

    [TestCase("PUT", "/api/tariffs/huge")]
    [TestCase("PUT", "/api/chargepoints/CP-HUGE-BODY")]
    [TestCase("POST", "/api/chargepoints/CP-HUGE-BODY/commands/DataTransfer")]
    public async Task AdminRequest_BodyAboveOneMebibyte_IsRefusedWith413(string method, string path)
    {
        var body = $$"""{"vendorId":"x","data":"{{new string('x', 1024 * 1024)}}"}""";
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        // The server may answer 413 and close before a body it will not read has gone out (a broken pipe then hides the
        // answer): asking first lets it refuse before the body is sent.
        request.Headers.ExpectContinue = true;

        using var response = await _server.Http.SendAsync(request, Ct);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
    }
}

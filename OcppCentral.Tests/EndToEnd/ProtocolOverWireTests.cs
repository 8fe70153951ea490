extern alias sim;
using System.Net.WebSockets;
using sim::ChargeMonitor.Simulator.Client;
using sim::OcppCentral.Protocol;
using OcppCentral.Tests.TestSupport;

namespace OcppCentral.Tests.EndToEnd;

/// <summary>OCPP-J framing and validation as a charger sees them (docs/ocpp-endpoint.md), raw frames over a real socket.</summary>
[CancelAfter(30_000)]
public class ProtocolOverWireTests : SharedServerTests
{
    private static CancellationToken Ct => TestContext.CurrentContext.CancellationToken;

    [TestCase("this is not json", "-1")]
    [TestCase("{\"not\":\"an array\"}", "-1")]
    [TestCase("[2,\"g1\",\"Heartbeat\"]", "g1")]
    [TestCase("[2,\"g2\",\"Heartbeat\",\"payload\"]", "g2")]
    public async Task Garbage_GetsFormationViolation_AndConnectionStaysOpen(string frame, string expectedId)
    {
        await using var charger = await Chargers.ConnectAsync(Server, "CP-GARBAGE-" + expectedId.Replace("-", "m"));

        var answer = await charger.SendRawAsync(frame, expectedId, Ct);
        var heartbeat = await charger.CallAsync("Heartbeat", new { });

        using (Assert.EnterMultipleScope())
        {
            Assert.That(answer, Is.TypeOf<OcppCallError>());
            Assert.That(((OcppCallError)answer).ErrorCode, Is.EqualTo("FormationViolation"));
            Assert.That(heartbeat["currentTime"], Is.Not.Null);
            Assert.That(charger.State, Is.EqualTo(WebSocketState.Open));
        }
    }

    [Test]
    public async Task BinaryFrame_GetsFormationViolation_AndConnectionStaysOpen()
    {
        using var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol("ocpp1.6");
        await socket.ConnectAsync(new Uri(Server.WebSocketUri + "/CP-BINARY"), CancellationToken.None);
        var buffer = new byte[4096];

        async Task<string> ReceiveAsync()
        {
            var received = await socket.ReceiveAsync(buffer, CancellationToken.None);
            return System.Text.Encoding.UTF8.GetString(buffer, 0, received.Count);
        }

        await socket.SendAsync(new byte[] { 0x91, 0x02 }, WebSocketMessageType.Binary, true, CancellationToken.None);
        var refused = await ReceiveAsync();
        await socket.SendAsync(System.Text.Encoding.UTF8.GetBytes("""[2,"hb","Heartbeat",{}]"""), WebSocketMessageType.Text, true, CancellationToken.None);
        var heartbeat = await ReceiveAsync();
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);

        Assert.That((refused[..27], heartbeat[..8]), Is.EqualTo(("""[4,"-1","FormationViolation""", """[3,"hb",""")));
    }

    [TestCase("""[2,"e1","MakeCoffee",{}]""", "e1", "NotImplemented")]
    [TestCase("""[2,"e2","Reset",{"type":"Hard"}]""", "e2", "NotSupported")]
    [TestCase("""[2,"e3","StartTransaction",{"connectorId":1,"idTag":"A","timestamp":"2026-11-24T14:40:00Z"}]""", "e3", "OccurenceConstraintViolation")]
    [TestCase("""[2,"e4","StartTransaction",{"connectorId":"one","idTag":"A","meterStart":0,"timestamp":"2026-11-24T14:40:00Z"}]""", "e4", "TypeConstraintViolation")]
    [TestCase("""[2,"e5","StatusNotification",{"connectorId":1,"errorCode":"NoError","status":"Dancing"}]""", "e5", "PropertyConstraintViolation")]
    [TestCase("""[2,"e6","Heartbeat",{"unexpected":true}]""", "e6", "FormationViolation")]
    [TestCase("""[2,"e7","StartTransaction",{"connectorId":1,"idTag":"A","meterStart":1e400,"timestamp":"2026-11-24T14:40:00Z"}]""", "e7", "PropertyConstraintViolation")]
    [TestCase("""[2,"e8","Authorize",{'idTag':'A'}]""", "e8", "FormationViolation")]
    [TestCase("""[2,"e9","Authorize",{idTag:"A"}]""", "e9", "FormationViolation")]
    [TestCase("""[2,"e10","Authorize",{"idTag":"A",}]""", "e10", "FormationViolation")]
    [TestCase("[2,\"e11\",\"Authorize\",{\"idTag\":\"A\tB\"}]", "e11", "FormationViolation")]
    [TestCase("""[2,"e12","Authorize",{"idTag":"A"/* card */}]""", "e12", "FormationViolation")]
    [TestCase("""[7,"e13",{}]""", "e13", "FormationViolation")]
    public async Task InvalidCall_GetsTheOcppJErrorCode(string frame, string id, string expectedCode)
    {
        await using var charger = await Chargers.ConnectAsync(Server, "CP-INVALID-" + id);

        var answer = await charger.SendRawAsync(frame, id, Ct);

        Assert.That(answer is OcppCallError error ? error.ErrorCode : "no error", Is.EqualTo(expectedCode));
    }

    [Test]
    public async Task StopTransaction_WithTransactionIdOfHundredsOfDigits_GetsPropertyConstraintViolationWithItsId()
    {
        await using var charger = await Chargers.BootAsync(Server, "CP-DIGITS");

        var answer = await charger.SendRawAsync(
            $$"""[2,"d1","StopTransaction",{"transactionId":{{new string('7', 400)}},"meterStop":5,"timestamp":"2026-11-24T14:40:00Z"}]""", "d1", Ct);

        Assert.That(answer is OcppCallError error ? error.ErrorCode : "no error", Is.EqualTo("PropertyConstraintViolation"));
    }

    [TestCase("Authorize", """{"idTag":"ANYONE"}""")]
    [TestCase("BootNotification", """{"chargePointVendor":"V","chargePointModel":"M"}""")]
    [TestCase("DataTransfer", """{"vendorId":"com.example","messageId":"x","data":"y"}""")]
    [TestCase("DiagnosticsStatusNotification", """{"status":"Uploaded"}""")]
    [TestCase("FirmwareStatusNotification", """{"status":"Installed"}""")]
    [TestCase("Heartbeat", "{}")]
    [TestCase("MeterValues", """{"connectorId":0,"meterValue":[{"timestamp":"2026-11-24T14:40:00Z","sampledValue":[{"value":"230.1","measurand":"Voltage","unit":"V"}]}]}""")]
    [TestCase("StatusNotification", """{"connectorId":0,"errorCode":"NoError","status":"Available"}""")]
    [TestCase("StopTransaction", """{"transactionId":-1,"meterStop":100,"timestamp":"2026-11-24T14:40:00Z"}""")]
    public async Task EveryCoreAction_GetsASchemaValidCallResult(string action, string payload)
    {
        await using var charger = await Chargers.ConnectAsync(Server, "CP-CORE-" + action[..Math.Min(action.Length, 20)]);

        var answer = await charger.SendRawAsync($"[2,\"c1\",\"{action}\",{payload}]", "c1");

        Assert.That(answer, Is.TypeOf<OcppCallResult>(), () => answer is OcppCallError e ? $"{e.ErrorCode}: {e.ErrorDescription}" : "");
        Assert.That(Schemas.Validator.ValidateResponse(action, Newtonsoft.Json.Linq.JObject.Parse(((OcppCallResult)answer).Payload.ToString())), Is.Null);
    }

    [Test]
    public async Task StopTransaction_WithMaxLongTransactionId_IsAnsweredAsOrphan()
    {
        await using var charger = await Chargers.BootAsync(Server, "CP-HUGE-ID");

        var answer = await charger.SendRawAsync(
            """[2,"h1","StopTransaction",{"transactionId":9223372036854775807,"meterStop":5,"timestamp":"2026-11-24T14:40:00Z"}]""", "h1");
        var beyondLong = await charger.SendRawAsync(
            """[2,"h2","MeterValues",{"connectorId":1,"transactionId":99999999999999999999,"meterValue":[{"timestamp":"2026-11-24T14:40:00Z","sampledValue":[{"value":"1"}]}]}]""", "h2");

        Assert.That((answer.GetType(), beyondLong.GetType()), Is.EqualTo((typeof(OcppCallResult), typeof(OcppCallResult))));
        var orphans = await Server.GetJsonAsync<System.Text.Json.Nodes.JsonObject>("/api/anomalies?chargePointId=CP-HUGE-ID");
        Assert.That(orphans.ToJsonString(), Does.Contain("99999999999999999999").And.Contain("9223372036854775807"));
    }
}

extern alias sim;

using Newtonsoft.Json.Linq;
using sim::ChargeMonitor.Simulator.Chargers;
using sim::ChargeMonitor.Simulator.Client;
using sim::OcppCentral.Protocol;

namespace OcppCentral.Tests.Simulator;

public class ServerCallResponderTests
{
    private static readonly ChargerSnapshot Idle = new(null, false, true, "ChargeMonitor");
    private static readonly ChargerSnapshot Charging = new(17, true, true, "ChargeMonitor");
    private static readonly ChargerSnapshot Inoperative = new(null, false, false, "ChargeMonitor");

    private static IEnumerable<TestCaseData> Calls()
    {
        yield return Row("RemoteStartTransaction", """{"idTag":"CARD1"}""", Idle, "Accepted", new StartSessionCommand("CARD1"));
        yield return Row("RemoteStartTransaction", """{"idTag":"CARD1","connectorId":1}""", Idle, "Accepted", new StartSessionCommand("CARD1"));
        yield return Row("RemoteStartTransaction", """{"idTag":"CARD1","connectorId":2}""", Idle, "Rejected", null);
        yield return Row("RemoteStartTransaction", """{"idTag":"CARD1"}""", Charging, "Rejected", null);
        yield return Row("RemoteStartTransaction", """{"idTag":"CARD1"}""", Inoperative, "Rejected", null);
        yield return Row("RemoteStopTransaction", """{"transactionId":17}""", Charging, "Accepted", new StopSessionCommand(17, "Remote"));
        yield return Row("RemoteStopTransaction", """{"transactionId":18}""", Charging, "Rejected", null);
        yield return Row("Reset", """{"type":"Soft"}""", Charging, "Accepted", new ResetCommand(false));
        yield return Row("Reset", """{"type":"Hard"}""", Idle, "Accepted", new ResetCommand(true));
        yield return Row("UnlockConnector", """{"connectorId":1}""", Charging, "Unlocked", new StopSessionCommand(17, "UnlockCommand"));
        yield return Row("UnlockConnector", """{"connectorId":1}""", Idle, "Unlocked", null);
        yield return Row("UnlockConnector", """{"connectorId":3}""", Idle, "UnlockFailed", null);
        yield return Row("ChangeAvailability", """{"connectorId":0,"type":"Inoperative"}""", Charging, "Scheduled", new SetAvailabilityCommand(false));
        yield return Row("ChangeAvailability", """{"connectorId":1,"type":"Inoperative"}""", Idle, "Accepted", new SetAvailabilityCommand(false));
        yield return Row("ChangeAvailability", """{"connectorId":0,"type":"Operative"}""", Charging, "Accepted", new SetAvailabilityCommand(true));
        yield return Row("ChangeAvailability", """{"connectorId":2,"type":"Operative"}""", Idle, "Rejected", null);
        yield return Row("ChangeConfiguration", """{"key":"HeartbeatInterval","value":"60"}""", Idle, "Accepted", null);
        yield return Row("ChangeConfiguration", """{"key":"Unknown","value":"60"}""", Idle, "NotSupported", null);
        yield return Row("ClearCache", "{}", Idle, "Accepted", null);
        yield return Row("TriggerMessage", """{"requestedMessage":"MeterValues","connectorId":1}""", Charging, "Accepted", new SendMessageCommand("MeterValues", 1));
        yield return Row("TriggerMessage", """{"requestedMessage":"BootNotification"}""", Idle, "Accepted", new SendMessageCommand("BootNotification", null));
        yield return Row("TriggerMessage", """{"requestedMessage":"StatusNotification","connectorId":4}""", Idle, "Rejected", null);
        yield return Row("DataTransfer", """{"vendorId":"ChargeMonitor","data":"ping"}""", Idle, "Accepted", null);
        yield return Row("DataTransfer", """{"vendorId":"Other"}""", Idle, "UnknownVendorId", null);
    }

    private static TestCaseData Row(string action, string payload, ChargerSnapshot state, string status, object? command) =>
        new TestCaseData(action, payload, Name(state), status, command);

    private static string Name(ChargerSnapshot state) => state == Charging ? "charging" : state == Idle ? "idle" : "inoperative";

    [TestCaseSource(nameof(Calls))]
    public void Decide_AnswersAndFollowsUp(string action, string payload, string state, string status, object? command)
    {
        var (response, then) = Decide(action, payload, new[] { Idle, Charging, Inoperative }.Single(s => Name(s) == state));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(OcppPayload.From(response)["status"]!.ToString(), Is.EqualTo(status));
            Assert.That(then, Is.EqualTo(command));
            Assert.That(SimSchemas.Validator.ValidateResponse(action, OcppPayload.From(response)), Is.Null, "the answer matches its .conf schema");
        }
    }

    [Test]
    public void Decide_GetConfiguration_ValidResponseWithTheKeys()
    {
        var (response, _) = Decide("GetConfiguration", """{"key":["HeartbeatInterval"]}""", Idle);

        var payload = OcppPayload.From(response);
        Assert.That(SimSchemas.Validator.ValidateResponse("GetConfiguration", payload), Is.Null);
        Assert.That(payload["configurationKey"]![0]!["value"]!.ToString(), Is.EqualTo("300"));
    }

    [Test]
    public void Decide_DataTransferAccepted_EchoesTheData()
    {
        var (response, _) = Decide("DataTransfer", """{"vendorId":"ChargeMonitor","data":"ping"}""", Idle);

        Assert.That(OcppPayload.From(response)["data"]!.ToString(), Is.EqualTo("ping"));
    }

    [TestCase("Foo", "NotImplemented")]
    [TestCase("GetDiagnostics", "NotSupported")]
    public void Decide_ActionNotHandled_IsACallError(string action, string code)
    {
        var (response, then) = Decide(action, """{"location":"ftp://example.org/"}""", Idle);

        Assert.That(((response as OcppCallError)?.ErrorCode, then), Is.EqualTo((code, (object?)null)));
    }

    [Test]
    public void Decide_PayloadAgainstTheSchema_IsTheMatchingCallError()
    {
        var (response, _) = Decide("Reset", """{"type":"Sideways"}""", Idle);

        Assert.That((response as OcppCallError)?.ErrorCode, Is.EqualTo(OcppErrorCode.PropertyConstraintViolation));
    }

    private static (object Response, object? Then) Decide(string action, string payload, ChargerSnapshot state)
    {
        var call = new OcppCall("m1", action, JObject.Parse(payload));
        var configuration = new ConfigurationStore(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(300));
        return ServerCallResponder.Decide(call, state, configuration, SimSchemas.Validator);
    }
}

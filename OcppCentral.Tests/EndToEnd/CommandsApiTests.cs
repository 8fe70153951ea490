extern alias sim;
using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Newtonsoft.Json.Linq;
using OcppCentral.Tests.TestSupport;
using SimCall = sim::OcppCentral.Protocol.OcppCall;
using SimCallError = sim::OcppCentral.Protocol.OcppCallError;

namespace OcppCentral.Tests.EndToEnd;

/// <summary>
/// POST /api/chargepoints/{id}/commands/{action} and the command log, against a charger over a real WebSocket. One
/// server for the fixture, each test on chargers of its own; its clock is virtual, so a call timeout passes only when
/// a test moves it on.
/// </summary>
[CancelAfter(30_000)]
public class CommandsApiTests
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(1);
    private readonly VirtualClock _clock = new();
    private TestServer _server = null!;
    private int _chargers;

    private static CancellationToken Ct => TestContext.CurrentContext.CancellationToken;

    [OneTimeSetUp]
    public async Task StartServer() => _server = await TestServer.StartAsync(_clock, "--Ocpp:CallTimeout", CallTimeout.ToString());

    [OneTimeTearDown]
    public async Task StopServer() => await _server.DisposeAsync();

    /// <summary>A charger id no other test of the fixture uses, so each test's command log is its own.</summary>
    private string NewChargerId(string prefix) => $"{prefix}-{Interlocked.Increment(ref _chargers)}";

    private Task<HttpResponseMessage> PostCommandAsync(string chargePointId, string action, string body) =>
        _server.Http.PostAsync($"/api/chargepoints/{chargePointId}/commands/{action}", new StringContent(body, Encoding.UTF8, "application/json"), Ct);

    private static async Task<JsonNode> ReadJsonAsync(HttpResponseMessage response) => Json.Parse(await response.Content.ReadAsStringAsync(Ct));

    private Task<JsonArray> CommandsAsync(string chargePointId) =>
        _server.GetJsonAsync<JsonArray>($"/api/chargepoints/{chargePointId}/commands");

    [TestCase("RemoteStartTransaction", """{"idTag":"DRIVER1","connectorId":1}""")]
    [TestCase("RemoteStopTransaction", """{"transactionId":42}""")]
    [TestCase("Reset", """{"type":"Soft"}""")]
    [TestCase("UnlockConnector", """{"connectorId":1}""")]
    [TestCase("ChangeAvailability", """{"connectorId":0,"type":"Inoperative"}""")]
    [TestCase("ChangeConfiguration", """{"key":"HeartbeatInterval","value":"60"}""")]
    [TestCase("GetConfiguration", """{"key":["HeartbeatInterval"]}""")]
    [TestCase("ClearCache", "{}")]
    [TestCase("TriggerMessage", """{"requestedMessage":"StatusNotification","connectorId":1}""")]
    [TestCase("DataTransfer", """{"vendorId":"com.example","messageId":"ping","data":"12.50"}""")]
    public async Task Send_EachCommand_ReachesTheChargerAsSentAndReturnsItsAnswer(string action, string payload)
    {
        var id = NewChargerId("CP-CMD");
        await using var charger = await Chargers.BootAsync(_server, id, ct: Ct);
        var seen = new ConcurrentQueue<SimCall>();
        charger.ServerCallHandler = call =>
        {
            seen.Enqueue(call);
            return Task.FromResult<object>(new JObject { ["status"] = "Accepted", ["answering"] = call.Action });
        };

        using var response = await PostCommandAsync(id, action, payload);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync(Ct));
        var answer = await ReadJsonAsync(response);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(answer["status"]!.GetValue<string>(), Is.EqualTo("Accepted"));
            Assert.That(answer["answering"]!.GetValue<string>(), Is.EqualTo(action));
            Assert.That(seen.Select(c => c.Action), Is.EqualTo(new[] { action }));
            Assert.That(JToken.DeepEquals(seen.Single().Payload, JObject.Parse(payload)), Is.True, seen.Single().Payload.ToString());
        }
    }

    [Test]
    public async Task Send_ActionInAnotherCase_IsSentWithItsOcppSpelling()
    {
        await using var charger = await Chargers.BootAsync(_server, "CP-CASE", ct: Ct);
        var seen = new ConcurrentQueue<string>();
        charger.ServerCallHandler = call =>
        {
            seen.Enqueue(call.Action);
            return Task.FromResult<object>(new { status = "Accepted" });
        };

        using var response = await PostCommandAsync("CP-CASE", "clearcache", "");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(seen, Is.EqualTo(new[] { "ClearCache" }));
    }

    [Test]
    public async Task Send_Answered_IsListedNewestFirstWithRequestResponseAndTimes()
    {
        await using var charger = await Chargers.BootAsync(_server, "CP-LOG", ct: Ct);
        charger.ServerCallHandler = call => Task.FromResult<object>(new { status = call.Action == "Reset" ? "Rejected" : "Accepted" });

        (await PostCommandAsync("CP-LOG", "ClearCache", "{}")).EnsureSuccessStatusCode();
        (await PostCommandAsync("CP-LOG", "Reset", """{"type":"Hard"}""")).EnsureSuccessStatusCode();

        var commands = await CommandsAsync("CP-LOG");
        Assert.That(commands, Has.Count.EqualTo(2));
        var newest = commands[0]!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(commands.Select(c => c!["action"]!.GetValue<string>()), Is.EqualTo(new[] { "Reset", "ClearCache" }));
            Assert.That(newest["outcome"]!.GetValue<string>(), Is.EqualTo("Answered"));
            Assert.That(newest["request"]!["type"]!.GetValue<string>(), Is.EqualTo("Hard"));
            Assert.That(newest["response"]!["status"]!.GetValue<string>(), Is.EqualTo("Rejected"));
            Assert.That(newest["error"], Is.Null);
            Assert.That(newest["completedAt"]!.GetValue<DateTimeOffset>(), Is.GreaterThanOrEqualTo(newest["requestedAt"]!.GetValue<DateTimeOffset>()));
        }
    }

    [TestCase("Reset", """{"type":"Sideways"}""", "PropertyConstraintViolation")]
    [TestCase("Reset", "{}", "OccurenceConstraintViolation")]
    [TestCase("UnlockConnector", """{"connectorId":"one"}""", "TypeConstraintViolation")]
    [TestCase("ClearCache", """{"extra":true}""", "FormationViolation")]
    [TestCase("Reset", "not json", "not JSON")]
    [TestCase("Reset", """["Hard"]""", "JSON object")]
    public async Task Send_PayloadNotValidForItsAction_Returns400AndSendsNothing(string action, string body, string problem)
    {
        var id = NewChargerId("CP-BAD");
        await using var charger = await Chargers.BootAsync(_server, id, ct: Ct);
        var seen = new ConcurrentQueue<string>();
        charger.ServerCallHandler = call =>
        {
            seen.Enqueue(call.Action);
            return Task.FromResult<object>(new { status = "Accepted" });
        };

        using var refused = await PostCommandAsync(id, action, body);
        // A valid command afterwards: had the invalid one been sent, the charger would have seen it first.
        (await PostCommandAsync(id, "ClearCache", "{}")).EnsureSuccessStatusCode();

        var details = await ReadJsonAsync(refused);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(refused.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
            Assert.That(details["errors"]!["payload"]![0]!.GetValue<string>(), Does.Contain(problem));
            Assert.That(seen, Is.EqualTo(new[] { "ClearCache" }));
            Assert.That(await CommandsAsync(id), Has.Count.EqualTo(1));
        }
    }

    [TestCase("BootNotification")]
    [TestCase("GetDiagnostics")]
    [TestCase("Frobnicate")]
    public async Task Send_ActionThatIsNotACommand_Returns400(string action)
    {

        using var response = await PostCommandAsync("CP-ANY", action, "{}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await ReadJsonAsync(response))["errors"]!["action"], Is.Not.Null);
    }

    [Test]
    public async Task Send_ChargerNotConnected_Returns404AndIsRecordedAsNotConnected()
    {

        using var response = await PostCommandAsync("CP-AWAY", "Reset", """{"type":"Soft"}""");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        var command = (await CommandsAsync("CP-AWAY")).Single()!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(command["outcome"]!.GetValue<string>(), Is.EqualTo("NotConnected"));
            Assert.That(command["error"]!["description"]!.GetValue<string>(), Does.Contain("not connected"));
            Assert.That(command["completedAt"], Is.Not.Null);
        }
    }

    [Test]
    public async Task Send_ChargerAnswersCallError_Returns502WithItsCodeAndDescription()
    {
        await using var charger = await Chargers.BootAsync(_server, "CP-ERR", ct: Ct);
        charger.ServerCallHandler = call => Task.FromResult<object>(
            new SimCallError(call.MessageId, "NotSupported", "No reset on this model", new JObject { ["model"] = "T1" }));

        using var response = await PostCommandAsync("CP-ERR", "Reset", """{"type":"Hard"}""");

        var problem = await ReadJsonAsync(response);
        var command = (await CommandsAsync("CP-ERR")).Single()!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadGateway));
            Assert.That(problem["errorCode"]!.GetValue<string>(), Is.EqualTo("NotSupported"));
            Assert.That(problem["errorDescription"]!.GetValue<string>(), Is.EqualTo("No reset on this model"));
            Assert.That(problem["errorDetails"]!["model"]!.GetValue<string>(), Is.EqualTo("T1"));
            Assert.That(command["outcome"]!.GetValue<string>(), Is.EqualTo("CallError"));
            Assert.That(command["error"]!["code"]!.GetValue<string>(), Is.EqualTo("NotSupported"));
        }
    }

    [Test]
    public async Task Send_ChargerNeverAnswers_Returns504AndItsLateAnswerDoesNotAnswerTheNextCommand()
    {
        await using var charger = await Chargers.BootAsync(_server, "CP-SLOW", ct: Ct);
        var lateAnswer = new TaskCompletionSource<object>(TaskCreationOptions.RunContinuationsAsynchronously);
        var resetArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        charger.ServerCallHandler = call =>
        {
            if (call.Action != "Reset")
                return Task.FromResult<object>(new { status = "Accepted", from = "ClearCache" });
            resetArrived.SetResult();
            return lateAnswer.Task;
        };

        var resetSent = PostCommandAsync("CP-SLOW", "Reset", """{"type":"Soft"}""");
        // The server's call timeout started before the call went out; the charger has it, so the timeout can pass now.
        await resetArrived.Task.WaitAsync(Ct);
        _clock.Advance(CallTimeout);
        using var timedOut = await resetSent;
        lateAnswer.SetResult(new { status = "Accepted", from = "Reset" });
        using var next = await PostCommandAsync("CP-SLOW", "ClearCache", "{}");

        var commands = await CommandsAsync("CP-SLOW");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(timedOut.StatusCode, Is.EqualTo(HttpStatusCode.GatewayTimeout));
            Assert.That(next.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That((await ReadJsonAsync(next))["from"]!.GetValue<string>(), Is.EqualTo("ClearCache"));
            Assert.That(commands.Select(c => c!["outcome"]!.GetValue<string>()), Is.EqualTo(new[] { "Answered", "Timeout" }));
        }
    }

    [Test]
    public async Task Send_ChargerDropsTheLinkBeforeAnswering_Returns502AndIsRecordedAsDisconnected()
    {
        // Aborted, not disposed: Abort is the end of this client.
        var charger = await Chargers.BootAsync(_server, "CP-DROP", ct: Ct);
        charger.ServerCallHandler = _ =>
        {
            charger.Abort();
            return new TaskCompletionSource<object>().Task;
        };

        using var response = await PostCommandAsync("CP-DROP", "Reset", """{"type":"Hard"}""");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadGateway));
        Assert.That((await CommandsAsync("CP-DROP")).Single()!["outcome"]!.GetValue<string>(), Is.EqualTo("Disconnected"));
    }

    [Test]
    public async Task Send_TwoConcurrentCommands_ReachTheChargerOneAfterAnother()
    {
        await using var charger = await Chargers.BootAsync(_server, "CP-QUEUE", ct: Ct);
        var arrivals = new ConcurrentQueue<string>();
        var firstArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var releaseFirst = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        charger.ServerCallHandler = async call =>
        {
            arrivals.Enqueue(call.Action);
            if (call.Action == "ChangeConfiguration")
            {
                firstArrived.SetResult();
                await releaseFirst.Task;
            }
            return new { status = "Accepted" };
        };

        var first = PostCommandAsync("CP-QUEUE", "ChangeConfiguration", """{"key":"HeartbeatInterval","value":"60"}""");
        await firstArrived.Task.WaitAsync(Ct);
        var second = PostCommandAsync("CP-QUEUE", "ClearCache", "{}");
        // The second command is recorded (Pending) before it waits for its turn; no event tells us that, so poll.
        while ((await CommandsAsync("CP-QUEUE")).Count < 2)
            await Task.Delay(20, Ct);
        var arrivedWhileFirstOutstanding = arrivals.ToArray();
        releaseFirst.SetResult();
        using var firstResponse = await first;
        using var secondResponse = await second;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(arrivedWhileFirstOutstanding, Is.EqualTo(new[] { "ChangeConfiguration" }));
            Assert.That(arrivals, Is.EqualTo(new[] { "ChangeConfiguration", "ClearCache" }));
            Assert.That(firstResponse.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(secondResponse.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }
    }

    [Test]
    public async Task List_LimitOutOfRange_Returns400()
    {

        using var response = await _server.Http.GetAsync("/api/chargepoints/CP-1/commands?limit=0", Ct);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task ChangeConfiguration_AuthorizationKey_IsRedactedInTheLog_AndBecomesThePassword()
    {
        (await _server.Http.PutAsync("/api/chargepoints/CP-KEY", new StringContent("""{"password":"old-secret-123"}""", Encoding.UTF8, "application/json"), Ct)).EnsureSuccessStatusCode();
        await using var charger = await Chargers.BootAsync(_server, "CP-KEY", "old-secret-123", Ct);
        charger.ServerCallHandler = _ => Task.FromResult<object>(new { status = "Accepted" });

        using var response = await PostCommandAsync("CP-KEY", "ChangeConfiguration", """{"key":"AuthorizationKey","value":"new-secret-456"}""");
        var logged = (await CommandsAsync("CP-KEY"))[0]!;
        var oldRefused = Assert.ThrowsAsync<System.Net.WebSockets.WebSocketException>(() => Chargers.ConnectAsync(_server, "CP-KEY", "old-secret-123", Ct));
        await using var renewed = await Chargers.ConnectAsync(_server, "CP-KEY", "new-secret-456", Ct);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(logged["request"]!["value"]!.GetValue<string>(), Is.EqualTo("***"));
            Assert.That(logged.ToJsonString(), Does.Not.Contain("new-secret-456"));
            Assert.That(await oldRefused, Is.Not.Null);
            Assert.That(renewed.State, Is.EqualTo(System.Net.WebSockets.WebSocketState.Open));
        }
    }

    [Test]
    public async Task GetConfiguration_AnswerWithSecretKeys_IsRedactedInTheAnswerAndTheLog()
    {
        await using var charger = await Chargers.BootAsync(_server, "CP-READBACK", ct: Ct);
        // A charger that reads its secrets back, although security profile 1 makes AuthorizationKey write-only.
        charger.ServerCallHandler = _ => Task.FromResult<object>(JObject.Parse("""
            { "configurationKey": [
                { "key": "AuthorizationKey", "readonly": false, "value": "6b6579-from-the-charger" },
                { "key": "BackendPassword", "readonly": false, "value": "p4ss-from-the-charger" },
                { "key": "HeartbeatInterval", "readonly": false, "value": "300" } ],
              "unknownKey": [] }
            """));

        using var response = await PostCommandAsync("CP-READBACK", "GetConfiguration", "{}");
        var answerText = await response.Content.ReadAsStringAsync(Ct);
        var logged = (await CommandsAsync("CP-READBACK"))[0]!;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), answerText);
            foreach (var answer in new[] { Json.Parse(answerText), logged["response"]! })
            {
                var values = answer["configurationKey"]!.AsArray().ToDictionary(e => e!["key"]!.GetValue<string>(), e => e!["value"]!.GetValue<string>());
                Assert.That(values, Is.EqualTo(new Dictionary<string, string>
                {
                    ["AuthorizationKey"] = "***", ["BackendPassword"] = "***", ["HeartbeatInterval"] = "300",
                }));
            }
            foreach (var secret in new[] { "6b6579-from-the-charger", "p4ss-from-the-charger" })
            {
                Assert.That(answerText, Does.Not.Contain(secret));
                Assert.That(logged.ToJsonString(), Does.Not.Contain(secret));
            }
        }
    }
}

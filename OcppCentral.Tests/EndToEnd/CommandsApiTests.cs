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

/// <summary>POST /api/chargepoints/{id}/commands/{action} and the command log, against a charger over a real WebSocket.</summary>
[CancelAfter(30_000)]
public class CommandsApiTests
{
    private static CancellationToken Ct => TestContext.CurrentContext.CancellationToken;

    private static Task<TestServer> StartServerAsync() => TestServer.StartAsync("--Ocpp:CallTimeout", "00:00:01");

    private static Task<HttpResponseMessage> PostCommandAsync(TestServer server, string chargePointId, string action, string body) =>
        server.Http.PostAsync($"/api/chargepoints/{chargePointId}/commands/{action}", new StringContent(body, Encoding.UTF8, "application/json"), Ct);

    private static async Task<JsonNode> ReadJsonAsync(HttpResponseMessage response) => Json.Parse(await response.Content.ReadAsStringAsync(Ct));

    private static Task<JsonArray> CommandsAsync(TestServer server, string chargePointId) =>
        server.GetJsonAsync<JsonArray>($"/api/chargepoints/{chargePointId}/commands");

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
        await using var server = await StartServerAsync();
        await using var charger = await Chargers.BootAsync(server, "CP-CMD", ct: Ct);
        var seen = new ConcurrentQueue<SimCall>();
        charger.ServerCallHandler = call =>
        {
            seen.Enqueue(call);
            return Task.FromResult<object>(new JObject { ["status"] = "Accepted", ["answering"] = call.Action });
        };

        using var response = await PostCommandAsync(server, "CP-CMD", action, payload);

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
        await using var server = await StartServerAsync();
        await using var charger = await Chargers.BootAsync(server, "CP-CASE", ct: Ct);
        var seen = new ConcurrentQueue<string>();
        charger.ServerCallHandler = call =>
        {
            seen.Enqueue(call.Action);
            return Task.FromResult<object>(new { status = "Accepted" });
        };

        using var response = await PostCommandAsync(server, "CP-CASE", "clearcache", "");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(seen, Is.EqualTo(new[] { "ClearCache" }));
    }

    [Test]
    public async Task Send_Answered_IsListedNewestFirstWithRequestResponseAndTimes()
    {
        await using var server = await StartServerAsync();
        await using var charger = await Chargers.BootAsync(server, "CP-LOG", ct: Ct);
        charger.ServerCallHandler = call => Task.FromResult<object>(new { status = call.Action == "Reset" ? "Rejected" : "Accepted" });

        (await PostCommandAsync(server, "CP-LOG", "ClearCache", "{}")).EnsureSuccessStatusCode();
        (await PostCommandAsync(server, "CP-LOG", "Reset", """{"type":"Hard"}""")).EnsureSuccessStatusCode();

        var commands = await CommandsAsync(server, "CP-LOG");
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
        await using var server = await StartServerAsync();
        await using var charger = await Chargers.BootAsync(server, "CP-BAD", ct: Ct);
        var seen = new ConcurrentQueue<string>();
        charger.ServerCallHandler = call =>
        {
            seen.Enqueue(call.Action);
            return Task.FromResult<object>(new { status = "Accepted" });
        };

        using var refused = await PostCommandAsync(server, "CP-BAD", action, body);
        // A valid command afterwards: had the invalid one been sent, the charger would have seen it first.
        (await PostCommandAsync(server, "CP-BAD", "ClearCache", "{}")).EnsureSuccessStatusCode();

        var details = await ReadJsonAsync(refused);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(refused.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
            Assert.That(details["errors"]!["payload"]![0]!.GetValue<string>(), Does.Contain(problem));
            Assert.That(seen, Is.EqualTo(new[] { "ClearCache" }));
            Assert.That(await CommandsAsync(server, "CP-BAD"), Has.Count.EqualTo(1));
        }
    }

    [TestCase("BootNotification")]
    [TestCase("GetDiagnostics")]
    [TestCase("Frobnicate")]
    public async Task Send_ActionThatIsNotACommand_Returns400(string action)
    {
        await using var server = await StartServerAsync();

        using var response = await PostCommandAsync(server, "CP-ANY", action, "{}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await ReadJsonAsync(response))["errors"]!["action"], Is.Not.Null);
    }

    [Test]
    public async Task Send_ChargerNotConnected_Returns404AndIsRecordedAsNotConnected()
    {
        await using var server = await StartServerAsync();

        using var response = await PostCommandAsync(server, "CP-AWAY", "Reset", """{"type":"Soft"}""");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        var command = (await CommandsAsync(server, "CP-AWAY")).Single()!;
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
        await using var server = await StartServerAsync();
        await using var charger = await Chargers.BootAsync(server, "CP-ERR", ct: Ct);
        charger.ServerCallHandler = call => Task.FromResult<object>(
            new SimCallError(call.MessageId, "NotSupported", "No reset on this model", new JObject { ["model"] = "T1" }));

        using var response = await PostCommandAsync(server, "CP-ERR", "Reset", """{"type":"Hard"}""");

        var problem = await ReadJsonAsync(response);
        var command = (await CommandsAsync(server, "CP-ERR")).Single()!;
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
        await using var server = await StartServerAsync();
        await using var charger = await Chargers.BootAsync(server, "CP-SLOW", ct: Ct);
        var lateAnswer = new TaskCompletionSource<object>(TaskCreationOptions.RunContinuationsAsynchronously);
        charger.ServerCallHandler = call => call.Action == "Reset"
            ? lateAnswer.Task
            : Task.FromResult<object>(new { status = "Accepted", from = "ClearCache" });

        using var timedOut = await PostCommandAsync(server, "CP-SLOW", "Reset", """{"type":"Soft"}""");
        lateAnswer.SetResult(new { status = "Accepted", from = "Reset" });
        using var next = await PostCommandAsync(server, "CP-SLOW", "ClearCache", "{}");

        var commands = await CommandsAsync(server, "CP-SLOW");
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
        await using var server = await StartServerAsync();
        // Aborted, not disposed: Abort is the end of this client.
        var charger = await Chargers.BootAsync(server, "CP-DROP", ct: Ct);
        charger.ServerCallHandler = _ =>
        {
            charger.Abort();
            return new TaskCompletionSource<object>().Task;
        };

        using var response = await PostCommandAsync(server, "CP-DROP", "Reset", """{"type":"Hard"}""");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadGateway));
        Assert.That((await CommandsAsync(server, "CP-DROP")).Single()!["outcome"]!.GetValue<string>(), Is.EqualTo("Disconnected"));
    }

    [Test]
    public async Task Send_TwoConcurrentCommands_ReachTheChargerOneAfterAnother()
    {
        await using var server = await StartServerAsync();
        await using var charger = await Chargers.BootAsync(server, "CP-QUEUE", ct: Ct);
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

        var first = PostCommandAsync(server, "CP-QUEUE", "ChangeConfiguration", """{"key":"HeartbeatInterval","value":"60"}""");
        await firstArrived.Task.WaitAsync(Ct);
        var second = PostCommandAsync(server, "CP-QUEUE", "ClearCache", "{}");
        // The second command is recorded (Pending) before it waits for its turn; no event tells us that, so poll.
        while ((await CommandsAsync(server, "CP-QUEUE")).Count < 2)
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
        await using var server = await StartServerAsync();

        using var response = await server.Http.GetAsync("/api/chargepoints/CP-1/commands?limit=0", Ct);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task ChangeConfiguration_AuthorizationKey_IsRedactedInTheLog_AndBecomesThePassword()
    {
        await using var server = await StartServerAsync();
        (await server.Http.PutAsync("/api/chargepoints/CP-KEY", new StringContent("""{"password":"old-secret-123"}""", Encoding.UTF8, "application/json"), Ct)).EnsureSuccessStatusCode();
        await using var charger = await Chargers.BootAsync(server, "CP-KEY", "old-secret-123", Ct);
        charger.ServerCallHandler = _ => Task.FromResult<object>(new { status = "Accepted" });

        using var response = await PostCommandAsync(server, "CP-KEY", "ChangeConfiguration", """{"key":"AuthorizationKey","value":"new-secret-456"}""");
        var logged = (await CommandsAsync(server, "CP-KEY"))[0]!;
        var oldRefused = Assert.ThrowsAsync<System.Net.WebSockets.WebSocketException>(() => Chargers.ConnectAsync(server, "CP-KEY", "old-secret-123", Ct));
        await using var renewed = await Chargers.ConnectAsync(server, "CP-KEY", "new-secret-456", Ct);

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
        await using var server = await StartServerAsync();
        await using var charger = await Chargers.BootAsync(server, "CP-READBACK", ct: Ct);
        // A charger that reads its secrets back, although security profile 1 makes AuthorizationKey write-only.
        charger.ServerCallHandler = _ => Task.FromResult<object>(JObject.Parse("""
            { "configurationKey": [
                { "key": "AuthorizationKey", "readonly": false, "value": "6b6579-from-the-charger" },
                { "key": "BackendPassword", "readonly": false, "value": "p4ss-from-the-charger" },
                { "key": "HeartbeatInterval", "readonly": false, "value": "300" } ],
              "unknownKey": [] }
            """));

        using var response = await PostCommandAsync(server, "CP-READBACK", "GetConfiguration", "{}");
        var answerText = await response.Content.ReadAsStringAsync(Ct);
        var logged = (await CommandsAsync(server, "CP-READBACK"))[0]!;

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

using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using Newtonsoft.Json.Linq;
using OcppCentral.Storage;
using OcppCentral.Tests.TestSupport;

namespace OcppCentral.Tests.Health;

/// <summary>
/// The OCPP message log through the real server with the log off by default (docs/charger-health.md): nothing is kept
/// until a charger's own setting turns it on; then every frame in and out, secrets redacted, long frames cut, read back
/// from GET /api/chargepoints/{id}/messages, newest first.
/// </summary>
[CancelAfter(60_000)]
[TestFixture(TestBackend.Sqlite)]
[TestFixture(TestBackend.Postgres)]
public class MessageLogTests(TestBackend backend) : SharedServerTests(backend)
{
    private static CancellationToken Ct => TestContext.CurrentContext.CancellationToken;

    [Test]
    public async Task Messages_OffByDefault_NothingIsStored()
    {
        await using var charger = await Chargers.BootAsync(Server, "CP-ML-OFF", ct: Ct);
        await charger.CallAsync("Heartbeat", new { }, Ct);
        await FlushAsync("CP-ML-OFF");

        var page = await MessagesAsync("CP-ML-OFF");
        var record = await Server.GetJsonAsync<JsonObject>("/api/chargepoints/CP-ML-OFF");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(page["total"]!.GetValue<int>(), Is.Zero);
            Assert.That(page["items"]!.AsArray(), Is.Empty);
            Assert.That(record["messageLog"], Is.Null);
            Assert.That(record["logsMessages"]!.GetValue<bool>(), Is.False);
        }
    }

    [Test]
    public async Task Messages_ChargerSwitchedOn_KeepsEveryFrameInAndOut_IncludingACommandAndErrors_NewestFirst()
    {
        var record = await PutAsync("CP-ML-ALL", """{"messageLog":true}""");
        await using var charger = await Chargers.BootAsync(Server, "CP-ML-ALL", ct: Ct);
        charger.ServerCallHandler = _ => Task.FromResult<object>(new { status = "Accepted" });
        await charger.CallAsync("Heartbeat", new { }, Ct);
        (await PostCommandAsync("CP-ML-ALL", "ClearCache", "{}")).EnsureSuccessStatusCode();
        await charger.SendRawAsync("this is not json", "-1", Ct);
        await charger.SendRawAsync("""[2,"e1","MakeCoffee",{}]""", "e1", Ct);
        await FlushAsync("CP-ML-ALL");

        var page = await MessagesAsync("CP-ML-ALL");
        var items = page["items"]!.AsArray().Select(m => m!.AsObject()).Reverse().ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That((record["messageLog"]!.GetValue<bool>(), record["logsMessages"]!.GetValue<bool>()), Is.EqualTo((true, true)));
            Assert.That(items.Select(Describe), Is.EqualTo(new[]
            {
                "In Call BootNotification", "Out CallResult BootNotification",
                // After a boot the server reads the charger's display configuration (docs/charger-display.md).
                "Out Call GetConfiguration", "In CallResult GetConfiguration",
                "In Call Heartbeat", "Out CallResult Heartbeat",
                "Out Call ClearCache", "In CallResult ClearCache",
                "In - -", "Out CallError -",
                "In Call MakeCoffee", "Out CallError MakeCoffee",
            }));
            Assert.That(page["total"]!.GetValue<int>(), Is.EqualTo(12));
            Assert.That(items[4]["messageId"]!.GetValue<string>(), Is.EqualTo(items[5]["messageId"]!.GetValue<string>()));
            Assert.That(items[6]["frame"]!.GetValue<string>(), Does.StartWith("[2,\"cs-").And.Contain("\"ClearCache\""));
            Assert.That(items[7]["frame"]!.GetValue<string>(), Does.Contain("Accepted"));
            Assert.That(items[8]["frame"]!.GetValue<string>(), Is.EqualTo("this is not json"));
            Assert.That(items[9]["frame"]!.GetValue<string>(), Does.Contain("FormationViolation"));
            Assert.That(items[11]["frame"]!.GetValue<string>(), Does.StartWith("[4,\"e1\",\"NotImplemented\""));
            Assert.That(items.Select(m => m["chargePointId"]!.GetValue<string>()), Is.All.EqualTo("CP-ML-ALL"));
            Assert.That(items.Select(m => m["truncated"]!.GetValue<bool>()), Is.All.False);
            Assert.That(items.Select(m => m["at"]!.GetValue<DateTimeOffset>()), Is.Ordered);
        }
    }

    [Test]
    public async Task Messages_SwitchedOnAndOffWhileConnected_ApplyFromTheNextFrame()
    {
        await using var charger = await Chargers.BootAsync(Server, "CP-ML-LIVE", ct: Ct);
        // Its answer to the post-boot display read is written but maybe not yet read by the server: a CALL answered
        // after it means the server has read it, so it is not logged by the switch below (frames are read in order).
        await charger.CallAsync("Heartbeat", new { }, Ct);
        await PutAsync("CP-ML-LIVE", """{"messageLog":true}""");
        await charger.CallAsync("Heartbeat", new { }, Ct);
        await PutAsync("CP-ML-LIVE", """{"messageLog":false}""");
        await charger.CallAsync("Heartbeat", new { }, Ct);
        await FlushAsync("CP-ML-LIVE");

        var items = (await MessagesAsync("CP-ML-LIVE"))["items"]!.AsArray().Select(m => Describe(m!.AsObject())).Reverse();

        Assert.That(items, Is.EqualTo(new[] { "In Call Heartbeat", "Out CallResult Heartbeat" }));
    }

    [Test]
    public async Task Messages_GetConfigurationAnswerAndChangeConfigurationOfAuthorizationKey_AreRedacted()
    {
        await PutAsync("CP-ML-SECRET", """{"messageLog":true}""");
        await using var charger = await Chargers.BootAsync(Server, "CP-ML-SECRET", ct: Ct);
        charger.ServerCallHandler = call => Task.FromResult<object>(call.Action == "GetConfiguration"
            ? JObject.Parse("""
                { "configurationKey": [
                    { "key": "AuthorizationKey", "readonly": false, "value": "6b6579-read-back" },
                    { "key": "BackendPassword", "readonly": false, "value": "p4ss-read-back" },
                    { "key": "HeartbeatInterval", "readonly": false, "value": "300" } ] }
                """)
            : new JObject { ["status"] = "Accepted" });
        (await PostCommandAsync("CP-ML-SECRET", "GetConfiguration", "{}")).EnsureSuccessStatusCode();
        (await PostCommandAsync("CP-ML-SECRET", "ChangeConfiguration", """{"key":"AuthorizationKey","value":"a-new-secret-key"}""")).EnsureSuccessStatusCode();
        // A frame that cannot be read cannot be redacted field by field: naming a secret key, it is kept as *** only.
        await charger.SendRawAsync("""[2,"x1","DataTransfer",{"vendorId":"v","data":"AuthorizationKey=broken-secret" """, "x1", Ct);
        await FlushAsync("CP-ML-SECRET");

        var text = await Server.Http.GetStringAsync("/api/chargepoints/CP-ML-SECRET/messages", Ct);
        var items = Json.Parse(text)["items"]!.AsArray().Select(m => m!.AsObject()).Reverse().ToList();
        // The last one: the first is the display read after the boot (docs/charger-display.md).
        var answer = JArray.Parse(items.Last(m => Describe(m) == "In CallResult GetConfiguration")["frame"]!.GetValue<string>());
        var change = JArray.Parse(items.Single(m => Describe(m) == "Out Call ChangeConfiguration")["frame"]!.GetValue<string>());
        var values = ((JArray)answer[2]["configurationKey"]!).ToDictionary(e => (string)e["key"]!, e => (string?)e["value"]);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(text, Does.Not.Contain("6b6579-read-back").And.Not.Contain("p4ss-read-back").And.Not.Contain("a-new-secret-key")
                .And.Not.Contain("broken-secret"));
            Assert.That(values, Is.EqualTo(new Dictionary<string, string?>
            {
                ["AuthorizationKey"] = "***", ["BackendPassword"] = "***", ["HeartbeatInterval"] = "300",
            }));
            Assert.That((string?)change[3]["key"], Is.EqualTo("AuthorizationKey"));
            Assert.That((string?)change[3]["value"], Is.EqualTo("***"));
            Assert.That(items.Single(m => Describe(m) == "In - -")["frame"]!.GetValue<string>(), Is.EqualTo("***"));
        }
    }

    [Test]
    public async Task Messages_AnswerToNoOutstandingCall_IsKeptWithoutAction_AndItsSecretKeysRedacted()
    {
        await PutAsync("CP-ML-LATE", """{"messageLog":true}""");
        await using var charger = await Chargers.BootAsync(Server, "CP-ML-LATE", ct: Ct);
        await charger.SendTextAsync("""[3,"cs-999",{"configurationKey":[{"key":"AuthorizationKey","readonly":false,"value":"late-secret"}]}]""", Ct);
        // Frames are read in order: once the heartbeat is answered, the late answer before it has been read and logged.
        await charger.CallAsync("Heartbeat", new { }, Ct);
        await FlushAsync("CP-ML-LATE");

        var text = await Server.Http.GetStringAsync("/api/chargepoints/CP-ML-LATE/messages", Ct);
        var late = Json.Parse(text)["items"]!.AsArray().Select(m => m!.AsObject()).Single(m => Describe(m) == "In CallResult -");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(late["messageId"]!.GetValue<string>(), Is.EqualTo("cs-999"));
            Assert.That((string?)JArray.Parse(late["frame"]!.GetValue<string>())[2]["configurationKey"]![0]!["value"], Is.EqualTo("***"));
            Assert.That(text, Does.Not.Contain("late-secret"));
        }
    }

    [Test]
    public async Task Messages_BinaryFrame_IsKeptWithItsSizeAndNoText_BesideItsRefusal()
    {
        await PutAsync("CP-ML-BINARY", """{"messageLog":true}""");
        using var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol("ocpp1.6");
        await socket.ConnectAsync(new Uri(Server.WebSocketUri + "/CP-ML-BINARY"), Ct);
        await socket.SendAsync(new byte[] { 0x91, 0x02, 0x03 }, WebSocketMessageType.Binary, true, Ct);
        await socket.ReceiveAsync(new byte[4096], Ct); // the refusal
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "", Ct);
        await FlushAsync("CP-ML-BINARY");

        var items = (await MessagesAsync("CP-ML-BINARY"))["items"]!.AsArray().Select(m => m!.AsObject()).Reverse().ToList();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(items.Select(Describe), Is.EqualTo(new[] { "In - -", "Out CallError -" }));
            Assert.That((items[0]["frame"], items[0]["length"]!.GetValue<int>()), Is.EqualTo(((JsonNode?)null, 3)));
            Assert.That(items[1]["frame"]!.GetValue<string>(), Does.StartWith("""[4,"-1","FormationViolation"""));
        }
    }

    [Test]
    public async Task Messages_FrameOverTheLimit_IsKeptCutWithItsWholeLength()
    {
        await PutAsync("CP-ML-BIG", """{"messageLog":true}""");
        await using var charger = await Chargers.BootAsync(Server, "CP-ML-BIG", ct: Ct);
        var frame = $$"""[2,"big1","DataTransfer",{"vendorId":"com.example","data":"{{new string('z', 20_000)}}"}]""";
        await charger.SendRawAsync(frame, "big1", Ct);
        await FlushAsync("CP-ML-BIG");

        var items = (await MessagesAsync("CP-ML-BIG"))["items"]!.AsArray().Select(m => m!.AsObject()).ToList();
        var big = items.Single(m => Describe(m) == "In Call DataTransfer");
        var answer = items.Single(m => Describe(m) == "Out CallResult DataTransfer");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(big["truncated"]!.GetValue<bool>(), Is.True);
            Assert.That(big["length"]!.GetValue<int>(), Is.EqualTo(frame.Length));
            Assert.That(big["frame"]!.GetValue<string>(), Is.EqualTo(frame[..MessageLogLimits.MaxFrameChars]));
            Assert.That(answer["truncated"]!.GetValue<bool>(), Is.False);
            Assert.That(answer["length"]!.GetValue<int>(), Is.EqualTo(answer["frame"]!.GetValue<string>().Length));
        }
    }

    [Test]
    public async Task Messages_Paging_LimitAndOffsetCutTheNewestFirstList_FromAndToFilter()
    {
        await PutAsync("CP-ML-PAGE", """{"messageLog":true}""");
        await using var charger = await Chargers.BootAsync(Server, "CP-ML-PAGE", ct: Ct);
        for (var i = 0; i < 3; i++)
            await charger.CallAsync("Heartbeat", new { }, Ct);
        await FlushAsync("CP-ML-PAGE");

        var all = (await MessagesAsync("CP-ML-PAGE"))["items"]!.AsArray().Select(m => m!["id"]!.GetValue<long>()).ToList();
        var page = await MessagesAsync("CP-ML-PAGE", "?limit=3&offset=2");
        var future = await MessagesAsync("CP-ML-PAGE", $"?from={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddDays(1).ToString("O"))}");
        var past = await MessagesAsync("CP-ML-PAGE", $"?to={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddDays(1).ToString("O"))}");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(all, Has.Count.EqualTo(10), "the boot, the display read after it and three heartbeats, each in and out");
            Assert.That(all, Is.Ordered.Descending);
            Assert.That(page["items"]!.AsArray().Select(m => m!["id"]!.GetValue<long>()), Is.EqualTo(all.Skip(2).Take(3)));
            Assert.That((page["total"]!.GetValue<int>(), page["limit"]!.GetValue<int>(), page["offset"]!.GetValue<int>()), Is.EqualTo((10, 3, 2)));
            Assert.That(future["total"]!.GetValue<int>(), Is.Zero);
            Assert.That(past["total"]!.GetValue<int>(), Is.EqualTo(10));
        }
    }

    [TestCase("?limit=0", "limit")]
    [TestCase("?limit=1001", "limit")]
    [TestCase("?limit=ten", "limit")]
    [TestCase("?offset=-1", "offset")]
    [TestCase("?from=soon", "from")]
    [TestCase("?to=2026-13-01T00:00:00Z", "to")]
    public async Task Messages_BadQuery_Is400NamingIt(string query, string field)
    {
        await PutAsync("CP-ML-BAD", "{}");

        using var response = await Server.Http.GetAsync($"/api/chargepoints/CP-ML-BAD/messages{query}", Ct);
        var problem = Json.Parse(await response.Content.ReadAsStringAsync(Ct));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(problem["errors"]?[field], Is.Not.Null, problem.ToJsonString());
        }
    }

    [Test]
    public async Task Messages_UnknownCharger_Is404()
    {
        using var response = await Server.Http.GetAsync("/api/chargepoints/CP-ML-NEVER/messages", Ct);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [TestCase("""{"messageLog":"yes"}""")]
    [TestCase("""{"messageLog":1}""")]
    public async Task Put_MessageLogNotABooleanOrNull_Is400NamingIt(string body)
    {
        using var response = await Server.Http.PutAsync("/api/chargepoints/CP-ML-BADPUT", Body(body), Ct);
        var problem = Json.Parse(await response.Content.ReadAsStringAsync(Ct));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(problem["errors"]?["messageLog"], Is.Not.Null, problem.ToJsonString());
        }
    }

    /// <summary>Direction, type and action of a logged frame, "-" for what is null.</summary>
    internal static string Describe(JsonObject m) =>
        $"{m["direction"]!.GetValue<string>()} {m["messageType"]?.GetValue<string>() ?? "-"} {m["action"]?.GetValue<string>() ?? "-"}";

    private static StringContent Body(string json) => new(json, Encoding.UTF8, "application/json");

    private Task<HttpResponseMessage> PostCommandAsync(string id, string action, string body) =>
        Server.Http.PostAsync($"/api/chargepoints/{id}/commands/{action}", Body(body), Ct);

    private Task<JsonObject> MessagesAsync(string id, string query = "") =>
        Server.GetJsonAsync<JsonObject>($"/api/chargepoints/{id}/messages{query}");

    /// <summary>A write of the same writer commits after the frames queued before it (docs/charger-health.md).</summary>
    private Task FlushAsync(string id) => PutAsync(id, "{}");

    private async Task<JsonObject> PutAsync(string id, string json)
    {
        using var response = await Server.Http.PutAsync($"/api/chargepoints/{id}", Body(json), Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), text);
        return Json.Parse(text).AsObject();
    }
}

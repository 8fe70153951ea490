extern alias sim;
using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Newtonsoft.Json.Linq;
using OcppCentral.Tests.TestSupport;
using SimCall = sim::OcppCentral.Protocol.OcppCall;
using SimCallError = sim::OcppCentral.Protocol.OcppCallError;

namespace OcppCentral.Tests.Cluster;

/// <summary>
/// docs/deployment.md, remote commands through any instance: a charger connected to instance A is commanded through
/// instance B, over real WebSockets and HTTP, with the same outcomes as on one instance.
/// </summary>
[CancelAfter(60_000)]
public class RoutedCommandTests
{
    private TwoInstances _cluster = null!;
    private int _chargers;

    private static CancellationToken Ct => TestContext.CurrentContext.CancellationToken;

    [OneTimeSetUp]
    public async Task StartInstances() => _cluster = await TwoInstances.StartAsync("--Ocpp:CallTimeout", "00:00:01");

    [OneTimeTearDown]
    public async Task StopInstances()
    {
        if (_cluster is not null)
            await _cluster.DisposeAsync();
    }

    private string NewChargerId() => $"CP-ROUTED-{Interlocked.Increment(ref _chargers)}";

    private static Task<HttpResponseMessage> PostCommandAsync(TestServer server, string chargePointId, string action, string body) =>
        server.Http.PostAsync($"/api/chargepoints/{chargePointId}/commands/{action}", new StringContent(body, Encoding.UTF8, "application/json"), Ct);

    private static async Task<JsonNode> ReadJsonAsync(HttpResponseMessage response) => Json.Parse(await response.Content.ReadAsStringAsync(Ct));

    [Test]
    public async Task Command_ThroughB_ToChargerOnA_ReachesItAsSentAndReturnsItsAnswer()
    {
        var id = NewChargerId();
        await using var charger = await Chargers.BootAsync(_cluster.A, id, ct: Ct);
        var seen = new ConcurrentQueue<SimCall>();
        charger.ServerCallHandler = call =>
        {
            seen.Enqueue(call);
            return Task.FromResult<object>(new JObject { ["status"] = "Accepted", ["data"] = "12.50" });
        };
        const string payload = """{"vendorId":"com.example","messageId":"ping","data":"2026-11-24T14:40:00.000Z 12.50"}""";

        using var response = await PostCommandAsync(_cluster.B, id, "DataTransfer", payload);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync(Ct));
        var answer = await ReadJsonAsync(response);
        var logA = await _cluster.A.GetJsonAsync<JsonArray>($"/api/chargepoints/{id}/commands");
        var logB = await _cluster.B.GetJsonAsync<JsonArray>($"/api/chargepoints/{id}/commands");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(answer["status"]!.GetValue<string>(), Is.EqualTo("Accepted"));
            Assert.That(answer["data"]!.GetValue<string>(), Is.EqualTo("12.50"));
            Assert.That(seen.Select(c => c.Action), Is.EqualTo(new[] { "DataTransfer" }));
            Assert.That(JToken.DeepEquals(seen.Single().Payload, JObject.Parse(payload)), Is.True, seen.Single().Payload.ToString());
            Assert.That(logB.Select(c => c!["outcome"]!.GetValue<string>()), Is.EqualTo(new[] { "Answered" }));
            Assert.That(logA.ToJsonString(), Is.EqualTo(logB.ToJsonString()), "one command log, read from either instance");
        }
    }

    [Test]
    public async Task Command_ThroughB_ChargerConnectedNowhere_Is404AndNothingIsSent()
    {
        var id = NewChargerId();
        await using (var charger = await Chargers.BootAsync(_cluster.A, id, ct: Ct))
            await charger.CloseAsync(Ct);
        await WaitUntilHeldNowhereAsync(id);

        using var response = await PostCommandAsync(_cluster.B, id, "ClearCache", "{}");

        var log = await _cluster.A.GetJsonAsync<JsonArray>($"/api/chargepoints/{id}/commands");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), await response.Content.ReadAsStringAsync(Ct));
            Assert.That(log.Select(c => c!["outcome"]!.GetValue<string>()), Is.EqualTo(new[] { "NotConnected" }));
        }
    }

    [Test]
    public async Task Command_ThroughB_ChargerRefuses_Is502WithTheChargersErrorCode()
    {
        var id = NewChargerId();
        await using var charger = await Chargers.BootAsync(_cluster.A, id, ct: Ct);
        charger.ServerCallHandler = call => Task.FromResult<object>(SimCallError.Create(call.MessageId, "NotSupported", "no resets here"));

        using var response = await PostCommandAsync(_cluster.B, id, "Reset", """{"type":"Soft"}""");

        var problem = await ReadJsonAsync(response);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadGateway));
            Assert.That(problem["errorCode"]!.GetValue<string>(), Is.EqualTo("NotSupported"));
            Assert.That(problem["errorDescription"]!.GetValue<string>(), Is.EqualTo("no resets here"));
        }
    }

    [Test]
    public async Task Command_ThroughB_ChargerRefusesWithDetails_KeepsItsErrorDetails()
    {
        var id = NewChargerId();
        await using var charger = await Chargers.BootAsync(_cluster.A, id, ct: Ct);
        charger.ServerCallHandler = call => Task.FromResult<object>(new SimCallError(call.MessageId, "NotSupported", "no resets here",
            new JObject { ["reason"] = "service mode", ["retryAfterSeconds"] = 600, ["since"] = "2026-11-24T14:40:00Z" }));

        using var response = await PostCommandAsync(_cluster.B, id, "Reset", """{"type":"Soft"}""");

        var problem = await ReadJsonAsync(response);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadGateway));
            Assert.That(problem["errorDetails"]!.ToJsonString(), Is.EqualTo("""{"reason":"service mode","retryAfterSeconds":600,"since":"2026-11-24T14:40:00Z"}"""));
        }
    }

    [Test]
    public async Task Command_ThroughB_ChargerSilent_Is504AfterTheCallTimeout()
    {
        var id = NewChargerId();
        await using var charger = await Chargers.BootAsync(_cluster.A, id, ct: Ct);
        var never = new TaskCompletionSource<object>();
        charger.ServerCallHandler = _ => never.Task;

        using var response = await PostCommandAsync(_cluster.B, id, "UnlockConnector", """{"connectorId":1}""");

        var log = await _cluster.B.GetJsonAsync<JsonArray>($"/api/chargepoints/{id}/commands");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.GatewayTimeout), await response.Content.ReadAsStringAsync(Ct));
            Assert.That(log.Select(c => c!["outcome"]!.GetValue<string>()), Is.EqualTo(new[] { "Timeout" }));
        }
    }

    [Test]
    public async Task Commands_ThroughBothInstancesAtOnce_ReachTheChargerOneAtATime()
    {
        var id = NewChargerId();
        await using var charger = await Chargers.BootAsync(_cluster.A, id, ct: Ct);
        var outstanding = 0;
        var mostAtOnce = 0;
        var firstArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        charger.ServerCallHandler = async call =>
        {
            var now = Interlocked.Increment(ref outstanding);
            InterlockedMax(ref mostAtOnce, now);
            firstArrived.TrySetResult();
            await release.Task;
            Interlocked.Decrement(ref outstanding);
            return new JObject { ["status"] = "Accepted" };
        };

        var throughB = PostCommandAsync(_cluster.B, id, "ClearCache", "{}");
        await firstArrived.Task.WaitAsync(Ct);
        var throughA = PostCommandAsync(_cluster.A, id, "ClearCache", "{}");
        var throughBAgain = PostCommandAsync(_cluster.B, id, "ClearCache", "{}");
        // The second and third are queued behind the first: nothing reaches the charger while it holds the first.
        await WaitForPendingAsync(id, 3);
        release.SetResult();
        using var first = await throughB;
        using var second = await throughA;
        using var third = await throughBAgain;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(new[] { first.StatusCode, second.StatusCode, third.StatusCode }, Is.All.EqualTo(HttpStatusCode.OK));
            Assert.That(mostAtOnce, Is.EqualTo(1), "calls outstanding at the charger at once");
        }
    }

    [Test]
    public async Task Command_RoutedWithoutItsNotification_IsSentByTheHoldersSweep()
    {
        var id = NewChargerId();
        await using var charger = await Chargers.BootAsync(_cluster.A, id, ct: Ct);
        var seen = new ConcurrentQueue<string>();
        charger.ServerCallHandler = call =>
        {
            seen.Enqueue(call.Action);
            return Task.FromResult<object>(new JObject());
        };
        await using var connection = new Npgsql.NpgsqlConnection(_cluster.ConnectionString);
        await connection.OpenAsync(Ct);
        // As the caller's instance writes it, but the NOTIFY is lost.
        var commandId = await Dapper.SqlMapper.ExecuteScalarAsync<long>(connection,
            """
            INSERT INTO commands (charge_point_id, action, request, outcome, requested_at, payload, target_instance, caller_instance)
            VALUES (@id, 'ClearCache', '{}', 'Pending', 0, '{}', 'inst-a', 'inst-b') RETURNING id
            """, new { id });

        string outcome;
        while ((outcome = await Dapper.SqlMapper.ExecuteScalarAsync<string>(connection,
                   "SELECT outcome FROM commands WHERE id = @commandId", new { commandId }) ?? "") == "Pending")
            await Task.Delay(20, Ct);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcome, Is.EqualTo("Answered"));
            Assert.That(seen, Is.EqualTo(new[] { "ClearCache" }));
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while (value > (seen = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }

    /// <summary>Until the command log shows <paramref name="count"/> commands for the charger (a command is logged as it is asked for).</summary>
    private async Task WaitForPendingAsync(string id, int count)
    {
        while ((await _cluster.A.GetJsonAsync<JsonArray>($"/api/chargepoints/{id}/commands")).Count < count)
            await Task.Delay(20, Ct);
    }

    private async Task WaitUntilHeldNowhereAsync(string id)
    {
        await using var connection = new Npgsql.NpgsqlConnection(_cluster.ConnectionString);
        await connection.OpenAsync(Ct);
        while (await Dapper.SqlMapper.ExecuteScalarAsync<long>(connection,
                   "SELECT COUNT(*) FROM charger_connections WHERE charge_point_id = @id AND instance_id IS NOT NULL", new { id }) > 0)
            await Task.Delay(20, Ct);
    }
}

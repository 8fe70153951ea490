using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OcppCentral.Cluster;
using OcppCentral.Tests.TestSupport;

namespace OcppCentral.Tests.Cluster;

/// <summary>
/// docs/deployment.md, periodic work: of two instances on one database, one at a time runs the periodic work (here the
/// webhook deliveries, over real HTTP to a real receiver), and the other takes it over when that one dies.
/// </summary>
[CancelAfter(90_000), NonParallelizable]
public class PeriodicWorkTests
{
    private const string Secret = "receiver-shared-secret-0123456789";

    private static CancellationToken Ct => TestContext.CurrentContext.CancellationToken;

    [Test]
    public async Task WebhookEvents_RaisedThroughEitherInstance_AreEachDeliveredOnce()
    {
        await using var cluster = await TwoInstances.StartAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        var received = new ConcurrentDictionary<string, int>();
        var arrived = new ConcurrentDictionary<string, TaskCompletionSource>();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        TaskCompletionSource Arrival(string id) => arrived.GetOrAdd(id, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        // Every delivery is held until both events have arrived: the first one is still Pending when the second is raised.
        receiver.Respond = async (request, token) =>
        {
            var chargePointId = request.Data["chargePointId"]!.GetValue<string>();
            received.AddOrUpdate(chargePointId, 1, (_, n) => n + 1);
            Arrival(chargePointId).TrySetResult();
            await release.Task.WaitAsync(token);
            return 200;
        };
        await SubscribeAsync(cluster.A, receiver);

        await using var onA = await Chargers.BootAsync(cluster.A, "CP-JOBS-A", ct: Ct);
        await onA.CallAsync("StatusNotification", new { connectorId = 1, status = "Faulted", errorCode = "GroundFailure" }, Ct);
        await Arrival("CP-JOBS-A").Task.WaitAsync(Ct);
        await using var onB = await Chargers.BootAsync(cluster.B, "CP-JOBS-B", ct: Ct);
        await onB.CallAsync("StatusNotification", new { connectorId = 1, status = "Faulted", errorCode = "GroundFailure" }, Ct);
        await Arrival("CP-JOBS-B").Task.WaitAsync(Ct);
        release.SetResult();

        var deliveries = await DeliveredAsync(cluster.B, 2);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(received.OrderBy(r => r.Key).Select(r => (r.Key, r.Value)), Is.EqualTo(new[] { ("CP-JOBS-A", 1), ("CP-JOBS-B", 1) }),
                "requests per event");
            Assert.That(deliveries.Select(d => d!["attempts"]!.GetValue<int>()), Is.EqualTo(new[] { 1, 1 }));
        }
    }

    [Test, Platform(Exclude = "Win", Reason = "kills a process with SIGKILL")]
    public async Task Sigkill_OfTheInstanceRunningThePeriodicWork_TheOtherTakesItOver()
    {
        var database = TestDatabase.CreateMigrated(TestBackend.Postgres);
        try
        {
            await using var receiver = await WebhookReceiver.StartAsync();
            var a = await ServerProcess.StartAsync(database.Argument, Ct, ["--instance-id", "inst-a", .. TwoInstances.Timings]);
            await using var b = await TestServer.StartOnAsync(database, TimeProvider.System, ["--instance-id", "inst-b", .. TwoInstances.Timings]);
            var leadership = b.GetService<JobLeadership>();
            Assert.That(leadership.Leads, Is.False, "A started first and runs the periodic work");
            await SubscribeAsync(b, receiver);

            await using (a)
            {
                a.Kill();
                await a.WaitForExitAsync(Ct);
            }
            await using var charger = await Chargers.BootAsync(b, "CP-JOBS-TAKEOVER", ct: Ct);
            await charger.CallAsync("StatusNotification", new { connectorId = 1, status = "Faulted", errorCode = "GroundFailure" }, Ct);

            var delivered = await receiver.NextAsync(Ct);
            using (Assert.EnterMultipleScope())
            {
                Assert.That(delivered.Data["chargePointId"]!.GetValue<string>(), Is.EqualTo("CP-JOBS-TAKEOVER"));
                Assert.That(leadership.Leads, Is.True);
            }
        }
        finally
        {
            database.Drop();
        }
    }

    [Test]
    public async Task Leader_WhoseLockSessionIsEnded_StepsDownAtOnceAndTheOtherTakesOver()
    {
        var database = TestDatabase.CreateMigrated(TestBackend.Postgres);
        try
        {
            // A's heartbeat is three minutes: what it learns sooner, it learns by watching its lock's connection.
            await using var a = await TestServer.StartOnAsync(database, TimeProvider.System,
                ["--instance-id", "inst-a", "--Cluster:HeartbeatInterval", "00:03:00", "--Cluster:InstanceTimeout", "00:10:00"]);
            await using var b = await TestServer.StartOnAsync(database, TimeProvider.System,
                ["--instance-id", "inst-b", "--Cluster:HeartbeatInterval", "00:00:00.250", "--Cluster:InstanceTimeout", "00:10:00"]);
            var leadsA = a.GetService<JobLeadership>();
            var leadsB = b.GetService<JobLeadership>();
            Assert.That((leadsA.Leads, leadsB.Leads), Is.EqualTo((true, false)), "A started first");

            // As when the database is restarted, or an administrator ends the session: A's process and its other connections live on.
            await using (var connection = new Npgsql.NpgsqlConnection(database.Argument))
            {
                await connection.OpenAsync(Ct);
                Assert.That(await Dapper.SqlMapper.ExecuteScalarAsync<int>(connection,
                    """
                    SELECT COUNT(pg_terminate_backend(pid)) FROM pg_locks
                    WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
                    """), Is.EqualTo(1));
            }
            await leadsB.LeadingAsync(Ct);
            var deadline = DateTimeOffset.UtcNow.AddSeconds(20);
            while (leadsA.Leads && DateTimeOffset.UtcNow < deadline)
                await Task.Delay(20, Ct);

            Assert.That(leadsA.Leads, Is.False, "A stepped down long before its next heartbeat");
        }
        finally
        {
            database.Drop();
        }
    }

    private static async Task SubscribeAsync(TestServer server, WebhookReceiver receiver) =>
        (await server.Http.PutAsJsonAsync("/api/webhooks/receiver", new { url = receiver.Url, secret = Secret, eventTypes = new[] { "connector.faulted" } }, Ct))
        .EnsureSuccessStatusCode();

    /// <summary>The receiver's deliveries once <paramref name="count"/> of them are Delivered: the worker records each just after its answer.</summary>
    private static async Task<JsonArray> DeliveredAsync(TestServer server, int count)
    {
        while (true)
        {
            var items = (await server.GetJsonAsync<JsonObject>("/api/webhooks/receiver/deliveries"))["items"]!.AsArray();
            if (items.Count(d => d!["outcome"]!.GetValue<string>() == "Delivered") >= count)
                return items;
            await Task.Delay(20, Ct);
        }
    }
}

extern alias sim;
using System.Net.WebSockets;
using System.Text.Json.Nodes;
using Dapper;
using Npgsql;
using OcppCentral.Tests.TestSupport;

namespace OcppCentral.Tests.Cluster;

/// <summary>
/// docs/deployment.md, who holds a charger: a charger that reconnects to another instance in the middle of a session has
/// its old connection closed there as Replaced, and its session goes on as one, without a duplicate or a loss.
/// </summary>
[CancelAfter(60_000)]
public class ChargerMoveTests
{
    private static CancellationToken Ct => TestContext.CurrentContext.CancellationToken;

    [Test]
    public async Task Charger_MovingFromAToBMidSession_KeepsOneSessionWithEverySampleOnceAndClosesTheOldConnection()
    {
        await using var cluster = await TwoInstances.StartAsync();
        const string id = "CP-MOVER";
        await using var onA = await Chargers.BootAsync(cluster.A, id, ct: Ct);
        var started = await onA.CallAsync("StartTransaction",
            new { connectorId = 1, idTag = "DRIVER1", meterStart = 1000, timestamp = "2026-11-24T10:00:00Z" }, Ct);
        var transactionId = started["transactionId"]!.ToObject<long>();
        await MeterValuesAsync(onA, transactionId, "2026-11-24T10:10:00Z", 2000);
        await MeterValuesAsync(onA, transactionId, "2026-11-24T10:20:00Z", 3000);

        // The link to A looks dead to the charger: it reconnects, and the load balancer sends it to B.
        await using var onB = await Chargers.ConnectAsync(cluster.B.WebSocketUri, id, ct: Ct);
        await onA.Completion.WaitAsync(Ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        // What it is not sure A stored, it sends again; then the session goes on and ends on B.
        await MeterValuesAsync(onB, transactionId, "2026-11-24T10:20:00Z", 3000);
        await MeterValuesAsync(onB, transactionId, "2026-11-24T10:30:00Z", 4000);
        await onB.CallAsync("StopTransaction", new { transactionId, meterStop = 5000, timestamp = "2026-11-24T10:40:00Z" }, Ct);

        var sessions = await cluster.A.GetJsonAsync<JsonArray>($"/api/sessions?chargePointId={id}");
        var samples = await cluster.B.GetJsonAsync<JsonArray>($"/api/sessions/{transactionId}/meter-values");
        var replaced = await DisconnectionsAsync(cluster.A, id);
        var holder = await HolderAsync(cluster.ConnectionString, id);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(onA.CloseStatus, Is.EqualTo(WebSocketCloseStatus.PolicyViolation), "A closed the old connection as replaced");
            Assert.That(sessions.Select(s => s!["transactionId"]!.GetValue<long>()), Is.EqualTo(new[] { transactionId }), "one session");
            Assert.That(sessions.Single()!["status"]!.GetValue<string>(), Is.EqualTo("Completed"));
            Assert.That(samples.Select(s => s!["timestamp"]!.GetValue<string>()),
                Is.EqualTo(new[] { "2026-11-24T10:10:00.000Z", "2026-11-24T10:20:00.000Z", "2026-11-24T10:30:00.000Z" }),
                "every sample once, the resent one not twice");
            Assert.That(replaced.Select(e => e!["reason"]!.GetValue<string>()), Is.EqualTo(new[] { "Replaced" }));
            Assert.That(holder, Is.EqualTo(("inst-b", 2L)), "held by B, at the second connection's epoch");
        }
    }

    [Test]
    public async Task Connection_ClaimedElsewhereWithoutANotification_IsClosedByTheSweep()
    {
        await using var cluster = await TwoInstances.StartAsync();
        await using var onA = await Chargers.BootAsync(cluster.A, "CP-SWEPT", ct: Ct);
        await using (var connection = new NpgsqlConnection(cluster.ConnectionString))
        {
            // As B's claim writes it, but the NOTIFY is lost.
            await connection.ExecuteAsync(
                "UPDATE charger_connections SET instance_id = 'inst-b', epoch = epoch + 1 WHERE charge_point_id = 'CP-SWEPT'");
        }

        await onA.Completion.WaitAsync(Ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

        Assert.That(onA.CloseStatus, Is.EqualTo(WebSocketCloseStatus.PolicyViolation));
    }

    /// <summary>The charger's Disconnected events, once there is one (A stores it as the old connection departs, beside the test).</summary>
    private static async Task<List<JsonNode?>> DisconnectionsAsync(TestServer server, string id)
    {
        while (true)
        {
            var events = await server.GetJsonAsync<JsonObject>($"/api/chargepoints/{id}/events");
            var disconnections = events["items"]!.AsArray().Where(e => e!["kind"]!.GetValue<string>() == "Disconnected").ToList();
            if (disconnections.Count > 0)
                return disconnections;
            await Task.Delay(20, Ct);
        }
    }

    private static Task MeterValuesAsync(sim::ChargeMonitor.Simulator.Client.OcppClient charger, long transactionId, string at, long wh) =>
        charger.CallAsync("MeterValues", new
        {
            connectorId = 1, transactionId,
            meterValue = new[] { new { timestamp = at, sampledValue = new[] { new { value = wh.ToString(System.Globalization.CultureInfo.InvariantCulture) } } } },
        }, Ct);

    private static async Task<(string?, long)> HolderAsync(string connectionString, string id)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        return await connection.QuerySingleAsync<(string?, long)>(
            "SELECT instance_id, epoch FROM charger_connections WHERE charge_point_id = @id", new { id });
    }
}

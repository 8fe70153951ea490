using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json.Nodes;
using Dapper;
using Npgsql;
using OcppCentral.Tests.Health;
using OcppCentral.Tests.TestSupport;

namespace OcppCentral.Tests.Cluster;

/// <summary>
/// docs/deployment.md, a charger changed through any instance when the notification is lost: both instances' listening
/// connections are ended, and while they wait a heartbeat (3 s here) to listen again the change is made through B; A still
/// applies it, from the sweep it runs once it listens again.
/// </summary>
[CancelAfter(90_000), NonParallelizable]
public class ChargerChangeSweepTests
{
    private static CancellationToken Ct => TestContext.CurrentContext.CancellationToken;

    [Test]
    public async Task Delete_ThroughB_WhileNobodyListens_StillClosesTheConnectionOnAAsDeleted()
    {
        await using var cluster = await TwoInstances.StartAsync("--Cluster:HeartbeatInterval", "00:00:03");
        (await cluster.A.Http.PutAsJsonAsync("/api/chargepoints/CP-DELETED-UNHEARD", new { name = "Gone soon" }, Ct)).EnsureSuccessStatusCode();
        await using var charger = await Chargers.BootAsync(cluster.A, "CP-DELETED-UNHEARD", ct: Ct);

        await EndListenersAsync(cluster.ConnectionString);
        using var deleted = await cluster.B.Http.DeleteAsync("/api/chargepoints/CP-DELETED-UNHEARD", Ct);
        await AssumeNobodyListensAsync(cluster.ConnectionString);
        var closed = await Task.WhenAny(charger.Completion, Task.Delay(TimeSpan.FromSeconds(30), Ct)) == charger.Completion;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(deleted.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
            Assert.That(closed, Is.True, "the connection on A closed");
            Assert.That(charger.CloseStatus, Is.EqualTo(WebSocketCloseStatus.PolicyViolation));
        }
    }

    [Test]
    public async Task MessageLog_SwitchedOnThroughB_WhileNobodyListens_StillLogsTheFramesOnA()
    {
        await using var cluster = await TwoInstances.StartAsync("--Cluster:HeartbeatInterval", "00:00:03");
        await using var charger = await Chargers.BootAsync(cluster.A, "CP-LOGGED-UNHEARD", ct: Ct);

        await EndListenersAsync(cluster.ConnectionString);
        (await cluster.B.Http.PutAsJsonAsync("/api/chargepoints/CP-LOGGED-UNHEARD", new { messageLog = true }, Ct)).EnsureSuccessStatusCode();
        await AssumeNobodyListensAsync(cluster.ConnectionString);

        // A applies the change at its sweep; the charger goes on sending until its frames show in the log, or long after that sweep.
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        List<string> logged;
        while (true)
        {
            await charger.CallAsync("Heartbeat", new { }, Ct);
            logged = (await cluster.B.GetJsonAsync<JsonObject>("/api/chargepoints/CP-LOGGED-UNHEARD/messages"))["items"]!.AsArray()
                .Select(m => MessageLogTests.Describe(m!.AsObject())).ToList();
            // An incoming frame among them: the sweep may land between a call and its answer, and log only the answer.
            if (logged.Contains("In Call Heartbeat") || DateTimeOffset.UtcNow > deadline)
                break;
            await Task.Delay(50, Ct);
        }

        Assert.That(logged, Does.Contain("In Call Heartbeat"));
    }

    private const string Listeners =
        "FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN %' AND pid <> pg_backend_pid()";

    /// <summary>
    /// Once both instances listen (each begins as it starts), ends the sessions they listen on, and waits until they are gone
    /// (each instance listens again after a heartbeat).
    /// </summary>
    private static async Task EndListenersAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(Ct);
        while (await connection.ExecuteScalarAsync<int>($"SELECT COUNT(*) {Listeners} AND state = 'idle'") < 2)
            await Task.Delay(20, Ct);
        Assert.That(await connection.ExecuteScalarAsync<int>($"SELECT COUNT(pg_terminate_backend(pid)) {Listeners}"), Is.EqualTo(2));
        while (await connection.ExecuteScalarAsync<int>($"SELECT COUNT(*) {Listeners}") > 0)
            await Task.Delay(20, Ct);
    }

    /// <summary>The change was committed while no instance listened: its notification went to nobody (else the test proves nothing).</summary>
    private static async Task AssumeNobodyListensAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(Ct);
        Assume.That(await connection.ExecuteScalarAsync<int>($"SELECT COUNT(*) {Listeners}"), Is.Zero, "an instance listened again before the change");
    }
}

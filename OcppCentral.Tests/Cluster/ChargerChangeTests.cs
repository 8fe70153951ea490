using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json.Nodes;
using OcppCentral.Tests.Health;
using OcppCentral.Tests.TestSupport;

namespace OcppCentral.Tests.Cluster;

/// <summary>
/// docs/deployment.md, a charger changed through any instance: removing a charger connected to instance A through instance
/// B closes its connection on A, and its message log switched on through B applies to its live connection on A.
/// </summary>
[CancelAfter(60_000)]
public class ChargerChangeTests
{
    private TwoInstances _cluster = null!;

    private static CancellationToken Ct => TestContext.CurrentContext.CancellationToken;

    [OneTimeSetUp]
    public async Task StartInstances() => _cluster = await TwoInstances.StartAsync();

    [OneTimeTearDown]
    public async Task StopInstances()
    {
        if (_cluster is not null)
            await _cluster.DisposeAsync();
    }

    [Test]
    public async Task Delete_ThroughB_OfAChargerConnectedToA_ClosesItsConnectionAsDeleted()
    {
        (await _cluster.A.Http.PutAsJsonAsync("/api/chargepoints/CP-DELETED-ON-A", new { name = "Gone soon" }, Ct)).EnsureSuccessStatusCode();
        await using var charger = await Chargers.BootAsync(_cluster.A, "CP-DELETED-ON-A", ct: Ct);

        using var deleted = await _cluster.B.Http.DeleteAsync("/api/chargepoints/CP-DELETED-ON-A", Ct);
        await charger.Completion.WaitAsync(Ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

        var reasons = await DisconnectionReasonsAsync(_cluster.A, "CP-DELETED-ON-A");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(deleted.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
            Assert.That(charger.CloseStatus, Is.EqualTo(WebSocketCloseStatus.PolicyViolation));
            Assert.That(reasons, Is.EqualTo(new[] { "Deleted" }));
        }
    }

    [Test]
    public async Task MessageLog_SwitchedOnThroughB_LogsTheFramesOfAChargerConnectedToA()
    {
        await using var charger = await Chargers.BootAsync(_cluster.A, "CP-LOGGED-ON-A", ct: Ct);
        (await _cluster.B.Http.PutAsJsonAsync("/api/chargepoints/CP-LOGGED-ON-A", new { messageLog = true }, Ct)).EnsureSuccessStatusCode();

        // A applies the change once the notification reaches it; the charger goes on sending until its frames show in the log
        // (an incoming one among them: the switch may land between a call and its answer, and log only the answer).
        List<string> logged;
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        do
        {
            await charger.CallAsync("Heartbeat", new { }, Ct);
            logged = (await _cluster.B.GetJsonAsync<JsonObject>("/api/chargepoints/CP-LOGGED-ON-A/messages"))["items"]!.AsArray()
                .Select(m => MessageLogTests.Describe(m!.AsObject())).ToList();
        }
        while (!logged.Contains("In Call Heartbeat") && DateTimeOffset.UtcNow < deadline);

        Assert.That(logged, Does.Contain("In Call Heartbeat"));
    }

    /// <summary>The charger's Disconnected reasons, once there is one (A stores it as the connection departs, beside the test).</summary>
    private static async Task<List<string>> DisconnectionReasonsAsync(TestServer server, string id)
    {
        while (true)
        {
            var events = await server.GetJsonAsync<JsonObject>($"/api/chargepoints/{id}/events");
            var reasons = events["items"]!.AsArray().Where(e => e!["kind"]!.GetValue<string>() == "Disconnected")
                .Select(e => e!["reason"]!.GetValue<string>()).ToList();
            if (reasons.Count > 0)
                return reasons;
            await Task.Delay(20, Ct);
        }
    }
}

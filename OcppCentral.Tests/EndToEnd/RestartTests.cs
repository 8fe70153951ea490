extern alias sim;
using System.Text.Json.Nodes;
using OcppCentral.Tests.TestSupport;

namespace OcppCentral.Tests.EndToEnd;

/// <summary>Everything acknowledged survives a restart of the server on the same database.</summary>
[CancelAfter(60_000)]
[TestFixture(TestBackend.Sqlite)]
[TestFixture(TestBackend.Postgres)]
public class RestartTests(TestBackend backend)
{
    [Test]
    public async Task Restart_OnSameDatabase_LosesNothing()
    {
        await using var server = await TestServer.StartAsync(backend, TimeProvider.System);
        var completedId = await SessionLifecycleTests.RunWorkedExampleAsync(server, "CP-RESTART");
        long activeId;
        await using (var charger = await Chargers.BootAsync(server, "CP-RESTART-2"))
        {
            activeId = (await charger.CallAsync("StartTransaction", new { connectorId = 2, idTag = "T", meterStart = 0, timestamp = "2026-11-24T10:00:00Z" }))["transactionId"]!.ToObject<long>();
            await charger.CallAsync("MeterValues", new
            {
                connectorId = 2, transactionId = activeId,
                meterValue = new[] { new { timestamp = "2026-11-24T10:10:00Z", sampledValue = new[] { new { value = "1.5", unit = "kWh" } } } },
            });
        }
        var completedBefore = (await server.GetJsonAsync<JsonObject>($"/api/sessions/{completedId}")).ToJsonString();

        await server.RestartAsync();

        var completedAfter = (await server.GetJsonAsync<JsonObject>($"/api/sessions/{completedId}")).ToJsonString();
        var active = await server.GetJsonAsync<JsonObject>($"/api/sessions/{activeId}");
        var values = await server.GetJsonAsync<JsonArray>($"/api/sessions/{activeId}/meter-values");
        await using var again = await Chargers.BootAsync(server, "CP-RESTART-3");
        var nextId = (await again.CallAsync("StartTransaction", new { connectorId = 1, idTag = "T", meterStart = 0, timestamp = "2026-11-24T12:00:00Z" }))["transactionId"]!.ToObject<long>();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(completedAfter, Is.EqualTo(completedBefore));
            Assert.That(active["status"]!.GetValue<string>(), Is.EqualTo("Active"));
            Assert.That(values.Single()!["normalizedValue"]!.GetValue<decimal>(), Is.EqualTo(1500m));
            Assert.That(nextId, Is.GreaterThan(activeId), "transactionIds are never reused");
        }
    }
}

using System.Text.Json.Nodes;
using OcppCentral.Tests.TestSupport;

namespace OcppCentral.Tests.Cluster;

/// <summary>
/// docs/deployment.md, lastSeen across instances: a charger connected to instance A shows, through instance B, the lastSeen
/// A saw, within a few of A's heartbeats (250 ms here), though it sends no Heartbeat and does not leave.
/// </summary>
[CancelAfter(60_000), NonParallelizable]
public class LastSeenTests
{
    private static CancellationToken Ct => TestContext.CurrentContext.CancellationToken;

    [Test]
    public async Task LastSeen_OfAChargerOnA_ReadThroughB_IsWhatASawWithinItsHeartbeats()
    {
        await using var cluster = await TwoInstances.StartAsync();
        await using var charger = await Chargers.BootAsync(cluster.A, "CP-SEEN-ON-A", ct: Ct);
        var stored = await LastSeenAsync(cluster.B, "CP-SEEN-ON-A");

        // Messages that store nothing about the charger itself, until A has seen one later than what is stored.
        DateTimeOffset seenByA;
        do
        {
            await charger.CallAsync("DataTransfer", new { vendorId = "com.example" }, Ct);
            seenByA = await LastSeenAsync(cluster.A, "CP-SEEN-ON-A");
        }
        while (seenByA <= stored);

        var deadline = DateTimeOffset.UtcNow.AddSeconds(15);
        DateTimeOffset seenByB;
        while ((seenByB = await LastSeenAsync(cluster.B, "CP-SEEN-ON-A")) < seenByA && DateTimeOffset.UtcNow < deadline)
            await Task.Delay(20, Ct);

        Assert.That(seenByB, Is.EqualTo(seenByA), "B reads what A stored at a heartbeat");
    }

    private static async Task<DateTimeOffset> LastSeenAsync(TestServer server, string id) =>
        (await server.GetJsonAsync<JsonObject>($"/api/chargepoints/{id}"))["lastSeen"]!.GetValue<DateTimeOffset>();
}

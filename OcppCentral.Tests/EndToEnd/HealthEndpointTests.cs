using System.Net;
using OcppCentral.Storage;
using OcppCentral.Tests.TestSupport;

namespace OcppCentral.Tests.EndToEnd;

/// <summary>
/// Readiness follows the storage writer: after a failed commit (as on a full disk) the next readiness request sees
/// whether the writer commits again, so an idle server recovers; a writer that has stopped keeps it unready
/// (docs/operations.md, Health). Deleted and unwritable databases: DatabaseFaultTests.
/// </summary>
[CancelAfter(30_000)]
public class HealthEndpointTests
{
    private static async Task<(HttpStatusCode Health, HttpStatusCode Live, HttpStatusCode Ready, string ReadyBody)> ProbeAsync(TestServer server)
    {
        using var health = await server.Http.GetAsync("/health");
        using var live = await server.Http.GetAsync("/health/live");
        using var ready = await server.Http.GetAsync("/health/ready");
        return (health.StatusCode, live.StatusCode, ready.StatusCode, await ready.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task AfterAFailedCommit_ReadinessProbesTheWriter_AndIsReadyOnceItCommits()
    {
        await using var server = await TestServer.StartAsync("--admin-key", "probe-key");
        var guard = server.GetService<Database>().Guard;

        guard.ReportCommit(new IOException("database or disk is full"));
        var probed = await ProbeAsync(server);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(probed, Is.EqualTo((HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, "Healthy")), "no key is needed");
            Assert.That(guard.CommitFailure, Is.Null, "the probe write committed");
        }
    }

    [Test]
    public async Task WriterStopped_IsNotReady_ButLive()
    {
        await using var server = await TestServer.StartAsync();
        var writer = server.GetService<StorageWriter>();
        var guard = server.GetService<Database>().Guard;

        await writer.DisposeAsync();
        guard.ReportCommit(new ObjectDisposedException(nameof(StorageWriter)));
        var probed = await ProbeAsync(server);

        Assert.That(probed, Is.EqualTo((HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK, HttpStatusCode.ServiceUnavailable, "Unhealthy")));
    }
}

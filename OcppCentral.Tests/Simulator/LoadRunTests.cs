extern alias sim;

using System.Text.Json.Nodes;
using OcppCentral.Tests.TestSupport;
using sim::ChargeMonitor.Simulator.Load;

namespace OcppCentral.Tests.Simulator;

/// <summary>
/// Short load runs against the real server: which acknowledged MeterValues the warm-up leaves out of the figures.
/// Only counts are asserted, never speed.
/// </summary>
[CancelAfter(60_000)]
[Parallelizable(ParallelScope.Children)]
public class LoadRunTests
{
    private TestServer _server = null!;

    [OneTimeSetUp]
    public async Task StartServer() => _server = await TestServer.StartAsync();

    [OneTimeTearDown]
    public async Task StopServer() => await _server.DisposeAsync();

    private LoadOptions Options(string idPrefix, TimeSpan warmup, TimeSpan duration) => new()
    {
        Endpoint = _server.WebSocketUri,
        Chargers = 3,
        IdPrefix = idPrefix,
        Warmup = warmup,
        Duration = duration,
    };

    private static void AssertNoErrors(LoadReport report)
    {
        Assert.That((report.ChargersConnected, report.ConnectErrors, report.CallErrors, report.Timeouts, report.Disconnects),
            Is.EqualTo((3L, 0L, 0L, 0L, 0L)), "connected and errors");
    }

    [Test]
    public async Task Warmup_ItsCallsAreAcknowledgedButNotCounted(CancellationToken ct)
    {
        var report = await LoadTest.RunAsync(Options("LOADW-", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)), SimSchemas.Validator,
            null, null, ct);

        AssertNoErrors(report);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(report.Warmup, Is.EqualTo(TimeSpan.FromSeconds(1)));
            Assert.That(report.Acknowledged, Is.GreaterThan(0));
            Assert.That(report.Acknowledged, Is.LessThan(report.TotalAcknowledged));
            Assert.That(report.WarmupAcknowledged, Is.EqualTo(report.TotalAcknowledged - report.Acknowledged));
            Assert.That(report.Latency.Count, Is.EqualTo(report.Acknowledged), "a latency for each counted call, none for the warm-up");
            Assert.That(report.Measured, Is.GreaterThan(TimeSpan.Zero));
        }
    }

    [Test]
    public async Task NoWarmup_EveryAcknowledgedCallCounts(CancellationToken ct)
    {
        var report = await LoadTest.RunAsync(Options("LOAD0-", TimeSpan.Zero, TimeSpan.FromSeconds(1)), SimSchemas.Validator, null, null, ct);

        AssertNoErrors(report);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(report.Warmup, Is.EqualTo(TimeSpan.Zero));
            Assert.That(report.Acknowledged, Is.GreaterThan(0));
            Assert.That(report.TotalAcknowledged, Is.EqualTo(report.Acknowledged));
            Assert.That(report.WarmupAcknowledged, Is.Zero);
            Assert.That(report.Latency.Count, Is.EqualTo(report.Acknowledged));
        }
    }

    [Test]
    public async Task DisplayReadAfterBoot_IsAnsweredByEveryLoadCharger_AsUnknownKeys(CancellationToken ct)
    {
        var report = await LoadTest.RunAsync(Options("LOADG-", TimeSpan.Zero, TimeSpan.FromSeconds(1)), SimSchemas.Validator, null, null, ct);

        AssertNoErrors(report);
        Assert.That(report.ServerCallsAnswered, Is.EqualTo(3), "one GetConfiguration per booted charger, answered");
        // The server recorded each answer as a read of a charger without a cost display, not as a refusal or a timeout.
        foreach (var id in new[] { "LOADG-0001", "LOADG-0002", "LOADG-0003" })
        {
            var display = (await _server.GetJsonAsync<JsonObject>($"/api/chargepoints/{id}"))["display"]!;
            using (Assert.EnterMultipleScope())
            {
                Assert.That(display["readAt"]?.GetValue<string>(), Is.Not.Null, id);
                Assert.That(display["active"]!.GetValue<bool>(), Is.False, id);
            }
        }
    }

    [Test]
    public async Task CancelledDuringWarmup_MeasuresNothing(CancellationToken ct)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var phases = new List<string>();
        var options = Options("LOADC-", TimeSpan.FromSeconds(50), TimeSpan.FromSeconds(50)) with { ProgressInterval = TimeSpan.FromMilliseconds(50) };

        // Cancelled as soon as a progress line shows acknowledged calls in the warm-up: nothing may be measured.
        var report = await LoadTest.RunAsync(options, SimSchemas.Validator, p =>
        {
            lock (phases)
                phases.Add(p.Phase);
            if (p is { Phase: "warming up", Acknowledged: > 0 })
                stop.Cancel();
        }, null, stop.Token);

        AssertNoErrors(report);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(phases, Does.Contain("warming up").And.Not.Contain("measuring"));
            Assert.That(report.TotalAcknowledged, Is.GreaterThan(0));
            Assert.That((report.Acknowledged, report.Measured, report.Latency.Count), Is.EqualTo((0L, TimeSpan.Zero, 0)));
        }
    }
}

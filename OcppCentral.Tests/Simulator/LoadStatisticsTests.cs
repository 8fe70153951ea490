extern alias sim;

using sim::ChargeMonitor.Simulator.Cli;
using sim::ChargeMonitor.Simulator.Load;

namespace OcppCentral.Tests.Simulator;

public class LoadStatisticsTests
{
    [Test]
    public void From_OneToHundredMilliseconds_NearestRankPercentiles()
    {
        var latencies = Enumerable.Range(1, 100).Reverse().Select(ms => TimeSpan.FromMilliseconds(ms));

        var summary = LatencySummary.From(latencies);

        Assert.That((summary.Count, summary.P50, summary.P90, summary.P99, summary.Max, summary.Mean), Is.EqualTo((100,
            TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(90), TimeSpan.FromMilliseconds(99), TimeSpan.FromMilliseconds(100),
            TimeSpan.FromMilliseconds(50.5))));
    }

    [Test]
    public void From_OneValue_IsEveryPercentile()
    {
        var summary = LatencySummary.From([TimeSpan.FromMilliseconds(7)]);

        Assert.That(new[] { summary.P50, summary.P90, summary.P99, summary.Max }, Is.All.EqualTo(TimeSpan.FromMilliseconds(7)));
    }

    [Test]
    public void From_Nothing_IsEmpty()
    {
        Assert.That(LatencySummary.From([]), Is.EqualTo(LatencySummary.Empty));
    }

    [Test]
    public void Percentile_TenValues_P99IsTheLargest()
    {
        var sorted = Enumerable.Range(1, 10).Select(ms => TimeSpan.FromMilliseconds(ms)).ToList();

        Assert.That(LatencySummary.Percentile(sorted, 99), Is.EqualTo(TimeSpan.FromMilliseconds(10)));
    }

    [TestCase(0, 100, 0)]
    [TestCase(1, 100, 10)]
    [TestCase(250, 100, 2500)]
    [TestCase(3, 0.5, 6000)]
    public void DueOffset_SpreadsSlotsEvenly(long slot, double rate, double expectedMs)
    {
        Assert.That(RatePacer.DueOffset(slot, rate), Is.EqualTo(TimeSpan.FromMilliseconds(expectedMs)));
    }

    [Test]
    public void CallsPerSecond_IsAcknowledgedOverMeasuredTime()
    {
        var report = new LoadReport(10, 10, 0, TimeSpan.FromSeconds(1), 5000, 0, 0, 0, TimeSpan.FromSeconds(4), LatencySummary.Empty,
            TimeSpan.FromSeconds(5), 6000);

        Assert.That((report.CallsPerSecond, report.WarmupAcknowledged), Is.EqualTo((1250.0, 1000L)));
    }

    [Test]
    public void Format_AfterAWarmup_SaysWhatWasLeftOut()
    {
        var report = new LoadReport(10, 10, 0, TimeSpan.FromSeconds(1), 5000, 2, 0, 0, TimeSpan.FromSeconds(4), LatencySummary.Empty,
            TimeSpan.FromSeconds(5), 6000);

        var lines = LoadConsole.Format(report).Split(Environment.NewLine);

        Assert.That(lines, Does.Contain("  MeterValues acked    5000 in 4.0 s = 1250.0/s (after a 5.0 s warm-up with 1000 acked, not counted)")
            .And.Contain("  errors               CALLERROR 2, timeouts 0, dropped connections 0 (whole run, warm-up included)"));
    }

    [Test]
    public void Format_WithoutWarmup_KeepsTheLinesAsTheyWere()
    {
        var report = new LoadReport(10, 10, 0, TimeSpan.FromSeconds(1), 5000, 0, 0, 0, TimeSpan.FromSeconds(4), LatencySummary.Empty,
            TimeSpan.Zero, 5000);

        var lines = LoadConsole.Format(report).Split(Environment.NewLine);

        Assert.That(lines, Does.Contain("  MeterValues acked    5000 in 4.0 s = 1250.0/s")
            .And.Contain("  errors               CALLERROR 0, timeouts 0, dropped connections 0"));
    }

    [Test]
    public void Validate_NegativeWarmup_Throws()
    {
        var options = new LoadOptions { Endpoint = new Uri("ws://localhost:8180/ocpp"), Warmup = TimeSpan.FromSeconds(-1) };

        Assert.That(options.Validate, Throws.ArgumentException);
    }

    [Test]
    public void Validate_ZeroWarmup_IsAllowed()
    {
        var options = new LoadOptions { Endpoint = new Uri("ws://localhost:8180/ocpp"), Warmup = TimeSpan.Zero };

        Assert.That(options.Validate, Throws.Nothing);
    }
}

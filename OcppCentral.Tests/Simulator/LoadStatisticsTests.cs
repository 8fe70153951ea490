extern alias sim;

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

        Assert.That(report.CallsPerSecond, Is.EqualTo(1250));
    }
}

using OcppCentral.Transport;

namespace OcppCentral.Tests.Transport;

public class BadFrameWindowTests
{
    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private static readonly DateTimeOffset Noon = new(2026, 3, 2, 12, 0, 0, TimeSpan.Zero);

    [Test]
    public void Add_UpToTheLimitWithinAMinute_StaysWithinIt()
    {
        var window = new BadFrameWindow(maxPerMinute: 20, new ManualClock(Noon));

        var over = Enumerable.Range(0, 20).Select(_ => window.Add()).ToList();

        Assert.That(over, Has.All.False);
    }

    [Test]
    public void Add_OneAboveTheLimitWithinAMinute_IsOverIt()
    {
        var clock = new ManualClock(Noon);
        var window = new BadFrameWindow(maxPerMinute: 20, clock);
        for (var i = 0; i < 20; i++)
        {
            window.Add();
            clock.Now += TimeSpan.FromSeconds(2);
        }

        Assert.That(window.Add(), Is.True);
    }

    [Test]
    public void Add_FramesAMinuteOld_NoLongerCount()
    {
        var clock = new ManualClock(Noon);
        var window = new BadFrameWindow(maxPerMinute: 20, clock);
        for (var i = 0; i < 20; i++)
            window.Add();

        clock.Now += TimeSpan.FromMinutes(1);

        Assert.That(window.Add(), Is.False);
    }

    [Test]
    public void Add_TwentyEveryMinuteForAnHour_NeverReachesAGenerousLimit()
    {
        var clock = new ManualClock(Noon);
        var window = new BadFrameWindow(maxPerMinute: 120, clock);
        var over = new List<bool>();
        for (var i = 0; i < 20 * 60; i++)
        {
            over.Add(window.Add());
            clock.Now += TimeSpan.FromSeconds(3);
        }

        Assert.That(over, Has.All.False);
    }

    [Test]
    public void Add_LimitZero_FirstBadFrameIsOver()
    {
        Assert.That(new BadFrameWindow(maxPerMinute: 0, new ManualClock(Noon)).Add(), Is.True);
    }
}

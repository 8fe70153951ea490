using OcppCentral.Transport;

namespace OcppCentral.Tests.Transport;

public class LogThrottleTests
{
    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private static readonly DateTimeOffset Noon = new(2026, 3, 2, 12, 0, 0, TimeSpan.Zero);

    [Test]
    public void TryPass_First_PassesWithNoneHeldBack()
    {
        var throttle = new LogThrottle(TimeSpan.FromMinutes(1), new ManualClock(Noon));

        Assert.That((throttle.TryPass(out var heldBack), heldBack), Is.EqualTo((true, 0)));
    }

    [Test]
    public void TryPass_FloodWithinTheInterval_PassesOnlyTheFirst()
    {
        var clock = new ManualClock(Noon);
        var throttle = new LogThrottle(TimeSpan.FromMinutes(1), clock);

        var passed = Enumerable.Range(0, 500).Count(_ =>
        {
            clock.Now += TimeSpan.FromMilliseconds(100);
            return throttle.TryPass(out _);
        });

        Assert.That(passed, Is.EqualTo(1));
    }

    [Test]
    public void TryPass_AfterTheInterval_PassesAndCountsThoseHeldBack()
    {
        var clock = new ManualClock(Noon);
        var throttle = new LogThrottle(TimeSpan.FromMinutes(1), clock);
        throttle.TryPass(out _);
        for (var i = 0; i < 7; i++)
            throttle.TryPass(out _);

        clock.Now += TimeSpan.FromMinutes(1);

        Assert.That((throttle.TryPass(out var heldBack), heldBack), Is.EqualTo((true, 7)));
    }
}

using OcppCentral.Webhooks;

namespace OcppCentral.Tests.Webhooks;

/// <summary>The retry schedule of docs/webhooks.md: doubling from 10 s, at most an hour apart, for a day after the event.</summary>
public class RetryScheduleTests
{
    private static readonly DateTimeOffset Event = new(2026, 12, 3, 8, 0, 0, TimeSpan.Zero);

    [TestCase(1, 10)]
    [TestCase(2, 20)]
    [TestCase(3, 40)]
    [TestCase(9, 2560)]
    [TestCase(10, 3600)]
    [TestCase(40, 3600)]
    [TestCase(int.MaxValue, 3600)]
    public void Delay_DoublesFrom10Seconds_UpToAnHour(int failedAttempts, int seconds) =>
        Assert.That(RetrySchedule.Delay(failedAttempts), Is.EqualTo(TimeSpan.FromSeconds(seconds)));

    [Test]
    public void Next_WithinADayOfTheEvent_IsNowPlusTheDelay() =>
        Assert.That(RetrySchedule.Next(3, Event, Event.AddHours(5)), Is.EqualTo(Event.AddHours(5).AddSeconds(40)));

    [Test]
    public void Next_PastADayAfterTheEvent_IsNone() =>
        Assert.That(RetrySchedule.Next(30, Event, Event.AddHours(23).AddMinutes(30)), Is.Null);

    [Test]
    public void Schedule_FromTheFirstFailureOn_Makes32AttemptsInADay()
    {
        var attempts = 1;
        var at = Event;
        while (RetrySchedule.Next(attempts, Event, at) is { } next)
        {
            at = next;
            attempts++;
        }
        // 10 attempts in the first 5,110 s (10 s × (2^9 − 1)), then one an hour while the day lasts: 22 more.
        Assert.That((attempts, at), Is.EqualTo((32, Event.AddSeconds(5110 + 22 * 3600))));
    }
}
